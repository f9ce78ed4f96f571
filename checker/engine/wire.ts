import { ReadValue } from "../../invariants/policyDocument";
import { UNKNOWN as UNKNOWN_LEAF } from "../../invariants/unknown";
import * as rpc from "@pulumi/pulumi/runtime/rpc";

/**
 * Values as they travel in a protobuf `Struct` between a Pulumi program, the engine and
 * analyzers: plain JSON plus the SDK's signature objects (secrets, resource references, assets).
 */
export type WireValue = null | boolean | number | string | WireValue[] | WireObject;
export interface WireObject {
    [key: string]: WireValue;
}

/**
 * The string the engine puts where a value is unknown (a first preview). `@pulumi/policy` turns
 * a read of it into `UnknownValueError` and the policy into an advisory "can't run during
 * preview" diagnostic (BRIEF §4). Taken from the SDK so the two can never drift apart.
 */
export const UNKNOWN: typeof rpc.unknownValue = rpc.unknownValue;

const SIG = rpc.specialSigKey;

export function isUnknownValue(value: unknown): boolean {
    return value === UNKNOWN;
}

/** True when the value, or any leaf inside it, is unknown. */
export function containsUnknownValue(value: unknown): boolean {
    if (isUnknownValue(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknownValue);
    if (isWireObject(value)) return Object.values(value).some(containsUnknownValue);
    return false;
}

export function isWireObject(value: unknown): value is WireObject {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function isSecretValue(value: unknown): value is WireObject & { value: WireValue } {
    return isWireObject(value) && value[SIG] === rpc.specialSecretSig;
}

export function secretValue(value: WireValue): WireObject {
    return { [SIG]: rpc.specialSecretSig, value };
}

/**
 * Rewrites a program's serialized properties into what the engine hands analyzers
 * (`MarshalProperties{KeepUnknowns, KeepSecrets, SkipInternalKeys}`, no `KeepResources`):
 * unknowns stay the sentinel, secrets stay wrapped (`@pulumi/policy` unwraps them), resource
 * references are downgraded to their id (unknown while the id is) or, for components, their
 * URN, output values become their value, and `__`-prefixed internal keys are dropped.
 */
export function toAnalyzerWire(value: WireValue): WireValue {
    if (Array.isArray(value)) return value.map(toAnalyzerWire);
    if (!isWireObject(value)) return value;
    switch (value[SIG]) {
        case rpc.specialResourceSig:
            return downgradeResourceReference(value);
        case rpc.specialOutputValueSig:
            return unwrapOutputValue(value);
        case rpc.specialSecretSig:
            return secretValue(toAnalyzerWire(value.value ?? null));
        case rpc.specialAssetSig:
        case rpc.specialArchiveSig:
            // The engine rebuilds assets from their sig, path/text/uri/assets; SDK markers are dropped.
            return mapObject(value, toAnalyzerWire, (key) => !key.startsWith("__"));
        default:
            return mapObject(value, toAnalyzerWire, (key) => !key.startsWith("__"));
    }
}

export function toAnalyzerProperties(props: WireObject): WireObject {
    const wire = toAnalyzerWire(props);
    return isWireObject(wire) ? wire : {};
}

function downgradeResourceReference(ref: WireObject): WireValue {
    if ("id" in ref) {
        const id = ref.id;
        return id === "" || id === null ? UNKNOWN : id;
    }
    return ref.urn ?? UNKNOWN;
}

function unwrapOutputValue(output: WireObject): WireValue {
    const inner = "value" in output ? toAnalyzerWire(output.value) : UNKNOWN;
    return output.secret === true ? secretValue(inner) : inner;
}

/** Removes secret wrappers, for callers that want plain JSON (as `@pulumi/policy` shows it). */
export function unwrapSecrets(value: WireValue): WireValue {
    if (isSecretValue(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (!isWireObject(value)) return value;
    return mapObject(value, unwrapSecrets, () => true);
}

function mapObject(obj: WireObject, fn: (v: WireValue) => WireValue, keep: (key: string) => boolean): WireObject {
    const result: WireObject = {};
    for (const [key, v] of Object.entries(obj)) {
        if (keep(key)) result[key] = fn(v);
    }
    return result;
}

/** A known string at `key`, or undefined when absent, unknown or not a string. */
export function knownString(props: WireObject, key: string): string | undefined {
    let value = props[key];
    if (isSecretValue(value)) value = value.value;
    return typeof value === "string" && value !== UNKNOWN ? value : undefined;
}

/**
 * A wire value as the shared invariant checks read it: the engine's unknown sentinel becomes
 * `UNKNOWN` (invariants/unknown), secrets are unwrapped. One conversion, for tests, checker
 * and pack alike.
 */
export function toReadValue(value: WireValue): ReadValue {
    if (isUnknownValue(value)) return UNKNOWN_LEAF;
    if (isSecretValue(value)) return toReadValue(value.value);
    if (Array.isArray(value)) return value.map(toReadValue);
    if (isWireObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toReadValue(v)]));
    return value;
}
