import { ReadValue } from "../../invariants/policyDocument";
import { MaybeUnknown, UNKNOWN, isUnknown } from "../../invariants/unknown";

/**
 * One resource as the pack's checks see it, whoever produced it: `@pulumi/policy` during
 * `pulumi preview --policy-pack`, or the offline checker from a captured program. Unknown leaves
 * are `UNKNOWN`; relations are URNs.
 */
export interface ModelResource {
    urn: string;
    type: string;
    name: string;
    props: { [key: string]: ReadValue };
    /** Top-level property name -> URNs of the resources its value came from. */
    propertyDependencies: Record<string, string[]>;
    dependencies: string[];
    parent?: string;
}

export type ReadObject = { [key: string]: ReadValue };

function isObject(v: ReadValue | undefined): v is ReadObject {
    return v !== undefined && v !== null && typeof v === "object" && !Array.isArray(v) && !isUnknown(v);
}

/** The value at a dotted path; UNKNOWN when any step is unknown; undefined when absent. */
export function at(value: ReadValue | undefined, ...path: string[]): ReadValue | undefined {
    let cur: ReadValue | undefined = value;
    for (const key of path) {
        if (isUnknown(cur)) return UNKNOWN;
        if (!isObject(cur)) return undefined;
        cur = cur[key];
    }
    return cur;
}

export function str(value: ReadValue | undefined): MaybeUnknown<string> | undefined {
    if (isUnknown(value)) return UNKNOWN;
    return typeof value === "string" ? value : undefined;
}

export function bool(value: ReadValue | undefined): MaybeUnknown<boolean> | undefined {
    if (isUnknown(value)) return UNKNOWN;
    return typeof value === "boolean" ? value : undefined;
}

export function list(value: ReadValue | undefined): ReadValue[] | typeof UNKNOWN {
    if (isUnknown(value)) return UNKNOWN;
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

export function objects(value: ReadValue | undefined): ReadObject[] {
    const items = list(value);
    return isUnknown(items) ? [] : items.filter(isObject);
}

export function strings(value: ReadValue | undefined): MaybeUnknown<string>[] {
    const items = list(value);
    if (isUnknown(items)) return [UNKNOWN];
    return items.flatMap((v): MaybeUnknown<string>[] => (isUnknown(v) ? [UNKNOWN] : typeof v === "string" ? [v] : []));
}

export { isObject };
