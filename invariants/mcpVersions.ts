import { CFN_LIMITS } from "./cfnLimits.generated";
import { Problem, problem } from "./problems";

/**
 * MCP protocol versions an AgentCore gateway accepts (devguide "Use an AgentCore gateway":
 * 2026-07-28, 2025-11-25, 2025-06-18 and 2025-03-26). The CloudFormation schema publishes no
 * enum for `ProtocolConfiguration.Mcp.SupportedVersions`, only the item default.
 */
export const MCP_VERSIONS = ["2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"] as const;
export type McpVersion = (typeof MCP_VERSIONS)[number];

/**
 * The hub's default: the schema's default version, which is what AWS sets when the list is
 * unset, so a gateway deployed before the list was pinned keeps its value (the list can
 * shrink but not grow in place: a change replaces the gateway, invariants/lifecycle.ts).
 */
export const DEFAULT_MCP_VERSIONS: readonly McpVersion[] = [CFN_LIMITS["AWS::BedrockAgentCore::Gateway"].properties["ProtocolConfiguration.Mcp.SupportedVersions"].itemDefault as McpVersion];

/** Problems with a supported-versions list: empty, unknown versions, duplicates. */
export function checkMcpVersions(versions: readonly string[], argument: string): Problem[] {
    const out: Problem[] = [];
    const known: readonly string[] = MCP_VERSIONS;
    if (versions.length === 0) out.push(problem("I12", `${argument} is empty: the gateway would accept no MCP client.`, `List at least one of ${MCP_VERSIONS.join(", ")}.`));
    versions.forEach((v, i) => {
        if (!known.includes(v)) out.push(problem("I12", `${argument}[${i}] = ${JSON.stringify(v)} is not an MCP version AgentCore supports (${MCP_VERSIONS.join(", ")}).`, `Use versions from ${MCP_VERSIONS.join(", ")}.`));
        else if (versions.indexOf(v) !== i) out.push(problem("I12", `${argument}[${i}] = ${JSON.stringify(v)} is listed twice.`, "List each version once."));
    });
    return out;
}
