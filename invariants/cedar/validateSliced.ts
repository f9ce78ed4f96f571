import type { PolicyJson, Schema, ValidationAnswer, ValidationError, ValidationSettings } from "@cedar-policy/cedar-wasm/nodejs";
import { validate } from "./cached";
import { declaredActionOrder, sliceActionIds, sliceSchema } from "./schemaSlice";

/** One parsed policy to validate: its id in the answer, its text, and its JSON form. */
export interface PolicyToValidate {
    id: string;
    text: string;
    ast: PolicyJson;
}

/**
 * Cedar's validation of `policies` against `schema`, with the answer Cedar gives for all of them
 * in one call, computed faster: the policies that name their actions are validated, a few at a
 * time, against the union of their slices of the schema (schemaSlice.ts); the others, and
 * every policy whose slice call reports an error or a warning, against the whole schema. So a clean
 * answer comes from the slices, and each finding, with its message, help and source location,
 * from the whole schema, as one whole-schema call would give it, in a stable order (below). A failed call (a schema or a
 * policy Cedar cannot read) is answered by the whole-schema call alone. `otherWarnings` (the
 * schema's own warnings) are those of the whole-schema call when one runs, else none: callers
 * read the per-policy findings only.
 */
export function validatePolicies(schema: Schema, policies: readonly PolicyToValidate[], settings: ValidationSettings): ValidationAnswer {
    const whole: PolicyToValidate[] = [];
    for (const chunk of slicedChunks(schema, policies, whole)) {
        const answer = validate({ schema: sliceSchema(schema, chunk.ids), policies: staticPolicies(chunk.policies), validationSettings: settings });
        const clean = answer.type === "success" && answer.validationErrors.length === 0 && answer.validationWarnings.length === 0;
        if (!clean) whole.push(...chunk.policies);
    }
    if (whole.length === 0) return { type: "success", validationErrors: [], validationWarnings: [], otherWarnings: [] };
    const answer = validate({ schema, policies: staticPolicies(whole), validationSettings: settings });
    if (answer.type === "failure") return answer;
    return { ...answer, validationErrors: inStableOrder(answer.validationErrors), validationWarnings: inStableOrder(answer.validationWarnings) };
}

/**
 * Each call to Cedar costs about 3 ms whatever its size, and each policy in it about 5 us per
 * action of its schema: measured on the L bench's 200 policies, calls of 5 policies over the
 * union of their slices cost a third of one whole-schema call, one call per policy nearly as much
 * as it. A union of slices is a valid slice of each of its policies (it keeps each one's actions,
 * those under them and the groups above). Policies with no slice go to `whole`.
 */
const POLICIES_PER_CALL = 5;

function slicedChunks(schema: Schema, policies: readonly PolicyToValidate[], whole: PolicyToValidate[]): { ids: string[]; policies: PolicyToValidate[] }[] {
    const order = new Map(declaredActionOrder(schema).map((id, i) => [id, i]));
    const chunks: { ids: Set<string>; policies: PolicyToValidate[] }[] = [];
    for (const policy of policies) {
        const ids = sliceActionIds(schema, policy.ast);
        // No slice, or one that keeps every action (it is the whole schema): asked once, whole.
        if (ids === undefined || ids.length === order.size) {
            whole.push(policy);
            continue;
        }
        let last = chunks[chunks.length - 1];
        if (last === undefined || last.policies.length === POLICIES_PER_CALL) chunks.push((last = { ids: new Set(), policies: [] }));
        for (const id of ids) last.ids.add(id);
        last.policies.push(policy);
    }
    // Actions in schema order, so that equal chunks make equal calls (and cache keys).
    return chunks.map((c) => ({ ids: [...c.ids].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)), policies: c.policies }));
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
