import { AGENTCORE_SERVICE_PRINCIPAL, classifyGatewayArn, executeApiPath, parseArn } from "../arns";
import { PolicyDocument, ReadStatement, ReadValue, actionCovers, readPolicyDocument, statementLabel } from "../policyDocument";
import { CheckResult, problem } from "../problems";
import { MaybeUnknown, isUnknown } from "../unknown";
import { INVOKE_API_ACTION } from "./gatewayPermissions";

export interface ExposedMethod {
    stage: string;
    method: string;
    path: string;
}

export interface RestApiPolicySpec {
    /** ARN of the gateway service role (built from account, path and name: known at preview). */
    gatewayRoleArn: string;
    /** The gateway as AgentCore presents it in aws:SourceArn: exact ARN or ten-`?` pattern. */
    gatewaySourceArn: string;
    hubAccountId: string;
    exposed: ExposedMethod[];
}

/** `execute-api:/<stage>/<METHOD>/<path>`: the API-relative form API Gateway accepts inline. */
export function apiRelativeResource(m: ExposedMethod): string {
    return `execute-api:/${m.stage}/${m.method}${executeApiPath(m.path)}`;
}

/**
 * I5: the gateway gets in by either path AWS may present its call (its role's session, or the
 * AgentCore service with aws:SourceArn = this gateway) and nobody else does. Same-account
 * callers need only an identity-policy Allow unless the resource policy explicitly denies, so
 * the explicit Deny is what keeps the hub account's own admins out.
 */
export function buildRestApiResourcePolicy(spec: RestApiPolicySpec): PolicyDocument {
    const resources = spec.exposed.map(apiRelativeResource);
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "AllowGatewayRole", Effect: "Allow", Principal: { AWS: spec.gatewayRoleArn }, Action: INVOKE_API_ACTION, Resource: resources },
            {
                Sid: "AllowAgentCoreForThisGateway",
                Effect: "Allow",
                Principal: { Service: AGENTCORE_SERVICE_PRINCIPAL },
                Action: INVOKE_API_ACTION,
                Resource: resources,
                Condition: { ArnLike: { "aws:SourceArn": spec.gatewaySourceArn }, StringEquals: { "aws:SourceAccount": spec.hubAccountId } },
            },
            {
                Sid: "DenyEveryoneButThisGateway",
                Effect: "Deny",
                Principal: "*",
                Action: INVOKE_API_ACTION,
                Resource: "execute-api:/*",
                Condition: {
                    ArnNotLike: { "aws:PrincipalArn": spec.gatewayRoleArn, "aws:SourceArn": spec.gatewaySourceArn },
                },
            },
        ],
    };
}

export interface RestApiPolicyExpectation {
    /** Gateway role ARNs that legitimately reach this API, when the stack shows them. */
    gatewayRoleArns?: string[];
}

const FIX =
    "Allow only the gateway role (Principal AWS = its ARN) and the AgentCore service with aws:SourceArn = this gateway, and add a Deny for Principal \"*\" on execute-api:/* unless aws:PrincipalArn is the gateway role and aws:SourceArn is the gateway (RestApiTarget writes exactly this).";

const NEGATED_ARN_OPERATORS = ["ArnNotLike", "ArnNotEquals", "StringNotLike", "StringNotEquals"];

function isWildcardPrincipal(s: ReadStatement): boolean {
    if (isUnknown(s.principals) || !s.principals) return false;
    if (s.principals.has("*")) return true;
    return (s.principals.get("AWS") ?? []).some((v) => v === "*");
}

function coversAllResources(resources: MaybeUnknown<string>[] | undefined): boolean {
    return (resources ?? []).some((r) => !isUnknown(r) && (r === "*" || r === "execute-api:/*" || (parseArn(r)?.service === "execute-api" && /^[^/]+\/\*$/.test(parseArn(r)?.resource ?? ""))));
}

function isGatewayArnOrPattern(v: MaybeUnknown<string>): boolean {
    return !isUnknown(v) && classifyGatewayArn(v).kind !== "broad";
}

/** The Deny that keeps everyone but the gateway out: what it exempts, or why it does not qualify. */
function readGuardDeny(s: ReadStatement, roleArns: string[] | undefined): { ok: true; exemptRoles: string[] } | { ok: false; why: string } | { ok: "unknown" } {
    if (!isWildcardPrincipal(s) || s.notPrincipal) return { ok: false, why: "does not apply to every principal" };
    if (!(s.actions ?? []).some((a) => !isUnknown(a) && actionCovers(a, INVOKE_API_ACTION)) || s.notAction) return { ok: false, why: "does not deny execute-api:Invoke" };
    if (!coversAllResources(s.resources) || s.notResource) return { ok: false, why: "does not cover the whole API (execute-api:/*)" };
    if (isUnknown(s.conditions)) return { ok: "unknown" };
    const exemptRoles: string[] = [];
    for (const [operator, keys] of s.conditions) {
        if (!NEGATED_ARN_OPERATORS.includes(operator)) return { ok: false, why: `its condition ${operator} exempts callers beyond the gateway` };
        for (const [key, values] of keys) {
            if (values.some(isUnknown)) return { ok: "unknown" };
            if (key === "aws:principalarn") {
                for (const v of values as string[]) {
                    const arn = parseArn(v);
                    if (!arn || arn.service !== "iam" || !arn.resource.startsWith("role/") || /[*?]/.test(v)) {
                        return { ok: false, why: `it exempts aws:PrincipalArn "${v}", which is not one exact role` };
                    }
                    if (roleArns && !roleArns.includes(v)) return { ok: false, why: `it exempts role "${v}", which is not this API's gateway role` };
                    exemptRoles.push(v);
                }
            } else if (key === "aws:sourcearn") {
                if (!(values as string[]).every(isGatewayArnOrPattern)) return { ok: false, why: `it exempts aws:SourceArn ${JSON.stringify(values)}, which is not one gateway` };
            } else {
                return { ok: false, why: `it exempts callers by ${key}, which does not identify the gateway` };
            }
        }
    }
    if (!s.conditions.size) return { ok: false, why: "it has no condition, so it also denies the gateway" };
    return { ok: true, exemptRoles };
}

/** I5 on a REST API resource policy. */
export function checkRestApiResourcePolicy(document: ReadValue | undefined, expect: RestApiPolicyExpectation = {}): CheckResult {
    const result: CheckResult = { problems: [], deferred: [] };
    if (document === undefined || document === null || document === "") {
        result.problems.push(problem("I5", "The REST API has no resource policy: any IAM principal allowed by its own identity policies can invoke it.", FIX));
        return result;
    }
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) {
        if (parsed.unknown) result.deferred.push("the REST API resource policy is unknown (a JSON string built from unknown values)");
        else result.problems.push(problem("I5", `The REST API resource policy is unreadable: ${parsed.error}.`, FIX));
        return result;
    }
    let guard: "none" | "ok" | "unknown" = "none";
    const guardWhy: string[] = [];
    for (const s of parsed.statements) {
        const label = statementLabel(s);
        if (isUnknown(s.effect)) {
            result.deferred.push(`${label}: Effect is unknown`);
            continue;
        }
        if (s.effect === "Deny") {
            const g = readGuardDeny(s, expect.gatewayRoleArns);
            if (g.ok === true) guard = "ok";
            else if (g.ok === "unknown") guard = guard === "ok" ? "ok" : "unknown";
            else guardWhy.push(`${label} ${g.why}`);
            continue;
        }
        if (s.notPrincipal) {
            result.problems.push(problem("I5", `${label} allows via NotPrincipal: everyone not listed.`, FIX));
            continue;
        }
        if (isUnknown(s.principals)) {
            result.deferred.push(`${label}: Principal is unknown`);
            continue;
        }
        for (const [kind, values] of s.principals ?? new Map<string, MaybeUnknown<string>[]>()) {
            for (const v of values) {
                if (isUnknown(v)) {
                    result.deferred.push(`${label}: a ${kind} principal is unknown`);
                } else if (kind === "*" || v === "*") {
                    result.problems.push(problem("I5", `${label} allows every principal ("*") to invoke the API.`, FIX));
                } else if (kind === "AWS") {
                    const arn = parseArn(v);
                    const isRole = arn && arn.service === "iam" && arn.resource.startsWith("role/") && !/[*?]/.test(v);
                    if (!isRole) result.problems.push(problem("I5", `${label} allows "${v}"; only the gateway role may be named.`, FIX));
                    else if (expect.gatewayRoleArns && !expect.gatewayRoleArns.includes(v)) result.problems.push(problem("I5", `${label} allows role "${v}", which is not the role of the gateway targeting this API.`, FIX));
                } else if (kind === "Service") {
                    if (v !== AGENTCORE_SERVICE_PRINCIPAL) {
                        result.problems.push(problem("I5", `${label} allows the service "${v}"; only ${AGENTCORE_SERVICE_PRINCIPAL} acting for this gateway may invoke the API.`, FIX));
                        continue;
                    }
                    const source = s.conditions === undefined || isUnknown(s.conditions) ? undefined : [...s.conditions].filter(([op]) => op === "ArnLike" || op === "ArnEquals").flatMap(([, keys]) => keys.get("aws:sourcearn") ?? []);
                    if (source && source.some(isUnknown)) result.deferred.push(`${label}: aws:SourceArn is unknown`);
                    else if (!source || source.length === 0 || !source.every(isGatewayArnOrPattern)) {
                        result.problems.push(problem("I5", `${label} allows ${AGENTCORE_SERVICE_PRINCIPAL} without ArnLike/ArnEquals aws:SourceArn = this gateway: every gateway in every account could call the API.`, FIX));
                    }
                } else {
                    result.problems.push(problem("I5", `${label} allows the ${kind} principal "${v}".`, FIX));
                }
            }
        }
    }
    if (guard === "none") {
        result.problems.push(
            problem(
                "I5",
                "The resource policy has no Deny that keeps out every principal but the gateway" + (guardWhy.length ? ` (${guardWhy.join("; ")})` : "") + ": an Allow-only resource policy does not stop principals of the hub account whose own policies allow execute-api:Invoke.",
                FIX,
            ),
        );
    } else if (guard === "unknown") {
        result.deferred.push("the guard Deny's conditions are unknown");
    }
    return result;
}
