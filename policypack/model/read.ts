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
    const value = readValue(() => props);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { [key: string]: ReadValue }) : {};
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
