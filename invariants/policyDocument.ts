import { MaybeUnknown, UNKNOWN, isUnknown } from "./unknown";

/**
 * IAM policy documents as we build them (all known) and as a check reads them (leaves may be
 * unknown during a first preview).
 */
/**
 * Builders are generic over the leaf type `S`: plain `string` for validation and size
 * accounting, `pulumi.Input<string>` when a component registers the document, so an unknown
 * ARN stays one unknown leaf in a structured (`@pulumi/aws-native`) document instead of
 * turning the whole document unknown.
 */
export type PrincipalValue<S = string> = "*" | { [kind: string]: S | S[] };
export type ConditionBlock<S = string> = { [operator: string]: { [key: string]: S | S[] } };

export interface Statement<S = string> {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: PrincipalValue<S>;
    NotPrincipal?: PrincipalValue<S>;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: S | S[];
    NotResource?: S | S[];
    Condition?: ConditionBlock<S>;
}

export interface PolicyDocument<S = string> {
    Version: "2012-10-17";
    Id?: string;
    Statement: Statement<S>[];
}

/** A document read from a resource: any leaf may be unknown, structure may be anything. */
export type ReadValue = MaybeUnknown<string | number | boolean | null | ReadValue[] | { [key: string]: ReadValue }>;

/** A statement as a check sees it: every field normalized to a list of possibly-unknown strings. */
export interface ReadStatement {
    index: number;
    sid?: string;
    effect: MaybeUnknown<string>;
    /** principal kind ("AWS", "Service", "Federated", "CanonicalUser", "*") to values */
    principals: MaybeUnknown<Map<string, MaybeUnknown<string>[]>> | undefined;
    notPrincipal: boolean;
    actions: MaybeUnknown<string>[] | undefined;
    notAction: boolean;
    resources: MaybeUnknown<string>[] | undefined;
    notResource: boolean;
    /** operator -> key (lower-cased) -> values */
    conditions: MaybeUnknown<Map<string, Map<string, MaybeUnknown<string>[]>>>;
}

export type ParsedDocument =
    | { ok: true; statements: ReadStatement[] }
    | { ok: false; unknown: true }
    | { ok: false; unknown: false; error: string };

function toList(value: ReadValue | undefined): MaybeUnknown<string>[] | undefined {
    if (value === undefined) return undefined;
    if (isUnknown(value)) return [UNKNOWN];
    const items = Array.isArray(value) ? value : [value];
    return items.map((v) => (isUnknown(v) ? UNKNOWN : typeof v === "string" ? v : String(v)));
}

function readPrincipals(value: ReadValue | undefined): ReadStatement["principals"] {
    if (value === undefined) return undefined;
    if (isUnknown(value)) return UNKNOWN;
    const out = new Map<string, MaybeUnknown<string>[]>();
    if (value === "*") {
        out.set("*", ["*"]);
        return out;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        out.set("?", [String(value)]);
        return out;
    }
    for (const [kind, v] of Object.entries(value)) out.set(kind, toList(v) ?? []);
    return out;
}

function readConditions(value: ReadValue | undefined): ReadStatement["conditions"] {
    const out = new Map<string, Map<string, MaybeUnknown<string>[]>>();
    if (value === undefined || value === null) return out;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value !== "object" || Array.isArray(value)) return out;
    for (const [operator, block] of Object.entries(value)) {
        const keys = new Map<string, MaybeUnknown<string>[]>();
        if (isUnknown(block)) return UNKNOWN;
        if (block && typeof block === "object" && !Array.isArray(block)) {
            for (const [key, v] of Object.entries(block)) keys.set(key.toLowerCase(), toList(v) ?? []);
        }
        out.set(operator, keys);
    }
    return out;
}

function unknownStatement(index: number): ReadStatement {
    return { index, effect: UNKNOWN, principals: UNKNOWN, notPrincipal: false, actions: [UNKNOWN], notAction: false, resources: [UNKNOWN], notResource: false, conditions: UNKNOWN };
}

export type DecodedDocument =
    | { ok: true; document: { [key: string]: ReadValue } }
    | { ok: false; unknown: true }
    | { ok: false; unknown: false; error: string };

/** A document as an object: JSON text parsed (bridged `@pulumi/aws`), structured data as it is (`@pulumi/aws-native`). */
export function decodePolicyDocument(document: ReadValue | undefined): DecodedDocument {
    if (document === undefined || document === null) return { ok: false, unknown: false, error: "the document is empty" };
    if (isUnknown(document)) return { ok: false, unknown: true };
    let doc: ReadValue = document;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc) as ReadValue;
        } catch (e) {
            return { ok: false, unknown: false, error: `the document is not valid JSON (${(e as Error).message})` };
        }
    }
    if (isUnknown(doc)) return { ok: false, unknown: true };
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { ok: false, unknown: false, error: "the document is not a JSON object" };
    return { ok: true, document: doc as { [key: string]: ReadValue } };
}

/**
 * Reads a policy document given as a JSON string (bridged `@pulumi/aws`) or as structured
 * data (`@pulumi/aws-native`), normalizing every statement so checks need one code path.
 */
export function readPolicyDocument(document: ReadValue | undefined): ParsedDocument {
    const decoded = decodePolicyDocument(document);
    if (!decoded.ok) return decoded;
    const doc = decoded.document;
    const raw = doc["Statement"];
    if (isUnknown(raw)) return { ok: false, unknown: true };
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const statements: ReadStatement[] = list.map((s, index) => {
        // An unknown statement is unknown in every field, so each check defers on it by name.
        if (isUnknown(s)) return unknownStatement(index);
        const st = (s && typeof s === "object" && !Array.isArray(s) ? s : {}) as { [key: string]: ReadValue };
        const effect = st["Effect"];
        return {
            index,
            sid: typeof st["Sid"] === "string" ? (st["Sid"] as string) : undefined,
            effect: isUnknown(effect) ? UNKNOWN : String(effect),
            principals: readPrincipals(st["Principal"] ?? st["NotPrincipal"]),
            notPrincipal: st["NotPrincipal"] !== undefined,
            actions: toList(st["Action"] ?? st["NotAction"]),
            notAction: st["NotAction"] !== undefined,
            resources: toList(st["Resource"] ?? st["NotResource"]),
            notResource: st["NotResource"] !== undefined,
            conditions: readConditions(st["Condition"]),
        };
    });
    return { ok: true, statements };
}

/** How a statement is named in messages. */
export function statementLabel(s: ReadStatement): string {
    return s.sid ? `statement ${s.index} ("${s.sid}")` : `statement ${s.index}`;
}

/** Values of one condition key under any of the given operators (case-insensitive key). */
export function conditionValues(s: ReadStatement, operators: readonly string[], key: string): MaybeUnknown<string>[] | undefined {
    if (isUnknown(s.conditions)) return [UNKNOWN];
    const found: MaybeUnknown<string>[] = [];
    let any = false;
    for (const op of operators) {
        const block = s.conditions.get(op);
        const values = block?.get(key.toLowerCase());
        if (values) {
            any = true;
            found.push(...values);
        }
    }
    return any ? found : undefined;
}

/** Action matches a pattern with IAM wildcards, case-insensitively as IAM does. */
export function actionCovers(actionPattern: string, action: string): boolean {
    const re = new RegExp("^" + actionPattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "i");
    return re.test(action);
}
