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
    /**
     * The inputs the engine handed `Analyze` for this resource (after the provider's Check), when
     * they were recorded: at `AnalyzeStack` the props are outputs, and a bridged provider's
     * preview leaves an Optional+Computed attribute the program did not set unknown
     * (model/propertyValue.ts). Undefined when no record exists.
     */
    inputs?: ReadObject;
    /** The properties of the resource's provider (its Region), when the engine sent them. */
    providerProps?: ReadObject;
    /** The URN of the resource's provider, when the engine sent it (two resources of one provider share its account and Region). */
    providerUrn?: string;
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

/**
 * The objects of a list. An unknown list is `UNKNOWN`, never `[]`: the caller must decide what
 * an unknown list means (a named deferral or a fail-closed violation), the type forces it.
 * Unknown elements are kept as `UNKNOWN` for the same reason.
 */
export function objects(value: ReadValue | undefined): MaybeUnknown<MaybeUnknown<ReadObject>[]> {
    const items = list(value);
    if (isUnknown(items)) return UNKNOWN;
    return items.flatMap((v): MaybeUnknown<ReadObject>[] => (isUnknown(v) ? [UNKNOWN] : isObject(v) ? [v] : []));
}

/** The known objects of a list that is known to hold only known objects; UNKNOWN otherwise. */
export function knownObjects(value: ReadValue | undefined): MaybeUnknown<ReadObject[]> {
    const items = objects(value);
    if (isUnknown(items) || items.some(isUnknown)) return UNKNOWN;
    return items as ReadObject[];
}

export function strings(value: ReadValue | undefined): MaybeUnknown<string>[] {
    const items = list(value);
    if (isUnknown(items)) return [UNKNOWN];
    return items.flatMap((v): MaybeUnknown<string>[] => (isUnknown(v) ? [UNKNOWN] : typeof v === "string" ? [v] : []));
}

export { isObject };
