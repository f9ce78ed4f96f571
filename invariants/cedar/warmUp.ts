import { buildAgentCoreCedarSchema } from "./schema";
import { GATEWAY_ARN_PLACEHOLDER, checkCedarPolicies } from "./validate";

/**
 * Runs Cedar's parser and validator once on a small made-up engine, so that the WebAssembly
 * functions they use are compiled before a real question is asked. V8 compiles a wasm function
 * lazily at its first call and optimizes it once it is hot: in a fresh process the first schema
 * parse and validation cost 300-500 ms more than the same calls afterwards (measured with
 * @cedar-policy/cedar-wasm 4.13 on Node 20). The policy pack calls this while it waits for the
 * engine's first request; nothing it computes is kept but compiled code (the answers it caches
 * are keyed by their content, which no real program shares).
 */
export function warmUpCedar(): void {
    const targets = [
        {
            targetName: "agentcore-hub-warm-up",
            tools: [
                {
                    name: "tool",
                    description: "",
                    inputSchema: {
                        type: "object" as const,
                        properties: {
                            s: { type: "string" as const },
                            i: { type: "integer" as const },
                            n: { type: "number" as const },
                            b: { type: "boolean" as const },
                            a: { type: "array" as const, items: { type: "string" as const } },
                            o: { type: "object" as const, properties: { x: { type: "string" as const } } },
                        },
                        required: ["s", "i"],
                    },
                },
            ],
        },
    ];
    const gateway = `resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}"`;
    checkCedarPolicies(
        [
            { name: "warm_up_permit", statement: `permit(principal is AgentCore::IamEntity, action == AgentCore::Action::"agentcore-hub-warm-up___tool", ${gateway}) when { principal.id like "arn:aws:sts::*" && context.input.i < 10 };` },
            { name: "warm_up_forbid", statement: `forbid(principal, action in AgentCore::Action::"agentcore-hub-warm-up", ${gateway}) unless { context.input has o && context.input.s == "x" };` },
        ],
        buildAgentCoreCedarSchema(targets),
    );
}
