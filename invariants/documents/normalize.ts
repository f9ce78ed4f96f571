import { ReadValue, decodePolicyDocument } from "../policyDocument";
import { containsUnknown, isUnknown } from "../unknown";

/**
 * IAM policy documents compared by meaning, not by text: what a provider, a transform or a
 * re-serialization may change without changing what the policy allows. Normalized:
 * - JSON text or structured value (bridged `@pulumi/aws` sends strings, aws-native objects);
 * - key order and whitespace (canonical JSON with sorted keys);
 * - `Statement` as one object or a list, statements in any order (IAM evaluates them as a set);
 * - a single string or a list for Action/NotAction/Resource/NotResource, principal values and
 *   condition values; lists as sets (order and duplicates do not matter to IAM);
 * - action names compared case-insensitively, and condition keys too (IAM does both);
 * - `"Principal": "*"` as `{ "AWS": ["*"] }` (IAM treats them alike);
 * - `Sid`, which names a statement but allows nothing, is left out.
 * A comparison is never skipped silently: either side unknown or unreadable is its own result.
 */

/** A role ARN that the component could not know at construction (a spoke role whose account comes from its provider). */
const ROLE_SLOT = /^\{\{agentcore-hub:role-arn:(\/(?:[^/{}]+\/)*)([^/{}]+)\}\}$/;

/**
 * The text standing for the ARN of role `<path><name>` of an account known only at deploy. A
 * declared template carries it where that role's ARN goes; a deployed value matches it with any
 * `arn:<partition>:iam::<12 digits>:role<path><name>`.
 */
export function roleArnSlot(path: string, roleName: string): string {
    return `{{agentcore-hub:role-arn:${path}${roleName}}}`;
}

/** True when `value` is a role-ARN slot (see roleArnSlot). */
export function isRoleArnSlot(value: string): boolean {
    return ROLE_SLOT.test(value);
}

/** Whether a deployed principal fills a slot: the same role path and name in some account. */
export function fillsRoleArnSlot(slot: string, value: string): boolean {
    const m = ROLE_SLOT.exec(slot);
    if (!m) return false;
    const arn = /^arn:[a-z-]+:iam::\d{12}:role(\/(?:[^/]+\/)*)?([^/]+)$/.exec(value);
    return arn !== null && (arn[1] ?? "/") === m[1] && arn[2] === m[2];
}

/** One statement, every list a sorted set of strings. */
export interface NormalizedStatement {
    Effect: string;
    /** "Principal" or "NotPrincipal" -> kind -> values */
    principals?: { not: boolean; byKind: Record<string, string[]> };
    actions?: { not: boolean; values: string[] };
    resources?: { not: boolean; values: string[] };
    /** operator -> lower-cased key -> values */
    conditions: Record<string, Record<string, string[]>>;
    /** Any other statement key, as canonical JSON (kept so nothing unexpected compares equal). */
    other: Record<string, string>;
}

export interface NormalizedDocument {
    version?: string;
    id?: string;
    statements: NormalizedStatement[];
}

export type Normalized =
    | { ok: true; document: NormalizedDocument }
    | { ok: false; unknown: true }
    | { ok: false; unknown: false; error: string };

/** Canonical JSON: object keys sorted, no whitespace. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

function stringSet(value: ReadValue | undefined, lower = false): string[] {
    const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
    const strings = items.map((v) => (typeof v === "string" ? v : canonicalJson(v))).map((s) => (lower ? s.toLowerCase() : s));
    return [...new Set(strings)].sort();
}

function isRecord(v: ReadValue | undefined): v is { [key: string]: ReadValue } {
    return v !== undefined && v !== null && typeof v === "object" && !Array.isArray(v) && !isUnknown(v);
}

function normalizePrincipal(value: ReadValue): Record<string, string[]> {
    if (value === "*") return { AWS: ["*"] };
    if (!isRecord(value)) return { "?": stringSet(value) };
    return Object.fromEntries(Object.entries(value).map(([kind, v]) => [kind, stringSet(v)]));
}

function normalizeConditions(value: ReadValue | undefined): Record<string, Record<string, string[]>> {
    if (!isRecord(value)) return {};
    const out: Record<string, Record<string, string[]>> = {};
    for (const [operator, block] of Object.entries(value)) {
        const keys: Record<string, string[]> = {};
        if (isRecord(block)) for (const [key, v] of Object.entries(block)) keys[key.toLowerCase()] = [...new Set([...(keys[key.toLowerCase()] ?? []), ...stringSet(v)])].sort();
        out[operator] = keys;
    }
    return out;
}

const KNOWN_KEYS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

function normalizeStatement(s: ReadValue): NormalizedStatement {
    const st = isRecord(s) ? s : {};
    const principal = st.Principal ?? st.NotPrincipal;
    const action = st.Action ?? st.NotAction;
    const resource = st.Resource ?? st.NotResource;
    return {
        Effect: typeof st.Effect === "string" ? st.Effect : canonicalJson(st.Effect ?? null),
        ...(principal !== undefined ? { principals: { not: st.Principal === undefined, byKind: normalizePrincipal(principal) } } : {}),
        ...(action !== undefined ? { actions: { not: st.Action === undefined, values: stringSet(action, true) } } : {}),
        ...(resource !== undefined ? { resources: { not: st.Resource === undefined, values: stringSet(resource) } } : {}),
        conditions: normalizeConditions(st.Condition),
        other: Object.fromEntries(Object.entries(st).filter(([k]) => !KNOWN_KEYS.has(k)).map(([k, v]) => [k, canonicalJson(v)])),
    };
}

/** Normalizes a policy document given as JSON text or structured data. */
export function normalizePolicyDocument(document: ReadValue | undefined): Normalized {
    // Any unknown leaf makes the comparison undecidable (a partly known document is not the same one).
    if (containsUnknown(document)) return { ok: false, unknown: true };
    const decoded = decodePolicyDocument(document);
    if (!decoded.ok) return decoded;
    const doc = decoded.document;
    const raw = doc.Statement;
    const list: ReadValue[] = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
    const statements = list.map((s) => normalizeStatement(s)).sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1));
    return {
        ok: true,
        document: {
            ...(typeof doc.Version === "string" ? { version: doc.Version } : {}),
            ...(typeof doc.Id === "string" ? { id: doc.Id } : {}),
            statements,
        },
    };
}

export type Comparison =
    | { kind: "equal" }
    | { kind: "different"; difference: string }
    /** One side could not be read: `side` says which, `reason` why (unknown, or not a document). */
    | { kind: "undecidable"; side: "deployed" | "declared"; unknown: boolean; reason: string };

/**
 * Principal sets: the declared exact values all present, every deployed value either declared or
 * filling a declared slot, and every slot filled (two slots of the same role may share a value).
 */
function principalsMatch(declared: string[], deployed: string[]): boolean {
    const slots = declared.filter(isRoleArnSlot);
    const exact = declared.filter((v) => !isRoleArnSlot(v));
    if (!exact.every((v) => deployed.includes(v))) return false;
    const rest = deployed.filter((v) => !exact.includes(v));
    return rest.every((v) => slots.some((s) => fillsRoleArnSlot(s, v))) && slots.every((s) => rest.some((v) => fillsRoleArnSlot(s, v)));
}

function statementsMatch(declared: NormalizedStatement, deployed: NormalizedStatement): boolean {
    const { principals: dp, ...dRest } = declared;
    const { principals: pp, ...pRest } = deployed;
    if (canonicalJson(dRest) !== canonicalJson(pRest)) return false;
    if (dp === undefined || pp === undefined) return dp === pp;
    if (dp.not !== pp.not) return false;
    const kinds = [...new Set([...Object.keys(dp.byKind), ...Object.keys(pp.byKind)])];
    return kinds.every((k) => principalsMatch(dp.byKind[k] ?? [], pp.byKind[k] ?? []));
}

/** A normalized statement shown in IAM's own shape, for messages. */
function describeStatement(s: NormalizedStatement): string {
    const iam: Record<string, unknown> = { Effect: s.Effect };
    if (s.principals) iam[s.principals.not ? "NotPrincipal" : "Principal"] = s.principals.byKind;
    if (s.actions) iam[s.actions.not ? "NotAction" : "Action"] = s.actions.values;
    if (s.resources) iam[s.resources.not ? "NotResource" : "Resource"] = s.resources.values;
    if (Object.keys(s.conditions).length) iam.Condition = s.conditions;
    for (const [k, v] of Object.entries(s.other)) iam[k] = JSON.parse(v) as unknown;
    return JSON.stringify(iam);
}

/**
 * Compares a deployed document with the declared one (rendered: the gateway ARN filled in;
 * role-ARN slots may remain and match the role they name in any account).
 */
export function comparePolicyDocuments(deployed: ReadValue | undefined, declared: ReadValue | undefined): Comparison {
    const d = normalizePolicyDocument(declared);
    if (!d.ok) return { kind: "undecidable", side: "declared", unknown: d.unknown, reason: d.unknown ? "it is not known yet" : d.error };
    const p = normalizePolicyDocument(deployed);
    if (!p.ok) return { kind: "undecidable", side: "deployed", unknown: p.unknown, reason: p.unknown ? "it is not known yet" : p.error };
    if ((d.document.version ?? "") !== (p.document.version ?? "")) return { kind: "different", difference: `Version is ${JSON.stringify(p.document.version)} instead of ${JSON.stringify(d.document.version)}` };
    if ((d.document.id ?? "") !== (p.document.id ?? "")) return { kind: "different", difference: `Id is ${JSON.stringify(p.document.id)} instead of ${JSON.stringify(d.document.id)}` };
    const unused = [...p.document.statements];
    // Statements without slots first, so a slot statement never takes an exact statement's match.
    const ordered = [...d.document.statements].sort((a, b) => Number(hasSlots(a)) - Number(hasSlots(b)));
    const missing: NormalizedStatement[] = [];
    for (const s of ordered) {
        const i = unused.findIndex((u) => statementsMatch(s, u));
        if (i === -1) missing.push(s);
        else unused.splice(i, 1);
    }
    if (missing.length === 0 && unused.length === 0) return { kind: "equal" };
    const parts = [
        ...(unused.length ? [`deployed but not declared: ${unused.map(describeStatement).join(", ")}`] : []),
        ...(missing.length ? [`declared but not deployed: ${missing.map(describeStatement).join(", ")}`] : []),
    ];
    return { kind: "different", difference: parts.join("; ") };
}

function hasSlots(s: NormalizedStatement): boolean {
    return Object.values(s.principals?.byKind ?? {}).some((values) => values.some(isRoleArnSlot));
}

/** Replaces every role-ARN slot in a text with `fill(path, name)`. */
export function fillRoleArnSlots(text: string, fill: (path: string, roleName: string) => string): string {
    return text.replace(/\{\{agentcore-hub:role-arn:(\/(?:[^/{}]+\/)*)([^/{}]+)\}\}/g, (_m, path: string, name: string) => fill(path, name));
}
