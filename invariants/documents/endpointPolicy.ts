import { PolicyDocument, ReadValue, conditionValues } from "../policyDocument";
import { CheckResult, emptyResult, problem } from "../problems";
import { grantingStatements } from "./grantingStatements";
import { isUnknown } from "../unknown";
import { INVOKE_GATEWAY_ACTION } from "./gatewayGrants";

/**
 * The interface VPC endpoint through which a spoke reaches the hub gateway privately, and its
 * endpoint policy (I8: the caller role may invoke only the named gateways, here at the network
 * edge too). AgentCore's gateway endpoint service is `com.amazonaws.<region>.bedrock-agentcore.gateway`
 * (docs/aws-facts.md §15).
 */
export function gatewayEndpointServiceName(region: string): string {
    return `com.amazonaws.${region}.bedrock-agentcore.gateway`;
}

/** True for AgentCore's gateway endpoint service in any Region (what the pack's rule applies to). */
export function isGatewayEndpointService(serviceName: string): boolean {
    return /^com\.amazonaws\.[a-z0-9-]+\.bedrock-agentcore\.gateway$/.test(serviceName);
}

/**
 * Only the caller role, only InvokeGateway, only the named gateways. The principal is written as
 * `"*"` narrowed by `aws:PrincipalArn` (the role's exact ARN), the form AWS prescribes for gateway
 * endpoints and that every endpoint type evaluates (docs/aws-facts.md §15); it matches every
 * session of the role, whatever its session name.
 */
export function buildEndpointPolicy<S>(callerRoleArn: S, gatewayArns: S[]): PolicyDocument<S> {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "CallerRoleToHubGateways", Effect: "Allow", Principal: "*", Action: INVOKE_GATEWAY_ACTION, Resource: gatewayArns, Condition: { ArnEquals: { "aws:PrincipalArn": callerRoleArn } } }],
    };
}

const FIX = `Allow only the caller role (its exact ARN as Principal, or Principal "*" with an ArnEquals/StringEquals aws:PrincipalArn condition naming it), "${INVOKE_GATEWAY_ACTION}" as Action, and the hub gateways' exact ARNs as Resource (SpokeCaller's privateEndpoint does this). OAuth callers need Principal "*" (AWS): keep them off this endpoint.`;

/**
 * I8 on the policy of a bedrock-agentcore gateway endpoint: no Allow for everyone (Principal `*`
 * not narrowed by an exact aws:PrincipalArn condition) and none with Resource `*` (an absent
 * policy is AWS's default full access, so it is refused as well).
 */
export interface EndpointPolicyContext {
    /**
     * The policy's unknown leaves derive from gateways or StackReferences (propertyDependencies):
     * an unknown Resource is then a gateway's ARN, which is not "*".
     */
    unknownFromGateway?: boolean;
}

export function checkEndpointPolicy(document: ReadValue | undefined, ctx: EndpointPolicyContext = {}): CheckResult {
    const out = emptyResult();
    if (document === undefined || document === null) {
        out.problems.push(problem("I8", "the gateway endpoint has no policy: AWS then allows full access through it (any principal, any gateway).", FIX));
        return out;
    }
    const statements = grantingStatements(document, out, {
        unknownDocument: "the endpoint policy is unknown (its JSON embeds a value not known yet)",
        unreadable: (error) => problem("I8", `the endpoint policy is unreadable: ${error}.`, FIX),
        unknownEffect: (label) => `${label}: Effect is unknown`,
    });
    for (const { statement: s, label } of statements) {
        if (s.notPrincipal || s.notResource) {
            out.problems.push(problem("I8", `${label} uses NotPrincipal/NotResource: everything not listed passes.`, FIX));
            continue;
        }
        if (isUnknown(s.principals)) out.deferred.push(`${label}: Principal is unknown`);
        else if (!s.principals) out.problems.push(problem("I8", `${label} names no Principal (AWS reads it as "*").`, FIX));
        else {
            for (const [kind, values] of s.principals) {
                for (const v of values) {
                    if (isUnknown(v)) out.deferred.push(`${label}: a principal is unknown`);
                    else if (kind === "*" || v === "*") {
                        const narrowing = conditionValues(s, ["ArnEquals", "StringEquals"], "aws:PrincipalArn");
                        if (narrowing?.some(isUnknown)) out.deferred.push(`${label}: the aws:PrincipalArn condition is unknown`);
                        else if (!narrowing?.length || (narrowing as string[]).some((p) => /[*?]/.test(p))) out.problems.push(problem("I8", `${label} allows Principal "*" with no exact aws:PrincipalArn condition: anyone with network access to the endpoint.`, FIX));
                    }
                }
            }
        }
        for (const r of s.resources ?? []) {
            if (isUnknown(r)) {
                if (!ctx.unknownFromGateway) out.deferred.push(`${label}: a Resource is unknown and does not derive from a gateway`);
            }
            else if (r === "*") out.problems.push(problem("I8", `${label} allows Resource "*": every gateway in every account, not only the hub's.`, FIX));
        }
        if (!s.resources) out.problems.push(problem("I8", `${label} names no Resource.`, FIX));
    }
    return out;
}
