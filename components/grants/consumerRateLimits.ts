import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { ReadValue } from "../../invariants/policyDocument";
import { Problem, formatProblem, problem } from "../../invariants/problems";
import { DEFAULT_VALUE, DIMENSION_KEYS, Rate, checkDimensionValue, checkRate, checkRateLimit, prefixProblems } from "../../invariants/rateLimits";
import { TargetTools } from "../../invariants/toolSchema";
import { UNKNOWN } from "../../invariants/unknown";
import { toolActionName } from "../../invariants/names";
import { SpokeCaller } from "../spoke/spokeCaller";
import type { InvokeGrantee } from "./gatewayConsumerGrants";

/**
 * Rate limits of the hub gateway, in the value forms AWS documents (docs/aws-facts.md §8):
 * - `perCaller`: the `*` entry of the `$.context.iam.principal` limit, one bucket per caller;
 * - a consumer's own `rateLimit`: an entry with its role's exact ARN, which wins over `*`
 *   (`requests: 0` suspends that consumer);
 * - `perTool`: a `toolName` limit, keyed by `<target>___<tool>` (or `"*"`: every tool its own bucket).
 * Rate limits fail open and are not a security boundary: who may call at all is the resource
 * policy (I7) and Cedar (I10).
 */
export interface GatewayRateLimits {
    /** The default for every caller: each caller principal gets its own bucket at this rate. */
    perCaller?: Rate;
    /** Per-tool limits, keyed by `<target>___<tool>` as the gateway names its tools, or `"*"`. */
    perTool?: Record<string, Rate>;
}

/** What of a consumer a rate-limit entry needs: its role ARN and rate. */
type RateLimitedConsumer = { index: number; roleArn: pulumi.Input<string>; rate: Rate };

/** The rate a consumer asked for; `rateLimitPerMinute` is the deprecated spelling of a per-minute rate. */
export function consumerRate(c: InvokeGrantee): Rate | undefined {
    if (c instanceof SpokeCaller) return c.rateLimit;
    if (!("roleArn" in c)) return undefined;
    if (c.rateLimit !== undefined) return c.rateLimit;
    return c.rateLimitPerMinute !== undefined ? { requests: c.rateLimitPerMinute, per: "minute" } : undefined;
}

function rateLimited(consumers: readonly InvokeGrantee[]): RateLimitedConsumer[] {
    return consumers.flatMap((c, index) => {
        const rate = consumerRate(c);
        if (rate === undefined || !(c instanceof SpokeCaller || "roleArn" in c)) return [];
        return [{ index, roleArn: c.roleArn, rate }];
    });
}

function rateWhere(path: string): { rate: string; period: string } {
    return { rate: `${path}.requests`, period: `${path}.per` };
}

function toolNamesOf(tools: readonly TargetTools[]): string[] {
    return tools.flatMap((t) => t.tools.map((tool) => toolActionName(t.targetName, tool.name)));
}

/** The two limits the hub registers, as plain values (UNKNOWN for ARNs not known at construction). */
function planned(consumers: readonly InvokeGrantee[], limits: GatewayRateLimits): { label: string; dimensionKeys: string[]; entries: ReadValue[] }[] {
    const out: { label: string; dimensionKeys: string[]; entries: ReadValue[] }[] = [];
    const callers: ReadValue[] = rateLimited(consumers).map((c) => ({
        dimensions: { [DIMENSION_KEYS.principal]: typeof c.roleArn === "string" ? c.roleArn : UNKNOWN },
        requests: [{ rate: c.rate.requests, period: c.rate.per }],
    }));
    if (limits.perCaller) callers.push({ dimensions: { [DIMENSION_KEYS.principal]: DEFAULT_VALUE }, requests: [{ rate: limits.perCaller.requests, period: limits.perCaller.per }] });
    if (callers.length > 0) out.push({ label: "the per-caller rate limit (one entry per rate-limited consumer, plus \"*\" for rateLimits.perCaller)", dimensionKeys: [DIMENSION_KEYS.principal], entries: callers });
    const tools = Object.entries(limits.perTool ?? {}).map(([tool, r]): ReadValue => ({ dimensions: { [DIMENSION_KEYS.toolName]: tool }, requests: [{ rate: r.requests, period: r.per }] }));
    if (tools.length > 0) out.push({ label: "the per-tool rate limit (rateLimits.perTool)", dimensionKeys: [DIMENSION_KEYS.toolName], entries: tools });
    return out;
}

/**
 * Every problem with the rate limits asked for, before anything is registered. `tools` are the
 * gateway's tools when known: a per-tool key naming no tool of this gateway never binds.
 */
export function validateRateLimits(consumers: readonly InvokeGrantee[], limits: GatewayRateLimits | undefined, tools: readonly TargetTools[] | undefined): Problem[] {
    const out: Problem[] = [];
    consumers.forEach((c, i) => {
        if (c instanceof SpokeCaller) return; // SpokeCaller checked its own rate at construction.
        const asked = c as { rateLimit?: unknown; rateLimitPerMinute?: unknown };
        if (!("roleArn" in c)) {
            // Also a type error; this catches JavaScript callers and casts.
            if (asked.rateLimit !== undefined || asked.rateLimitPerMinute !== undefined) {
                const field = asked.rateLimit !== undefined ? "rateLimit" : "rateLimitPerMinute";
                out.push(problem("I12", `consumers[${i}].${field} is set on a ${"wholeAccount" in c ? "whole-account" : "role-path"} grant of account ${c.accountId}: no single principal value binds to it (AWS matches $.context.iam.principal exactly), so the limit would never apply.`, "Rate-limit exact role ARNs (a SpokeCaller or { roleArn }), or set rateLimits.perCaller, which gives every caller its own bucket."));
            }
            return;
        }
        if (c.rateLimit !== undefined && c.rateLimitPerMinute !== undefined) {
            out.push(problem("I12", `consumers[${i}] sets both rateLimit and rateLimitPerMinute = ${c.rateLimitPerMinute}: a consumer has one rate.`, "Keep rateLimit and drop the deprecated rateLimitPerMinute."));
        }
        if (c.rateLimit !== undefined) out.push(...checkRate(c.rateLimit.requests, c.rateLimit.per, rateWhere(`consumers[${i}].rateLimit`)).problems);
        else if (c.rateLimitPerMinute !== undefined) out.push(...checkRate(c.rateLimitPerMinute, "minute", { rate: `consumers[${i}].rateLimitPerMinute`, period: `consumers[${i}].rateLimitPerMinute's period` }).problems);
    });
    if (limits?.perCaller) out.push(...checkRate(limits.perCaller.requests, limits.perCaller.per, rateWhere("rateLimits.perCaller")).problems);
    const known = tools ? new Set(toolNamesOf(tools)) : undefined;
    for (const [tool, r] of Object.entries(limits?.perTool ?? {})) {
        const where = `rateLimits.perTool[${JSON.stringify(tool)}]`;
        const value = checkDimensionValue(DIMENSION_KEYS.toolName, tool, `${where} key`).problems;
        out.push(...value);
        if (value.length === 0 && tool !== DEFAULT_VALUE && known && !known.has(tool)) {
            out.push(problem("I12", `${where} key names no tool this gateway exposes, so the entry never matches and the limit fails open.`, `Use one of the gateway's tool names (${[...known].slice(0, 5).join(", ")}${known.size > 5 ? ", ..." : ""}), or "*".`));
        }
        out.push(...checkRate(r.requests, r.per, rateWhere(where)).problems);
    }
    if (out.length > 0) return out;
    // The limits as they will be registered, through the same check the pack runs (entry counts, duplicates).
    for (const l of planned(consumers, limits ?? {})) out.push(...prefixProblems(l.label, checkRateLimit({ dimensionKeys: l.dimensionKeys, entries: l.entries }).problems));
    return out;
}

/** A consumer role ARN as an entry value, checked once known (an ARN given as an output is checked here only). */
function principalValue(parent: pulumi.Resource, c: RateLimitedConsumer): pulumi.Output<string> {
    return pulumi.output(c.roleArn).apply((arn) => {
        const r = checkDimensionValue(DIMENSION_KEYS.principal, arn, `consumers[${c.index}].roleArn`);
        if (r.problems.length > 0) throw new pulumi.ResourceError(r.problems.map(formatProblem).join("; "), parent);
        return arn;
    });
}

/**
 * Registers one GatewayRateLimit per distinct dimension-key list: `$.context.iam.principal`
 * (exact role ARNs, then `*`) and `toolName`. Names are stable per key list, so adding a
 * consumer updates the limit in place (dimensionKeys are create-only).
 */
export function registerRateLimits(name: string, parent: pulumi.Resource, gatewayId: pulumi.Input<string>, consumers: readonly InvokeGrantee[], limits: GatewayRateLimits | undefined, dependsOn: pulumi.Input<pulumi.Resource>[]): awsnative.bedrockagentcore.GatewayRateLimit[] {
    const out: awsnative.bedrockagentcore.GatewayRateLimit[] = [];
    const callers = rateLimited(consumers).map((c) => ({
        dimensions: { [DIMENSION_KEYS.principal]: principalValue(parent, c) },
        requests: [{ rate: c.rate.requests, period: c.rate.per }],
    }));
    if (limits?.perCaller) callers.push({ dimensions: { [DIMENSION_KEYS.principal]: pulumi.output(DEFAULT_VALUE) }, requests: [{ rate: limits.perCaller.requests, period: limits.perCaller.per }] });
    if (callers.length > 0) {
        out.push(new awsnative.bedrockagentcore.GatewayRateLimit(`${name}-caller-rate-limit`, {
            gatewayIdentifier: gatewayId,
            description: "Per-caller request rates: consumer role ARNs exactly, then \"*\" (each other caller its own bucket).",
            dimensionKeys: [DIMENSION_KEYS.principal],
            entries: callers,
        }, { parent, dependsOn }));
    }
    const tools = Object.entries(limits?.perTool ?? {}).map(([tool, r]) => ({ dimensions: { [DIMENSION_KEYS.toolName]: tool }, requests: [{ rate: r.requests, period: r.per }] }));
    if (tools.length > 0) {
        out.push(new awsnative.bedrockagentcore.GatewayRateLimit(`${name}-tool-rate-limit`, {
            gatewayIdentifier: gatewayId,
            description: "Per-tool request rates (<target>___<tool>).",
            dimensionKeys: [DIMENSION_KEYS.toolName],
            entries: tools,
        }, { parent, dependsOn }));
    }
    return out;
}
