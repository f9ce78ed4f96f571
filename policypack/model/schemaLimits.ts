import { CFN_LIMITS, CfnTypeName, SchemaLimits } from "../../invariants/cfnLimits.generated";
import { Kind, isBridged } from "./types";

/**
 * Which CloudFormation schema describes a modeled resource type, and which of its limits the
 * pack reads by the generic check (invariants/schemaLimits.ts): everything the table has, minus
 * what another policy already decides (so one value is not reported twice).
 */
export const CFN_TYPE_OF_KIND: Partial<Record<Kind, CfnTypeName>> = {
    gateway: "AWS::BedrockAgentCore::Gateway",
    gatewayTarget: "AWS::BedrockAgentCore::GatewayTarget",
    policyEngine: "AWS::BedrockAgentCore::PolicyEngine",
    cedarPolicy: "AWS::BedrockAgentCore::Policy",
    resourcePolicy: "AWS::BedrockAgentCore::ResourcePolicy",
};

/** Decided elsewhere: names (limitsResource.ts checkNameOf, cedarPolicy.ts), Cedar sizes (cedarPolicy.ts, cedar.ts), the gateway resource policy (gatewayResourcePolicy.ts). */
const ELSEWHERE: Partial<Record<CfnTypeName, Record<string, (keyof SchemaLimits)[] | "all">>> = {
    "AWS::BedrockAgentCore::Gateway": { Name: "all" },
    "AWS::BedrockAgentCore::GatewayTarget": { Name: "all" },
    "AWS::BedrockAgentCore::PolicyEngine": { Name: "all" },
    "AWS::BedrockAgentCore::Policy": { Name: "all", "Definition.Cedar.Statement": ["maxLength"], "Definition.Policy.Statement": ["maxLength"] },
    "AWS::BedrockAgentCore::ResourcePolicy": { Policy: "all" },
};

export interface PackRule {
    property: string;
    /** The path in the resource's own property names. */
    path: string;
    limits: SchemaLimits;
    /** An unknown value here is decided by another policy (or is an id or ARN AWS assigns). */
    unknownDecided: boolean;
}

/**
 * The rules for one resource type. aws-native names every property by the table's `sdk` path;
 * a bridged @pulumi/aws type is read only where the property maps one to one (a top-level
 * scalar or map of the same name: `description`, `tags` of a gateway, ...), never nested blocks.
 */
export function packRules(type: string, cfnType: CfnTypeName): PackRule[] {
    const bridged = isBridged(type);
    const table: Readonly<Record<string, SchemaLimits>> = CFN_LIMITS[cfnType].properties;
    const skip = ELSEWHERE[cfnType] ?? {};
    const out: PackRule[] = [];
    for (const [property, entry] of Object.entries(table)) {
        const path = entry.sdk;
        if (path === undefined) continue;
        // Bridged: nested blocks differ, and a schema list the provider declares as a map (a policy engine's tags) is skipped.
        if (bridged && (/[.[]/.test(path) || (table[property.replace(/\{(key)?\}$/, "")] as SchemaLimits | undefined)?.maxItems !== undefined)) continue;
        const skipped = skip[property];
        if (skipped === "all") continue;
        const limits: SchemaLimits = Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "sdk" && !(skipped ?? []).includes(k as keyof SchemaLimits)));
        // Ids and ARNs of other resources are unknown until AWS assigns them, within AWS's own pattern.
        const assigned = /(Arn|Id|Identifier)$/.test(property.split(".").pop() ?? "");
        out.push({ property, path, limits, unknownDecided: assigned || skipped !== undefined });
    }
    return out;
}
