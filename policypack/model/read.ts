import { UnknownValueError } from "@pulumi/policy";
import { ReadValue } from "../../invariants/policyDocument";
import { UNKNOWN } from "../../invariants/unknown";

/**
 * Converts the properties `@pulumi/policy` hands a policy into plain values whose unknown leaves
 * are `UNKNOWN`. Its proxy throws `UnknownValueError` when an unknown value is read; we catch it
 * at each leaf, so a check sees everything that is known and decides about the rest on purpose
 * (BRIEF §4), instead of the whole policy turning into an advisory "can't run during preview".
 */
export function readProps(props: unknown): { [key: string]: ReadValue } {
    const raw = proxyTarget(props);
    const value = raw !== undefined ? readRaw(raw) : readValue(() => props);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { [key: string]: ReadValue }) : {};
}

/**
 * The fast path: `@pulumi/policy` lets a caller reach the object behind its proxy, where an
 * unknown is one of its sentinel strings. Reading that object directly is the same decision
 * leaf by leaf, without a proxy trap and a try/catch per property (a large stack has thousands
 * of resources and every stack policy reads them). These names are internal to
 * `@pulumi/policy` (pinned exactly in package.json); without them we fall back to the proxy.
 */
interface PolicyProxyInternals {
    getSpecialProxyTarget?: string;
    unknownBooleanValue?: string;
    unknownNumberValue?: string;
    unknownStringValue?: string;
    unknownArrayValue?: string;
    unknownAssetValue?: string;
    unknownArchiveValue?: string;
    unknownObjectValue?: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const internals = require("@pulumi/policy/proxy") as PolicyProxyInternals;
const SENTINELS = new Set(
    [internals.unknownBooleanValue, internals.unknownNumberValue, internals.unknownStringValue, internals.unknownArrayValue, internals.unknownAssetValue, internals.unknownArchiveValue, internals.unknownObjectValue].filter((v): v is string => typeof v === "string"),
);

/** The object behind `@pulumi/policy`'s proxy, or undefined when it cannot be reached. */
export function proxyTarget(props: unknown): unknown {
    const key = internals.getSpecialProxyTarget;
    if (key === undefined || SENTINELS.size !== 7 || props === null || typeof props !== "object") return undefined;
    const target = (props as Record<string, unknown>)[key];
    return target !== null && typeof target === "object" ? target : undefined;
}

function readRaw(value: unknown): ReadValue {
    if (value === undefined || value === null) return null;
    if (typeof value === "string") return SENTINELS.has(value) ? UNKNOWN : value;
    if (typeof value === "number" || typeof value === "boolean") return value;
    if (Array.isArray(value)) return value.map(readRaw);
    if (typeof value === "object") {
        const out: { [key: string]: ReadValue } = {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            const r = readRaw(v);
            if (r !== null) out[key] = r;
        }
        return out;
    }
    return null;
}

function readValue(get: () => unknown): ReadValue {
    let value: unknown;
    try {
        value = get();
    } catch (e) {
        if (e instanceof UnknownValueError) return UNKNOWN;
        throw e;
    }
    if (value === undefined || value === null) return null;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    if (Array.isArray(value)) {
        const list = value as unknown[];
        const out: ReadValue[] = [];
        for (let i = 0; i < list.length; i++) out.push(readValue(() => list[i]));
        return out;
    }
    if (typeof value === "object") {
        const obj = value as Record<string, unknown>;
        const out: { [key: string]: ReadValue } = {};
        for (const key of Object.keys(obj)) {
            const v = readValue(() => obj[key]);
            if (v !== null) out[key] = v;
        }
        return out;
    }
    return null;
}
