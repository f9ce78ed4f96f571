import { parseArn } from "./arns";
import { CheckResult, emptyResult, problem } from "./problems";
import { MaybeUnknown, isUnknown } from "./unknown";

/**
 * Where a target may live relative to its gateway (I12: AgentCore refuses the target at create
 * time, after the gateway and its role exist).
 * - REST API targets: "Your API must be in the same account as your AgentCore Gateway" and "in
 *   the same Region" (devguide, API Gateway REST API stages as targets).
 * - Lambda targets: the function's Region must be the gateway's (assumed: the devguide documents
 *   other accounts with a resource-based policy, and names no other Region; README "Limits").
 */
export interface GatewayPlacement {
    accountId: string;
    region: string;
}

/** An account and Region each may still be unknown (a provider setting, an ARN not assigned yet). */
export interface Placement {
    accountId: MaybeUnknown<string>;
    region: MaybeUnknown<string>;
}

export type TargetKind = "lambda" | "restApi";

const RULES: Record<TargetKind, { sameAccount: boolean; what: string; rule: string }> = {
    restApi: { sameAccount: true, what: "REST API", rule: "AgentCore requires a REST API target in the gateway's own account and Region" },
    lambda: { sameAccount: false, what: "Lambda function", rule: "a Lambda target must be in the gateway's Region (assumed)" },
};

function fixOf(kind: TargetKind, gateway: { accountId: MaybeUnknown<string>; region: MaybeUnknown<string> }): string {
    const account = isUnknown(gateway.accountId) ? "the gateway's account" : `account ${gateway.accountId}`;
    const region = isUnknown(gateway.region) ? "the gateway's Region" : `Region ${gateway.region}`;
    return kind === "restApi"
        ? `Create the REST API in ${account}, ${region} (a spoke's API is reached through a Lambda target or its own gateway).`
        : `Use a function in ${isUnknown(gateway.region) ? "the gateway's Region" : gateway.region}, or a hub in the function's Region.`;
}

/**
 * Checks a target's ARN (a Lambda function ARN, or a REST API's execute-api ARN
 * `arn:<p>:execute-api:<region>:<account>:<id>`) against the gateway's account and Region.
 * Unknown is deferred by name; a value that is not an ARN is left to the schema pattern checks.
 */
export function checkTargetPlacement(kind: TargetKind, arn: MaybeUnknown<string>, gateway: MaybeUnknown<GatewayPlacement>, argument: string): CheckResult {
    const r = RULES[kind];
    if (isUnknown(arn) || isUnknown(gateway)) {
        return { problems: [], deferred: [`${argument}: the ${r.what}'s ${r.sameAccount ? "account and Region" : "Region"} or the gateway's is unknown, so "${r.rule}" is checked at pulumi up`] };
    }
    const parsed = parseArn(arn);
    if (!parsed) return emptyResult();
    return checkPlacement(kind, arn, { accountId: parsed.accountId, region: parsed.region }, gateway, argument);
}

/**
 * The same rule on a target whose account and Region are known separately (the pack reads them
 * from the target resource's provider and ARNs): what is known is decided (a Region that differs
 * is a problem even while the accounts are unknown), what is unknown is deferred by name, `why`
 * saying where it comes from.
 */
export function checkPlacement(kind: TargetKind, target: string, placement: Placement, gateway: Placement, argument: string, why?: string): CheckResult {
    const result = emptyResult();
    const r = RULES[kind];
    const fix = fixOf(kind, gateway);
    if (!isUnknown(placement.region) && !isUnknown(gateway.region) && placement.region !== gateway.region) {
        result.problems.push(problem("I12", `${argument}: the ${r.what} ${target} is in Region ${placement.region}, the gateway in ${gateway.region}; ${r.rule}.`, fix));
        return result;
    }
    if (r.sameAccount && !isUnknown(placement.accountId) && !isUnknown(gateway.accountId) && placement.accountId !== gateway.accountId) {
        result.problems.push(problem("I12", `${argument}: the ${r.what} ${target} is in account ${placement.accountId}, the gateway in ${gateway.accountId}; ${r.rule}.`, fix));
        return result;
    }
    const unknown = [
        ...(isUnknown(placement.region) || isUnknown(gateway.region) ? ["Region"] : []),
        ...(r.sameAccount && (isUnknown(placement.accountId) || isUnknown(gateway.accountId)) ? ["account"] : []),
    ];
    if (unknown.length > 0) {
        result.deferred.push(`${argument}: the ${r.what}'s ${unknown.join(" and ")} or the gateway's is unknown${why ? ` (${why})` : ""}, so "${r.rule}" is checked at pulumi up`);
    }
    return result;
}
