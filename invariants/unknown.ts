/**
 * A value that is not known yet: during a first `pulumi preview` most ids and ARNs are
 * assigned by AWS later. Checks that read documents receive this marker where a leaf is
 * unknown and must decide on purpose what it means (BRIEF §4), never skip it silently.
 */
export const UNKNOWN: unique symbol = Symbol.for("pulumi-agentcore-hub.unknown");
export type Unknown = typeof UNKNOWN;

/** A plain value whose leaves may be unknown. */
export type MaybeUnknown<T> = T | Unknown;

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}
