import { CFN_LIMITS, CfnTypeName } from "./cfnLimits.generated";

/**
 * What AWS cannot update in place, per CloudFormation type: the schema's createOnlyProperties
 * (cfnLimits.generated.ts) plus what AWS's own behaviour adds where the schema is silent. A
 * change to any of them must replace the resource; planned as an update, `pulumi up` fails
 * half-way (I12). Sources in docs/aws-facts.md "Lifecycle".
 */
export const DOCUMENTED_REPLACEMENTS: Partial<Record<CfnTypeName, readonly { property: string; why: string }[]>> = {
    "AWS::BedrockAgentCore::Gateway": [
        // aws-cloudformation/cloudformation-coverage-roadmap#2578: the schema lists AuthorizerType as
        // mutable, the service answers "Authorizer type cannot be updated for an existing gateway".
        { property: "authorizerType", why: "AgentCore refuses to change a gateway's authorizer type" },
        // aws/aws-cli#10346: supportedVersions can shrink but never grow again, via the API or CloudFormation.
        { property: "protocolConfiguration.mcp.supportedVersions", why: "AgentCore lets the MCP versions shrink but not grow" },
    ],
};

/**
 * Types whose replacement keeps a name that must stay unique, so the old resource has to go
 * first: IAM role and policy names are unique within the account (IAM CreateRole reference);
 * gateway names per account and Region (assumed: README "Lifecycle").
 */
const NAME_MUST_STAY_UNIQUE: ReadonlySet<CfnTypeName> = new Set<CfnTypeName>(["AWS::BedrockAgentCore::Gateway", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy"]);

export interface LifecycleOptions {
    replaceOnChanges: string[];
    deleteBeforeReplace?: boolean;
}

/** The resource options that turn a failing in-place update into a replacement. */
export function lifecycleOptions(type: CfnTypeName): LifecycleOptions {
    const replaceOnChanges = [...CFN_LIMITS[type].replaceOnChanges, ...(DOCUMENTED_REPLACEMENTS[type] ?? []).map((r) => r.property)];
    return NAME_MUST_STAY_UNIQUE.has(type) ? { replaceOnChanges, deleteBeforeReplace: true } : { replaceOnChanges };
}
