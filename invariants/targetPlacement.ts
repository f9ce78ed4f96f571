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

export type TargetKind = "lambda" | "restApi";

const RULES: Record<TargetKind, { sameAccount: boolean; what: string; rule: string }> = {
    restApi: { sameAccount: true, what: "REST API", rule: "AgentCore requires a REST API target in the gateway's own account and Region" },
    lambda: { sameAccount: false, what: "Lambda function", rule: "a Lambda target must be in the gateway's Region (assumed)" },
};

/**
 * Checks a target's ARN (a Lambda function ARN, or a REST API's execute-api ARN
 * `arn:<p>:execute-api:<region>:<account>:<id>`) against the gateway's account and Region.
 * Unknown is deferred by name; a value that is not an ARN is left to the schema pattern checks.
 */
export function checkTargetPlacement(kind: TargetKind, arn: MaybeUnknown<string>, gateway: MaybeUnknown<GatewayPlacement>, argument: string): CheckResult {
    const result = emptyResult();
    const r = RULES[kind];
    if (isUnknown(arn) || isUnknown(gateway)) {
        result.deferred.push(`${argument}: the ${r.what}'s ${r.sameAccount ? "account and Region" : "Region"} or the gateway's is unknown, so "${r.rule}" is checked at pulumi up`);
        return result;
    }
    const parsed = parseArn(arn);
    if (!parsed) return result;
    const fix = kind === "restApi"
        ? `Create the REST API in account ${gateway.accountId}, Region ${gateway.region} (a spoke's API is reached through a Lambda target or its own gateway).`
        : `Use a function in ${gateway.region}, or a hub in the function's Region.`;
    if (parsed.region !== gateway.region) {
        result.problems.push(problem("I12", `${argument}: the ${r.what} ${arn} is in Region ${parsed.region}, the gateway in ${gateway.region}; ${r.rule}.`, fix));
    } else if (r.sameAccount && parsed.accountId !== gateway.accountId) {
        result.problems.push(problem("I12", `${argument}: the ${r.what} ${arn} is in account ${parsed.accountId}, the gateway in ${gateway.accountId}; ${r.rule}.`, fix));
    }
    return result;
}
