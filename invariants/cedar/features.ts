import { policyToJson } from "./cached";
import { splitDogwood } from "./dogwood";

/**
 * What a statement needs from the gateway beyond Cedar evaluation.
 *
 * Guardrails: "bedrock:InvokeGuardrailChecks is required for the policy engine to call Bedrock
 * Guardrails on the gateway's behalf" (policy-guardrails-in-policies.html, "Before you begin";
 * the engine calls it with the gateway role's credentials). The gateway role's permissions (I3)
 * add that action only when some policy uses a guardrail.
 */

/**
 * True when the statement calls a guardrail: a `when guardrails { … }` / `unless guardrails { … }`
 * clause, or any clause whose body calls a `BedrockGuardrails::<Type>(…)` provider ("`when
 * guardrails { … }` is equivalent to a plain `when { … }` whose body calls a guardrail",
 * example-policies-guardrails.html). Read from the statement's tokens, so a string literal or a
 * comment that mentions guardrails does not count. A plain Cedar statement (one cedar-wasm
 * parses) cannot call a guardrail: Cedar rejects `BedrockGuardrails::…` as "not a valid function".
 */
export function usesGuardrails(statement: string): boolean {
    if (policyToJson(statement).type === "success") return false;
    const split = splitDogwood(statement);
    if (!split) return false;
    return split.clauses.some((c) => c.tag === "guardrails" || c.callsGuardrail);
}

/** True when the statement has a `when temporal { … }` block (session history, policy-temporal.html). */
export function usesTemporal(statement: string): boolean {
    const split = policyToJson(statement).type === "success" ? undefined : splitDogwood(statement);
    return split?.clauses.some((c) => c.tag === "temporal") ?? false;
}
