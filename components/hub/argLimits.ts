import { checkMcpVersions } from "../../invariants/mcpVersions";
import { Problem } from "../../invariants/problems";
import { LimitRule, checkLimits, docRule, schemaRule } from "../../invariants/schemaLimits";
import { AgentGatewayHubArgs } from "./args";

function known(rule: LimitRule, value: string | number | string[] | Record<string, string> | undefined, argument: string): Problem[] {
    // Arguments are plain values here (the types say so): nothing is deferred.
    return checkLimits(rule, value, argument).problems;
}

/** Tags go on the gateway (its schema's map rules) and on the IAM roles (IAM's documented rules). */
function checkTags(tags: Record<string, string>): Problem[] {
    const out = [...known(schemaRule("AWS::BedrockAgentCore::Gateway", "Tags"), tags, "tags")];
    out.push(...known(docRule("AWS::IAM::Role Tags"), Object.keys(tags), "tags"));
    for (const [key, value] of Object.entries(tags)) {
        out.push(
            ...known(schemaRule("AWS::BedrockAgentCore::Gateway", "Tags{key}"), key, `tags key ${JSON.stringify(key)}`),
            ...known(docRule("AWS::IAM::Role Tags[].Key"), key, `tags key ${JSON.stringify(key)}`),
            ...known(schemaRule("AWS::BedrockAgentCore::Gateway", "Tags{}"), value, `tags[${JSON.stringify(key)}]`),
        );
    }
    return out;
}

/**
 * I12: every hub argument that lands in a property with a published limit (the CloudFormation
 * schemas', or AWS's documentation where the schema has none), checked before anything is
 * registered, with the same function the pack applies to raw resources.
 */
export function checkHubArgLimits(args: AgentGatewayHubArgs): Problem[] {
    const out: Problem[] = [];
    out.push(...known(schemaRule("AWS::BedrockAgentCore::Gateway", "Description"), args.description, "description"));
    if (args.tags) out.push(...checkTags(args.tags));
    if (args.mcpVersions !== undefined) out.push(...checkMcpVersions(args.mcpVersions, "mcpVersions"));
    (args.targets ?? []).forEach((t, i) => {
        out.push(...known(schemaRule("AWS::BedrockAgentCore::GatewayTarget", "Description"), t.description, `targets[${i}].description`));
    });
    (args.policyEngine?.policies ?? []).forEach((p, i) => {
        out.push(...known(schemaRule("AWS::BedrockAgentCore::Policy", "Description"), p.description, `policyEngine.policies[${i}].description`));
        // The lower bound only: the upper one is sized with the real gateway ARN by the Cedar checks.
        const statement = String(p.statement);
        const min = schemaRule("AWS::BedrockAgentCore::Policy", "Definition.Cedar.Statement");
        out.push(...known({ limits: { minLength: min.limits.minLength }, source: min.source }, statement, `policyEngine.policies[${i}].statement`));
    });
    return out;
}
