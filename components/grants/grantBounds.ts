import { AccountScope, gatewayArnPattern, roleArn } from "../../invariants/arns";
import {
    ConsumerGrant,
    GatewayPolicyPlan,
    GrantSummary,
    planGatewayResourcePolicy,
    summarizeGrants,
} from "../../invariants/documents/gatewayGrants";
import { NAME_RULES } from "../../invariants/names";
import { Problem } from "../../invariants/problems";
import { placeholderScope } from "../hub/rolePermissions";
import { SpokeCaller } from "../spoke/spokeCaller";
import type * as pulumi from "@pulumi/pulumi";

/**
 * What this file reads of a consumer. `InvokeGrantee` (gatewayConsumerGrants.ts) is assignable
 * to it; it is written out here so that the two files do not import each other.
 */
export type BoundedGrantee =
    | SpokeCaller
    | { roleArn: pulumi.Input<string> }
    | { accountId: string; rolePath: string; partition?: string }
    | { accountId: string; wholeAccount: true; partition?: string };

/**
 * The gateway's resource-based policy embeds the gateway ARN (known only once the gateway
 * exists) and the spoke accounts of SpokeCallers (known only from their providers). So that
 * its limits are checked at construction, and the same form is chosen at preview and at up,
 * it is planned twice with stand-ins for what is not known yet:
 * - `lower`: every unknown part at its shortest. If even this does not fit, the real policy
 *   cannot: fail now, before anything is registered.
 * - `upper`: every unknown part at its longest. If this fits, the real policy fits in the same
 *   form; the form is fixed now, so a preview shows what `pulumi up` will create.
 */
export type Bound = "lower" | "upper";

const SHORTEST: AccountScope = { partition: "aws", region: "us-east-1", accountId: "123456789012" };

function scopeFor(bound: Bound): AccountScope {
    return bound === "upper" ? placeholderScope : SHORTEST;
}

/** Distinct 12-digit stand-ins, so that two different callers never merge into one principal. */
function standInAccount(n: number): string {
    return String(100_000_000_000 + n);
}

function boundedGrant(c: BoundedGrantee, n: number, bound: Bound): ConsumerGrant | undefined {
    const { partition } = scopeFor(bound);
    if (c instanceof SpokeCaller) {
        const grant: ConsumerGrant = { kind: "role", roleArn: roleArn(partition, standInAccount(n), c.path, c.roleName) };
        // Endpoint ids are vpce- and 8 or 17 hex digits; at the lower bound all callers may share one.
        if (c.endpointId !== undefined) grant.sourceVpce = bound === "upper" ? `vpce-${String(n).padStart(17, "0")}` : "vpce-00000000";
        return grant;
    }
    if ("roleArn" in c) {
        if (typeof c.roleArn === "string") return { kind: "role", roleArn: c.roleArn };
        // An ARN given as an output has no upper bound. Its shortest form is shared by every
        // such consumer (they might all be the same role), so the lower bound stays a bound.
        return bound === "lower" ? { kind: "role", roleArn: roleArn(partition, standInAccount(0), "/", "r") } : undefined;
    }
    const p = c.partition ?? "aws";
    return "wholeAccount" in c ? { kind: "account", partition: p, accountId: c.accountId } : { kind: "rolePath", partition: p, accountId: c.accountId, path: c.rolePath };
}

/**
 * The consumers as grants with stand-ins of the bound's length for unknown parts; undefined
 * when an upper bound does not exist (a role ARN given as an output).
 */
export function boundedGrants(consumers: readonly BoundedGrantee[], bound: Bound): ConsumerGrant[] | undefined {
    const seen = new Map<BoundedGrantee, number>();
    const out: ConsumerGrant[] = [];
    for (const c of consumers) {
        // The same SpokeCaller passed twice is one role: keep its stand-in.
        const n = seen.get(c) ?? seen.size + 1;
        seen.set(c, n);
        const grant = boundedGrant(c, n, bound);
        if (grant === undefined) return undefined;
        out.push(grant);
    }
    return out;
}

/** The gateway ARN at the bound's length: its id is `<name>-` plus ten generated characters. */
export function boundedGatewayArn(gatewayName: string | undefined, bound: Bound): string {
    const name = gatewayName ?? (bound === "upper" ? "g".repeat(NAME_RULES.gateway.maxLength) : "g");
    return gatewayArnPattern(scopeFor(bound), name);
}

/** What is known about the policy at construction. */
export interface GrantCapacity {
    summary: GrantSummary;
    /** Set when every unknown part has an upper bound and the policy fits with all of them at their longest. */
    planned?: Pick<GatewayPolicyPlan, "form" | "statements"> & { maxBytes: number };
}

/**
 * Plans the gateway resource policy from bounds: problems when it cannot fit however short
 * the unknown parts turn out; otherwise the form, statements and maximum size when they are
 * decidable now.
 */
export function planGrantCapacity(consumers: readonly BoundedGrantee[], gatewayName: string | undefined): { problems: Problem[]; capacity?: GrantCapacity } {
    const lowerGrants = boundedGrants(consumers, "lower")!;
    const lower = planGatewayResourcePolicy(boundedGatewayArn(gatewayName, "lower"), lowerGrants, { basis: "lower-bound" });
    if (Array.isArray(lower)) return { problems: lower };
    const capacity: GrantCapacity = { summary: summarizeGrants(lowerGrants) };
    const upperGrants = boundedGrants(consumers, "upper");
    if (upperGrants === undefined) return { problems: [], capacity };
    const upper = planGatewayResourcePolicy(boundedGatewayArn(gatewayName, "upper"), upperGrants, { basis: "upper-bound" });
    // Fits when short, maybe not when long: the form is chosen once the values are known.
    if (Array.isArray(upper)) return { problems: [], capacity };
    return { problems: [], capacity: { ...capacity, planned: { form: upper.form, statements: upper.statements, maxBytes: upper.bytes } } };
}
