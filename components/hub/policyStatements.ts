import { Problem, problem } from "../../invariants/problems";
import { CedarPolicySpec } from "./args";

/**
 * A policy's statement as text. A `cedarPolicy()` builder renders when it is read here, during
 * validation, so a builder error becomes one of the hub's problems, naming the policy, instead
 * of an exception that names none and hides the others.
 */
export function renderPolicyStatement(policy: CedarPolicySpec, index: number): { text: string } | { problem: Problem } {
    try {
        return { text: String(policy.statement) };
    } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        return {
            problem: problem(
                "I10",
                `policyEngine.policies[${index}].statement (policy ${JSON.stringify(policy.name)}) cannot be rendered: ${reason}`,
                `Correct the cedarPolicy() chain of policy ${JSON.stringify(policy.name)} as the message says, or give its statement as Cedar text.`,
            ),
        };
    }
}
