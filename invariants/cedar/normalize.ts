import { policySetTextToParts, policyToJson } from "./cached";
import { canonicalJson } from "../documents/normalize";
import { cedarCore, tokenize } from "./dogwood";

/**
 * Cedar statements compared as parsed policies (Cedar's own JSON form, `policyToJson`), so
 * whitespace, line breaks, comments and formatting do not count; what the policy decides does.
 * Lists of entities in `action in [...]` are sets to Cedar, so their order does not count either.
 */
export type CedarComparison =
    | { kind: "equal" }
    | { kind: "different"; difference: string }
    | { kind: "undecidable"; side: "deployed" | "declared"; reason: string };

/** Sorts `entities` lists (a set in Cedar's scope constraints); keeps everything else in order. */
function withEntitySets(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(withEntitySets);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        out[k] = k === "entities" && Array.isArray(v) ? v.map(withEntitySets).sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1)) : withEntitySets(v);
    }
    return out;
}

/** The canonical parsed form of one Cedar statement, or why there is none. */
export function normalizedCedar(text: string): { ok: true; json: string } | { ok: false; reason: string } {
    // A Dogwood statement: its Cedar core parsed, its other clauses as token streams (no whitespace or comments).
    const split = cedarCore(text);
    if (split.kind === "dogwood") {
        const core = normalizedCedar(split.core.text);
        if (!core.ok) return core;
        const clauses = split.core.unchecked.map((c) => (tokenize(c) ?? []).map((t) => t.text).join(" "));
        return { ok: true, json: canonicalJson({ ...(JSON.parse(core.json) as Record<string, unknown>), effect: split.core.effect, dogwood: clauses }) };
    }
    const parts = policySetTextToParts(text);
    if (parts.type === "failure") return { ok: false, reason: `it does not parse as Cedar (${parts.errors.map((e) => e.message).join("; ")})` };
    const count = parts.policies.length + parts.policy_templates.length;
    if (count !== 1 || parts.policies.length !== 1) return { ok: false, reason: `it holds ${count} Cedar statements${parts.policy_templates.length ? " or templates" : ""}, not one policy` };
    const json = policyToJson(parts.policies[0]);
    if (json.type === "failure") return { ok: false, reason: `it does not parse as Cedar (${json.errors.map((e) => e.message).join("; ")})` };
    return { ok: true, json: canonicalJson(withEntitySets(json.json)) };
}

/** Compares a deployed Cedar statement with the declared one (rendered with the gateway's ARN). */
export function compareCedarPolicies(deployed: string, declared: string): CedarComparison {
    const d = normalizedCedar(declared);
    if (!d.ok) return { kind: "undecidable", side: "declared", reason: d.reason };
    const p = normalizedCedar(deployed);
    if (!p.ok) return { kind: "undecidable", side: "deployed", reason: p.reason };
    if (d.json === p.json) return { kind: "equal" };
    const declaredParts = JSON.parse(d.json) as Record<string, unknown>;
    const deployedParts = JSON.parse(p.json) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(declaredParts), ...Object.keys(deployedParts)])].filter((k) => canonicalJson(declaredParts[k]) !== canonicalJson(deployedParts[k]));
    return { kind: "different", difference: `parsed, its ${keys.join(", ")} differ${keys.length === 1 ? "s" : ""} (deployed ${keys.map((k) => canonicalJson(deployedParts[k])).join(", ")})` };
}
