import { AGENTCORE_SERVICE_PRINCIPAL, classifyGatewayArn, parseArn } from "../arns";
import { CheckResult, emptyResult, problem } from "../problems";
import { MaybeUnknown, isUnknown } from "../unknown";
import { INVOKE_LAMBDA_ACTION } from "./gatewayPermissions";

/**
 * I5 for Lambda targets: only the hub gateway can invoke a target function. One rule for the
 * component (LambdaTarget writes its permission with `buildLambdaTargetPermission`) and the pack
 * (agentcore-lambda-target-permission judges every `aws.lambda.Permission` /
 * `aws-native:lambda:Permission` on a function some gateway of the stack targets).
 *
 * A permission (one statement of the function's resource-based policy) on a target function
 * allows `lambda:InvokeFunction` to:
 * - the gateway's service role, by ARN: AWS's documented form, "Attach a resource-based policy
 *   to the Lambda function that allows the gateway service role principal" with
 *   `Principal: { AWS: <role ARN> }` (docs/aws-facts.md §7);
 * - or `bedrock-agentcore.amazonaws.com` with `sourceArn` = this gateway (its exact ARN or the
 *   `<name>-??????????` pattern of its id): admitted because it names this gateway alone
 *   ("For AWS services, you can also specify the ARN of the associated resource as the
 *   SourceArn. If you grant permission to a service principal without specifying the source,
 *   other accounts could potentially configure resources in their account to invoke your Lambda
 *   function", Lambda AddPermission API reference, docs/aws-facts.md §7). AgentCore documents
 *   no such form for Lambda (the gateway signs as its role), so it may grant nothing; it never
 *   grants anyone else.
 * - or `apigateway.amazonaws.com` with `sourceArn` = an execute-api ARN of a REST API that is a
 *   target of this same gateway: the function is also that API's Lambda integration (the REST
 *   API target writes this permission, `buildApiGatewayIntegrationPermission`), and that API
 *   admits only this gateway (its resource policy, I5 for REST targets), so API Gateway invokes
 *   the function only for the gateway's calls. Lambda's documented form for an API integration
 *   (docs/aws-facts.md §7, "Lambda target function that is also a REST API integration").
 * Anything else on a target function (`*`, an account, another role, another service, a service
 * principal without `sourceArn`, another action) lets something other than the gateway invoke
 * the tool, around the gateway's inbound auth and Cedar policies.
 */

export interface LambdaTargetPermissionSpec<T> {
    functionArn: T;
    gatewayRoleArn: T;
    gatewayName: string;
}

/** The permission LambdaTarget writes: `lambda:InvokeFunction` on the function for the gateway role. */
export function buildLambdaTargetPermission<T>(spec: LambdaTargetPermissionSpec<T>): { action: string; function: T; principal: T; statementId: string } {
    return {
        action: INVOKE_LAMBDA_ACTION,
        function: spec.functionArn,
        principal: spec.gatewayRoleArn,
        // Lambda statement ids: 1-100 characters ([a-zA-Z0-9-_]).
        statementId: `agentcore-gateway-${spec.gatewayName}`.slice(0, 100),
    };
}

/** What a check reads of one permission (both providers' properties, see policypack/model/views.ts). */
export interface LambdaPermissionView {
    action: MaybeUnknown<string> | undefined;
    principal: MaybeUnknown<string> | undefined;
    sourceArn: MaybeUnknown<string> | undefined;
}

/** A gateway that targets the function: who may invoke it. */
/** A REST API target of a gateway: its API id (unknown until the API exists). */
export interface TargetRestApi {
    restApiId: MaybeUnknown<string> | undefined;
}

export interface TargetGateway {
    /** The gateway's name (for the `<name>-??????????` source pattern). */
    name: MaybeUnknown<string> | undefined;
    roleArn: MaybeUnknown<string> | undefined;
    /** The gateway's exact ARN: unknown until it exists (AgentCore appends a generated suffix). */
    gatewayArn: MaybeUnknown<string> | undefined;
    accountId?: MaybeUnknown<string>;
    region?: MaybeUnknown<string>;
    /** The gateway's REST API targets: API Gateway may invoke the function for them. */
    restApis?: readonly TargetRestApi[];
}

export const API_GATEWAY_SERVICE_PRINCIPAL = "apigateway.amazonaws.com";

/**
 * The permission a REST API target writes on an operation's Lambda integration: API Gateway, for
 * that API's method only (`sourceArn` = its execute-api method ARN).
 */
export function buildApiGatewayIntegrationPermission<T>(spec: { functionArn: T; methodSourceArn: T }): { action: string; function: T; principal: string; sourceArn: T } {
    return { action: INVOKE_LAMBDA_ACTION, function: spec.functionArn, principal: API_GATEWAY_SERVICE_PRINCIPAL, sourceArn: spec.methodSourceArn };
}

const FIX = `Grant only the gateway: principal = the gateway's service role ARN, action = "${INVOKE_LAMBDA_ACTION}" (LambdaTarget writes exactly this); or ${AGENTCORE_SERVICE_PRINCIPAL} with sourceArn = this gateway; or ${API_GATEWAY_SERVICE_PRINCIPAL} with sourceArn = a method of a REST API target of this gateway (RestApiTarget writes this). Let other callers reach the tool through the gateway.`;

/**
 * `apigateway.amazonaws.com` on a target function: admitted only for a REST API target of the
 * same gateway, named by its id in an execute-api `sourceArn` of the gateway's account and Region.
 */
function checkApiGatewaySource(sourceArn: MaybeUnknown<string> | undefined, gateways: readonly TargetGateway[], label: string): CheckResult {
    const result = emptyResult();
    if (sourceArn === undefined || sourceArn === "") {
        result.problems.push(problem("I5", `${label}: allows ${API_GATEWAY_SERVICE_PRINCIPAL} to invoke a gateway target function without sourceArn: every API Gateway API in every account could invoke it.`, FIX));
        return result;
    }
    if (isUnknown(sourceArn)) {
        result.deferred.push(`${label}: its sourceArn is unknown, so whether it names a REST API target of this gateway is checked at pulumi up`);
        return result;
    }
    const arn = parseArn(sourceArn);
    const apiId = arn !== undefined && arn.service === "execute-api" ? arn.resource.split("/")[0] : undefined;
    const notThisGateway = () => {
        result.problems.push(problem("I5", `${label}: allows ${API_GATEWAY_SERVICE_PRINCIPAL} with sourceArn "${sourceArn}", which is not a REST API target of the gateway that targets this function (only the hub gateway can invoke a target).`, FIX));
        return result;
    };
    if (arn === undefined || apiId === undefined || apiId === "" || /[*?]/.test(apiId)) return notThisGateway();
    let undecided = false;
    for (const g of gateways) {
        if ((typeof g.accountId === "string" && g.accountId !== arn.accountId) || (typeof g.region === "string" && g.region !== arn.region)) continue;
        for (const api of g.restApis ?? []) {
            if (typeof api.restApiId === "string") {
                if (api.restApiId !== apiId) continue;
                if (typeof g.accountId === "string" && typeof g.region === "string") return result;
            }
            undecided = true;
        }
    }
    if (!undecided) return notThisGateway();
    result.deferred.push(`${label}: whether sourceArn "${sourceArn}" is a REST API target of this gateway cannot be told until the ids of its REST API targets (and its account and Region) are known`);
    return result;
}

function sourceNamesGateway(source: string, g: TargetGateway): boolean | "unknown" {
    if (typeof g.gatewayArn === "string" && source === g.gatewayArn) return true;
    const c = classifyGatewayArn(source);
    if (c.kind === "broad") return false;
    const sameName = typeof g.name === "string" ? c.gatewayName === g.name : "unknown";
    const sameAccount = typeof g.accountId === "string" ? c.accountId === g.accountId : "unknown";
    const sameRegion = typeof g.region === "string" ? c.region === g.region : "unknown";
    if (sameName === false || sameAccount === false || sameRegion === false) return false;
    if (c.kind === "exact") {
        // An exact ARN of this gateway's name: it is this gateway only if its id is the gateway's.
        if (isUnknown(g.gatewayArn) || g.gatewayArn === undefined) return "unknown";
        return false;
    }
    return sameName === true && sameAccount === true && sameRegion === true ? true : "unknown";
}

/**
 * Checks one permission on a function that `gateways` target. Unknown values are deferred by
 * name (the caller appends where they derive from).
 */
export function checkLambdaTargetPermission(p: LambdaPermissionView, gateways: readonly TargetGateway[], label: string): CheckResult {
    const result = emptyResult();
    if (p.action === undefined || isUnknown(p.action)) {
        if (isUnknown(p.action)) result.deferred.push(`${label}: its action is unknown, so "only the gateway may invoke a target function" is checked at pulumi up`);
        return result;
    }
    if (p.action.toLowerCase() !== INVOKE_LAMBDA_ACTION.toLowerCase()) {
        result.problems.push(problem("I5", `${label}: grants "${p.action}" on a gateway target function; a target function's resource-based policy may hold only "${INVOKE_LAMBDA_ACTION}" for the gateway (only the hub gateway can invoke a target).`, FIX));
        return result;
    }
    if (p.principal === undefined || isUnknown(p.principal)) {
        result.deferred.push(`${label}: its principal is unknown, so whether only the gateway may invoke the target function is checked at pulumi up`);
        return result;
    }
    const principal = p.principal;
    if (principal === AGENTCORE_SERVICE_PRINCIPAL) {
        if (p.sourceArn === undefined || p.sourceArn === "") {
            result.problems.push(problem("I5", `${label}: allows ${AGENTCORE_SERVICE_PRINCIPAL} to invoke a gateway target function without sourceArn: every gateway in every account could invoke it.`, FIX));
            return result;
        }
        if (isUnknown(p.sourceArn)) {
            result.deferred.push(`${label}: its sourceArn is unknown, so whether it names this gateway is checked at pulumi up`);
            return result;
        }
        const matches = gateways.map((g) => sourceNamesGateway(p.sourceArn as string, g));
        if (matches.includes(true)) return result;
        if (matches.includes("unknown")) {
            result.deferred.push(`${label}: whether sourceArn "${p.sourceArn}" is this gateway cannot be told until the gateway exists`);
            return result;
        }
        result.problems.push(problem("I5", `${label}: allows ${AGENTCORE_SERVICE_PRINCIPAL} with sourceArn "${p.sourceArn}", which is not the gateway that targets this function (only the hub gateway can invoke a target).`, FIX));
        return result;
    }
    if (principal === API_GATEWAY_SERVICE_PRINCIPAL && gateways.some((g) => (g.restApis ?? []).length > 0)) return checkApiGatewaySource(p.sourceArn, gateways, label);
    const arn = parseArn(principal);
    const isRole = arn !== undefined && arn.service === "iam" && arn.resource.startsWith("role/") && !/[*?]/.test(principal);
    if (isRole) {
        if (gateways.some((g) => g.roleArn === principal)) return result;
        if (gateways.some((g) => g.roleArn === undefined || isUnknown(g.roleArn))) {
            result.deferred.push(`${label}: the gateway's role ARN is unknown, so whether principal "${principal}" is that role is checked at pulumi up`);
            return result;
        }
    }
    const roles = gateways.map((g) => g.roleArn).filter((r): r is string => typeof r === "string");
    const who = isRole ? `the role "${principal}", not the gateway's service role${roles.length ? ` (${roles.join(", ")})` : ""}` : `"${principal}"`;
    result.problems.push(problem("I5", `${label}: allows ${who} to invoke a gateway target function; only the hub gateway (its service role) can invoke a target.`, FIX));
    return result;
}

/** A function reference as Lambda takes it: a name, a partial ARN (`<account>:function:<name>`) or an ARN, each with an optional qualifier. */
export interface LambdaFunctionRef {
    name: string;
    accountId?: string;
    region?: string;
}

export function lambdaFunctionRef(value: string): LambdaFunctionRef | undefined {
    const arn = parseArn(value);
    if (arn) {
        if (arn.service !== "lambda") return undefined;
        const [kind, name] = arn.resource.split(":");
        return kind === "function" && name ? { name, accountId: arn.accountId, region: arn.region } : undefined;
    }
    const partial = /^(\d{12}):function:([^:]+)(?::[^:]+)?$/.exec(value);
    if (partial) return { name: partial[2], accountId: partial[1] };
    const plain = /^([a-zA-Z0-9-_]+)(?::[^:]+)?$/.exec(value);
    return plain ? { name: plain[1] } : undefined;
}

/** True when two references can name the same function (a part missing from either is not a difference). */
export function sameFunction(a: LambdaFunctionRef, b: LambdaFunctionRef): boolean {
    if (a.name !== b.name) return false;
    if (a.accountId && b.accountId && a.accountId !== b.accountId) return false;
    return !(a.region && b.region && a.region !== b.region);
}
