import { CFN_LIMITS, CfnTypeName, SchemaLimits } from "./cfnLimits.generated";
import { DOC_LIMITS } from "./limits";
import { ReadValue } from "./policyDocument";
import { CheckResult, Problem, emptyResult, problem } from "./problems";
import { isUnknown } from "./unknown";

/**
 * One check of a value against a property's published limits (I12): the same function for the
 * components (before anything is registered) and the pack (raw resources), so both say the same.
 * AWS refuses such a value at create or update time, after earlier resources already exist.
 */

/** A rule: its limits and where they are published, as the message names it. */
export interface LimitRule {
    limits: SchemaLimits;
    /** e.g. `AWS::BedrockAgentCore::Gateway Description (CloudFormation schema)`. */
    source: string;
}

/** The rule a CloudFormation schema publishes for one property path (see cfnLimits.generated.ts). */
export function schemaRule<T extends CfnTypeName>(type: T, property: keyof (typeof CFN_LIMITS)[T]["properties"] & string): LimitRule {
    const props: Readonly<Record<string, SchemaLimits>> = CFN_LIMITS[type].properties;
    return { limits: props[property], source: `${type} ${property} (CloudFormation schema)` };
}

/** A rule AWS documents but no schema holds (invariants/limits.ts DOC_LIMITS). */
export function docRule(key: keyof typeof DOC_LIMITS): LimitRule {
    return { limits: DOC_LIMITS[key], source: `${key} (AWS documentation)` };
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
    if (min !== undefined && min > 0 && max !== undefined) return `${min}-${max.toLocaleString("en-US")} ${unit}`;
    if (max !== undefined) return `at most ${max.toLocaleString("en-US")} ${unit}`;
    return `at least ${min ?? 0} ${unit}`;
}

function show(value: string): string {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** Lengths as AWS counts them: Unicode code points, not UTF-16 units. */
function length(value: string): number {
    return [...value].length;
}

function checkString(rule: LimitRule, value: string, argument: string): Problem[] {
    const { limits: l, source } = rule;
    const out: Problem[] = [];
    const n = length(value);
    if ((l.maxLength !== undefined && n > l.maxLength) || (l.minLength !== undefined && n < l.minLength)) {
        const allowed = range(l.minLength, l.maxLength, "characters");
        out.push(problem("I12", `${argument} = ${show(value)} has ${n} characters; ${source} allows ${allowed}.`, n === 0 ? "Leave it unset, or give it a value." : `Use ${allowed}.`));
    }
    // JSON Schema semantics: a pattern matches anywhere unless it anchors itself (what AWS validates).
    if (l.pattern !== undefined && !new RegExp(l.pattern).test(value)) {
        out.push(problem("I12", `${argument} = ${show(value)} does not match ${source}: ${l.pattern}.`, `Use only what the pattern ${l.pattern} allows.`));
    }
    if (l.enum !== undefined && !l.enum.includes(value)) {
        out.push(problem("I12", `${argument} = ${show(value)} is not one of ${l.enum.join(", ")} (${source}).`, `Use one of ${l.enum.join(", ")}.`));
    }
    return out;
}

/**
 * The problems with `value` under `rule`, naming `argument`; an unknown value is deferred by name
 * (never passed); an absent one (undefined or null) has nothing to check. Containers are checked
 * for their own size only: their items have rules of their own (`Tags{}`, `Tags[].Key`).
 */
export function checkLimits(rule: LimitRule, value: ReadValue | undefined, argument: string): CheckResult {
    const result = emptyResult();
    if (value === undefined || value === null) return result;
    if (isUnknown(value)) {
        result.deferred.push(`${argument} is unknown, so ${rule.source} is checked at pulumi up`);
        return result;
    }
    const l = rule.limits;
    if (typeof value === "string") result.problems.push(...checkString(rule, value, argument));
    else if (typeof value === "number") {
        if ((l.minimum !== undefined && value < l.minimum) || (l.maximum !== undefined && value > l.maximum)) {
            result.problems.push(problem("I12", `${argument} = ${value} is outside ${l.minimum ?? "-inf"}-${l.maximum ?? "inf"} (${rule.source}).`, `Use a value from ${l.minimum ?? "-inf"} to ${l.maximum ?? "inf"}.`));
        }
    } else if (Array.isArray(value)) {
        if ((l.maxItems !== undefined && value.length > l.maxItems) || (l.minItems !== undefined && value.length < l.minItems)) {
            const allowed = range(l.minItems, l.maxItems, "entries");
            result.problems.push(problem("I12", `${argument} has ${value.length} entries; ${rule.source} allows ${allowed}.`, value.length === 0 ? "Leave it unset, or give it entries." : `Keep it to ${allowed}.`));
        }
    } else if (typeof value === "object") {
        const n = Object.keys(value).length;
        if ((l.maxProperties !== undefined && n > l.maxProperties) || (l.minProperties !== undefined && n < l.minProperties)) {
            const allowed = range(l.minProperties, l.maxProperties, "entries");
            result.problems.push(problem("I12", `${argument} has ${n} entries; ${rule.source} allows ${allowed}.`, `Keep it to ${allowed}.`));
        }
    }
    return result;
}

/** A path of the generated table, split: `Tags{}` -> ["Tags", "{}"]. */
function segments(path: string): string[] {
    return path.split(".").flatMap((p) => p.split(/(?=\[\]|\{\}|\{key\})/));
}

interface Located {
    value: ReadValue;
    argument: string;
}

/** Every value at `path` under `root` (lists and maps fan out); an unknown step is returned as unknown. */
function locate(root: ReadValue, path: string[], argument: string): Located[] {
    if (path.length === 0) return [{ value: root, argument }];
    if (isUnknown(root)) return [{ value: root, argument }];
    const [head, ...rest] = path;
    if (head === "[]") return Array.isArray(root) ? root.flatMap((v, i) => locate(v, rest, `${argument}[${i}]`)) : [];
    if (root === null || typeof root !== "object" || Array.isArray(root)) return [];
    if (head === "{}") return Object.entries(root).flatMap(([k, v]) => locate(v, rest, `${argument}[${JSON.stringify(k)}]`));
    if (head === "{key}") return Object.keys(root).map((k) => ({ value: k, argument: `${argument} key ${JSON.stringify(k)}` }));
    const next = root[head];
    return next === undefined ? [] : locate(next, rest, argument ? `${argument}.${head}` : head);
}

/**
 * Every published limit of one CloudFormation type checked over a resource's properties, read
 * by @pulumi/aws-native's names (the table's `sdk` paths). For raw resources in the pack.
 */
export function checkSchemaProperties(type: CfnTypeName, props: { [key: string]: ReadValue }): CheckResult {
    const result = emptyResult();
    const table: Readonly<Record<string, SchemaLimits>> = CFN_LIMITS[type].properties;
    for (const [property, limits] of Object.entries(table)) {
        if (limits.sdk === undefined) continue;
        const rule = { limits, source: `${type} ${property} (CloudFormation schema)` };
        for (const { value, argument } of locate(props, segments(limits.sdk), "")) {
            const r = checkLimits(rule, value, argument);
            result.problems.push(...r.problems);
            result.deferred.push(...r.deferred);
        }
    }
    return result;
}

/** The CloudFormation type an aws-native token registers, when the table has it. */
export function cfnTypeOf(token: string): CfnTypeName | undefined {
    return (Object.keys(CFN_LIMITS) as CfnTypeName[]).find((t) => CFN_LIMITS[t].token === token);
}

/**
 * One rule over a resource's properties at `path` (the table's path syntax, in the resource's
 * own names): every value there is checked; `unknownDecided` drops the deferral for an unknown
 * value that another check decides, or that AWS assigns.
 */
export function checkRuleAt(rule: LimitRule, props: { [key: string]: ReadValue }, path: string, unknownDecided = false): CheckResult {
    const result = emptyResult();
    for (const { value, argument } of locate(props, segments(path), "")) {
        if (unknownDecided && isUnknown(value)) continue;
        const r = checkLimits(rule, value, argument);
        result.problems.push(...r.problems);
        result.deferred.push(...r.deferred);
    }
    return result;
}
