import { parseArn } from "./arns";
import { CFN_LIMITS } from "./cfnLimits.generated";
import { NAME_RULES, splitToolActionName } from "./names";
import { ReadValue } from "./policyDocument";
import { CheckResult, Problem, problem } from "./problems";
import { UNKNOWN, isUnknown } from "./unknown";

/**
 * AgentCore gateway rate limits (AWS::BedrockAgentCore::GatewayRateLimit), written once for the
 * components and the pack (docs/aws-facts.md §8). AWS matches an entry's dimension values
 * exactly; `*` is a whole-value default (each caller, tool, ... gets its own bucket) and may only
 * fill trailing positions. A value that can never equal what the gateway resolves binds nothing,
 * and rate limits fail open, so such an entry is refused rather than deployed as a silent no-op.
 */

const SCHEMA = CFN_LIMITS["AWS::BedrockAgentCore::GatewayRateLimit"].properties;

function defined<T>(value: T | undefined, pointer: string): T {
    if (value === undefined) throw new Error(`cfnLimits.generated.ts has no ${pointer} for AWS::BedrockAgentCore::GatewayRateLimit: re-derive it (scripts/derive-cfn-limits.js).`);
    return value;
}

/** The numbers AWS enforces, read from the CloudFormation schema (invariants/cfnLimits.generated.ts). */
export const RATE_LIMIT_LIMITS = {
    rateMin: defined(SCHEMA["Entries[].Requests[].Rate"].minimum, "Entries[].Requests[].Rate minimum"),
    rateMax: defined(SCHEMA["Entries[].Requests[].Rate"].maximum, "Entries[].Requests[].Rate maximum"),
    entriesPerLimit: defined(SCHEMA["Entries"].maxItems, "Entries maxItems"),
    dimensionKeysPerLimit: defined(SCHEMA["DimensionKeys"].maxItems, "DimensionKeys maxItems"),
    dimensionValueMinLength: defined(SCHEMA["Entries[].Dimensions{}"].minLength, "Entries[].Dimensions{} minLength"),
    dimensionValueMaxLength: defined(SCHEMA["Entries[].Dimensions{}"].maxLength, "Entries[].Dimensions{} maxLength"),
    descriptionMaxLength: defined(SCHEMA["Description"].maxLength, "Description maxLength"),
    // Not in the CFN schema: gateway-rate-limits.html "Rate limits per gateway | 50".
    limitsPerGateway: 50,
} as const;

/** CFN schema: /definitions/Period/enum */
export const RATE_PERIODS = ["second", "minute"] as const;
export type RatePeriod = (typeof RATE_PERIODS)[number];

/** CFN schema: /properties/DimensionKeys/items/pattern */
export const DIMENSION_KEY_PATTERN = new RegExp(defined(SCHEMA["DimensionKeys[]"].pattern, "DimensionKeys[] pattern"));

/** The dimension keys our components use (gateway-rate-limits-dimensions.html). */
export const DIMENSION_KEYS = {
    /** "The IAM principal ARN of the caller", e.g. `arn:aws:iam::123456789012:role/MyRole`. */
    principal: "$.context.iam.principal",
    /** `<target>___<tool>`, for MCP tool-use requests. */
    toolName: "toolName",
    targetName: "targetName",
} as const;

/** The whole-value default: "apply this rate to all values of this dimension", one bucket each. */
export const DEFAULT_VALUE = "*";

/** The metric arrays of an entry (each holds exactly one RateConfig). */
export const RATE_METRICS = ["requests", "tokens", "connections"] as const;

/** A request rate as our components take it. */
export interface Rate {
    /** Whole number 0..10,000,000; 0 blocks every matching request (suspends a consumer). */
    requests: number;
    per: RatePeriod;
}

const HELP_RATE = `a whole number from ${RATE_LIMIT_LIMITS.rateMin} to ${RATE_LIMIT_LIMITS.rateMax.toLocaleString("en-US")} (0 blocks every matching request)`;

function show(v: unknown): string {
    if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
    return JSON.stringify(v) ?? String(v);
}

/**
 * A rate and its period, wherever they come from: `requests`/`per` of a component's `Rate`, or
 * `rate`/`period` of a RateConfig. `where` names each so the message points at the argument.
 */
export function checkRate(rate: ReadValue | undefined, period: ReadValue | undefined, where: { rate: string; period: string }): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    if (isUnknown(rate)) out.deferred.push(`${where.rate} is not known yet`);
    else if (typeof rate !== "number") {
        out.problems.push(problem("I12", `${where.rate} = ${show(rate)} is a ${rate === null || rate === undefined ? "missing value" : typeof rate}, not a number.`, `Set ${where.rate} to ${HELP_RATE}, as a number.`));
    } else if (!Number.isInteger(rate) || rate < RATE_LIMIT_LIMITS.rateMin || rate > RATE_LIMIT_LIMITS.rateMax) {
        out.problems.push(problem("I12", `${where.rate} = ${show(rate)} must be ${HELP_RATE}.`, `Set ${where.rate} to ${HELP_RATE}.`));
    }
    if (isUnknown(period)) out.deferred.push(`${where.period} is not known yet`);
    else if (typeof period !== "string" || !(RATE_PERIODS as readonly string[]).includes(period)) {
        out.problems.push(problem("I12", `${where.period} = ${show(period)} is not a rate period: AWS accepts "second" or "minute".`, `Set ${where.period} to "second" or "minute".`));
    }
    return out;
}

/**
 * An IAM principal value that can bind: the exact ARN of a role or user, as AWS's example
 * shows (`arn:aws:iam::123456789012:role/MyRole`). A role session (`arn:aws:sts::…:assumed-role/…`)
 * or a pattern is never what `$.context.iam.principal` resolves to.
 */
function principalProblem(value: string): string | undefined {
    const arn = parseArn(value);
    if (!arn) return "is not an ARN";
    if (arn.service !== "iam") return `is an ${arn.service} ARN, not the IAM principal ARN the gateway resolves (a role's ARN, arn:<partition>:iam::<account>:role/<path><name>)`;
    if (!/^\d{12}$/.test(arn.accountId)) return `has account id ${JSON.stringify(arn.accountId)}, not 12 digits`;
    if (!/^(role|user)\/[\w+=,.@/-]+$/.test(arn.resource) || arn.resource.endsWith("/")) return "is not the exact ARN of one IAM role or user";
    return undefined;
}

/**
 * Why a dimension value can never bind for its key, or undefined when it can. Values are
 * matched exactly; only the whole value `*` is a default, so any other `*` or `?` is literal.
 */
export function unbindableReason(key: string, value: string): string | undefined {
    if (value === DEFAULT_VALUE) return undefined;
    if (/[*?]/.test(value)) return "has a partial wildcard: AWS matches dimension values exactly, and only the whole value \"*\" is a default";
    if (key === DIMENSION_KEYS.principal) return principalProblem(value);
    if (key === DIMENSION_KEYS.toolName) {
        const parts = splitToolActionName(value);
        if (!parts || !NAME_RULES.target.pattern.test(parts.target) || !NAME_RULES.tool.pattern.test(parts.tool)) return "is not a tool name of the form <target>___<tool>";
    }
    if (key === DIMENSION_KEYS.targetName && !NAME_RULES.target.pattern.test(value)) return `is not a ${NAME_RULES.target.what} (${NAME_RULES.target.describe})`;
    return undefined;
}

const VALUE_FIX: Record<string, string> = {
    [DIMENSION_KEYS.principal]: "Use the caller role's exact ARN (arn:aws:iam::<account>:role/<path><name>), or \"*\" for a default that gives each caller its own bucket.",
    [DIMENSION_KEYS.toolName]: "Use a tool name the gateway exposes (<target>___<tool>), or \"*\" for every tool.",
};

/** One dimension value: 1..256 characters, and able to bind for its key. */
export function checkDimensionValue(key: string, value: ReadValue | undefined, where: string): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    if (isUnknown(value)) {
        out.deferred.push(`${where} is not known yet`);
        return out;
    }
    if (typeof value !== "string") {
        out.problems.push(problem("I12", `${where} = ${show(value)} is a ${value === null || value === undefined ? "missing value" : typeof value}, not a string.`, "Set every dimension value to a string."));
        return out;
    }
    const { dimensionValueMinLength: min, dimensionValueMaxLength: max } = RATE_LIMIT_LIMITS;
    if (value.length < min || value.length > max) {
        out.problems.push(problem("I12", `${where} = ${show(value)} has ${value.length} characters; a dimension value has ${min} to ${max}.`, "Shorten the value."));
        return out;
    }
    const reason = unbindableReason(key, value);
    if (reason) {
        out.problems.push(problem("I12", `${where} = ${show(value)} ${reason}, so the entry never matches and the limit fails open.`, VALUE_FIX[key] ?? "Use the exact value the gateway resolves, or \"*\"."));
    }
    return out;
}

/** A rate limit as either side reads it: plain values, with UNKNOWN leaves. */
export interface RateLimitInput {
    dimensionKeys: ReadValue | undefined;
    entries: ReadValue | undefined;
    description?: ReadValue;
}

function isObject(v: ReadValue | undefined): v is { [key: string]: ReadValue } {
    return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) && !isUnknown(v);
}

function checkKeys(keys: ReadValue | undefined, out: CheckResult): string[] | typeof UNKNOWN {
    if (isUnknown(keys)) {
        out.deferred.push("dimensionKeys is not known yet");
        return UNKNOWN;
    }
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > RATE_LIMIT_LIMITS.dimensionKeysPerLimit) {
        out.problems.push(problem("I12", `dimensionKeys = ${show(keys)} must list 1 to ${RATE_LIMIT_LIMITS.dimensionKeysPerLimit} dimension keys.`, `Name the dimensions to group traffic by, e.g. ["${DIMENSION_KEYS.principal}"].`));
        return UNKNOWN;
    }
    const known: string[] = [];
    let unknown = false;
    keys.forEach((k, i) => {
        if (isUnknown(k)) {
            out.deferred.push(`dimensionKeys[${i}] is not known yet`);
            unknown = true;
        } else if (typeof k !== "string" || !DIMENSION_KEY_PATTERN.test(k)) {
            out.problems.push(problem("I12", `dimensionKeys[${i}] = ${show(k)} is not a dimension key AWS supports.`, "Use targetName, toolName, qualifiedModelId, $.context.iam.principal, $.context.iam.sourceIdentity or $.context.jwt.<claim>."));
            unknown = true;
        } else if (known.includes(k)) {
            out.problems.push(problem("I12", `dimensionKeys[${i}] = ${show(k)} repeats dimensionKeys[${known.indexOf(k)}].`, "List each dimension key once."));
            unknown = true;
        } else known.push(k);
    });
    return unknown ? UNKNOWN : known;
}

function checkMetrics(entry: { [key: string]: ReadValue }, where: string, out: CheckResult): void {
    for (const metric of RATE_METRICS) {
        const configs = entry[metric];
        if (configs === undefined || configs === null) continue;
        if (isUnknown(configs)) {
            out.deferred.push(`${where}.${metric} is not known yet`);
            continue;
        }
        if (!Array.isArray(configs) || configs.length !== 1) {
            out.problems.push(problem("I12", `${where}.${metric} = ${show(configs)} must hold exactly one rate configuration.`, `Set ${where}.${metric} to [{ rate, period }].`));
            continue;
        }
        const c = configs[0];
        if (isUnknown(c)) {
            out.deferred.push(`${where}.${metric}[0] is not known yet`);
            continue;
        }
        const cfg = isObject(c) ? c : {};
        merge(out, checkRate(cfg.rate, cfg.period, { rate: `${where}.${metric}[0].rate`, period: `${where}.${metric}[0].period` }));
    }
}

function merge(into: CheckResult, r: CheckResult): void {
    into.problems.push(...r.problems);
    into.deferred.push(...r.deferred);
}

/**
 * Every rule one rate limit shows on its own: dimension keys, entry count, each entry's keys
 * (exactly the limit's), values (1..256 characters, able to bind, `*` only trailing), rates,
 * and no two entries with the same dimension values.
 */
export function checkRateLimit(limit: RateLimitInput): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const keys = checkKeys(limit.dimensionKeys, out);
    const d = limit.description;
    if (typeof d === "string" && d.length > RATE_LIMIT_LIMITS.descriptionMaxLength) {
        out.problems.push(problem("I12", `description has ${d.length} characters; AWS accepts at most ${RATE_LIMIT_LIMITS.descriptionMaxLength}.`, "Shorten the description."));
    }
    const entries = limit.entries;
    if (isUnknown(entries)) {
        out.deferred.push("entries is not known yet");
        return out;
    }
    if (!Array.isArray(entries) || entries.length === 0) {
        out.problems.push(problem("I12", "entries is empty: a rate limit needs 1 to 1,000 entries.", "Add an entry, or remove the rate limit."));
        return out;
    }
    if (entries.length > RATE_LIMIT_LIMITS.entriesPerLimit) {
        out.problems.push(problem("I12", `entries has ${entries.length} entries; a rate limit holds at most ${RATE_LIMIT_LIMITS.entriesPerLimit}.`, "Rate-limit fewer callers individually and give the rest the \"*\" default, or split them across dimension keys."));
    }
    const seen = new Map<string, number>();
    entries.forEach((e, i) => {
        const where = `entries[${i}]`;
        if (isUnknown(e)) {
            out.deferred.push(`${where} is not known yet`);
            return;
        }
        if (!isObject(e)) {
            out.problems.push(problem("I12", `${where} = ${show(e)} is not an entry object.`, "Give each entry { dimensions, requests }."));
            return;
        }
        checkMetrics(e, where, out);
        const dims = e.dimensions;
        if (isUnknown(dims)) {
            out.deferred.push(`${where}.dimensions is not known yet`);
            return;
        }
        if (!isObject(dims)) {
            out.problems.push(problem("I12", `${where}.dimensions = ${show(dims)} is not a map of dimension key to value.`, "Give one value per dimension key."));
            return;
        }
        let decidable = true;
        for (const [k, v] of Object.entries(dims)) {
            const r = checkDimensionValue(k, v, `${where}.dimensions[${JSON.stringify(k)}]`);
            merge(out, r);
            if (r.problems.length > 0 || r.deferred.length > 0) decidable = false;
        }
        if (isUnknown(keys)) return;
        const given = Object.keys(dims);
        if (given.length !== keys.length || keys.some((k) => !given.includes(k))) {
            out.problems.push(problem("I12", `${where}.dimensions has keys ${show(given)}; they must be exactly the limit's dimensionKeys ${show(keys)}.`, "Give each entry one value per dimension key of the limit."));
            return;
        }
        const values = keys.map((k) => dims[k]);
        const firstDefault = values.findIndex((v) => v === DEFAULT_VALUE);
        if (firstDefault >= 0 && values.slice(firstDefault).some((v) => v !== DEFAULT_VALUE)) {
            out.problems.push(problem("I12", `${where}.dimensions sets "*" for ${keys[firstDefault]} before an exact value: AWS allows "*" only in trailing positions of dimensionKeys.`, "Order dimensionKeys so the defaulted dimensions come last, or give the earlier dimension an exact value."));
        }
        if (!decidable) return;
        const id = JSON.stringify(values);
        const before = seen.get(id);
        if (before !== undefined) {
            out.problems.push(problem("I12", `${where}.dimensions ${show(dims)} repeats entries[${before}]: two entries with the same dimensions.`, "Keep one entry per combination of dimension values."));
        } else seen.set(id, i);
    });
    return out;
}

/** One gateway's rate limits as a stack sees them: a label each and its dimension keys. */
export interface GatewayLimitRef {
    label: string;
    dimensionKeys: ReadValue | undefined;
}

/** At most 50 rate limits per gateway, and no two with the same dimensionKeys list. */
export function checkGatewayRateLimits(gateway: string, limits: readonly GatewayLimitRef[]): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    if (limits.length > RATE_LIMIT_LIMITS.limitsPerGateway) {
        out.problems.push(problem("I12", `${gateway} has ${limits.length} rate limits; AWS allows ${RATE_LIMIT_LIMITS.limitsPerGateway} per gateway.`, "Merge limits that share dimension keys, or drop some."));
    }
    const seen = new Map<string, string>();
    for (const l of limits) {
        const keys = l.dimensionKeys;
        if (isUnknown(keys) || (Array.isArray(keys) && keys.some(isUnknown))) {
            out.deferred.push(`${l.label}: dimensionKeys is not known yet, so its uniqueness on ${gateway} is not decided`);
            continue;
        }
        const id = JSON.stringify(keys);
        const other = seen.get(id);
        if (other !== undefined) {
            out.problems.push(problem("I12", `${l.label} and ${other} on ${gateway} both have dimensionKeys ${id}; AWS keeps dimensionKeys unique per gateway.`, "Put all entries for these dimension keys in one rate limit."));
        } else seen.set(id, l.label);
    }
    return out;
}

/** A Problem list in a component's words: the invariant check's paths prefixed by what the component built. */
export function prefixProblems(prefix: string, problems: readonly Problem[]): Problem[] {
    return problems.map((p) => ({ ...p, message: `${prefix}: ${p.message}` }));
}
