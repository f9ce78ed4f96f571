import type { PolicyJson, Schema, ValidationAnswer, ValidationError, ValidationSettings } from "@cedar-policy/cedar-wasm/nodejs";
import { validate } from "./cached";
import { sliceActionIds, sliceSchema } from "./schemaSlice";

/** One parsed policy to validate: its id in the answer, its text, and its JSON form. */
export interface PolicyToValidate {
    id: string;
    text: string;
    ast: PolicyJson;
}

/**
 * Cedar's validation of `policies` against `schema`, with the answer Cedar gives for all of them
 * in one call, computed faster: each policy that names its actions is validated against its
 * slice of the schema (schemaSlice.ts), policies with the same slice together; the others, and
 * every policy whose slice reports an error or a warning, against the whole schema. So a clean
 * answer comes from the slices, and each finding, with its message, help and source location,
 * from the whole schema, as one whole-schema call would give it, in a stable order (below). A failed call (a schema or a
 * policy Cedar cannot read) is answered by the whole-schema call alone. `otherWarnings` (the
 * schema's own warnings) are those of the whole-schema call when one runs, else none: callers
 * read the per-policy findings only.
 */
export function validatePolicies(schema: Schema, policies: readonly PolicyToValidate[], settings: ValidationSettings): ValidationAnswer {
    const groups = new Map<string, { ids: string[]; policies: PolicyToValidate[] }>();
    const whole: PolicyToValidate[] = [];
    for (const policy of policies) {
        const ids = sliceActionIds(schema, policy.ast);
        if (ids === undefined) {
            whole.push(policy);
            continue;
        }
        const key = ids.join("\u0000");
        const group = groups.get(key) ?? { ids, policies: [] };
        group.policies.push(policy);
        groups.set(key, group);
    }
    for (const group of groups.values()) {
        const answer = validate({ schema: sliceSchema(schema, group.ids), policies: staticPolicies(group.policies), validationSettings: settings });
        const clean = answer.type === "success" && answer.validationErrors.length === 0 && answer.validationWarnings.length === 0;
        if (!clean) whole.push(...group.policies);
    }
    if (whole.length === 0) return { type: "success", validationErrors: [], validationWarnings: [], otherWarnings: [] };
    const answer = validate({ schema, policies: staticPolicies(whole), validationSettings: settings });
    if (answer.type === "failure") return answer;
    return { ...answer, validationErrors: inStableOrder(answer.validationErrors), validationWarnings: inStableOrder(answer.validationWarnings) };
}

/**
 * Cedar's findings sorted by policy, source position and message. Cedar lists them in an order
 * that changes from call to call (the same call twice in one process can answer in two orders:
 * its validator collects them in hash sets), and a report must not.
 */
function inStableOrder(findings: readonly ValidationError[]): ValidationError[] {
    const position = (f: ValidationError) => f.error.sourceLocations?.[0];
    return [...findings].sort(
        (a, b) =>
            compare(a.policyId, b.policyId) ||
            (position(a)?.start ?? -1) - (position(b)?.start ?? -1) ||
            (position(a)?.end ?? -1) - (position(b)?.end ?? -1) ||
            compare(a.error.message, b.error.message) ||
            compare(a.error.help ?? "", b.error.help ?? ""),
    );
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function staticPolicies(policies: readonly PolicyToValidate[]): { staticPolicies: Record<string, string> } {
    return { staticPolicies: Object.fromEntries(policies.map((p) => [p.id, p.text])) };
}
