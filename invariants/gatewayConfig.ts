import { CheckResult, problem } from "./problems";
import { MaybeUnknown, isUnknown } from "./unknown";

/**
 * The security-relevant settings of a gateway, in one shape whatever resource type declared
 * them (our component's args, `aws-native` Gateway or `@pulumi/aws` AgentcoreGateway inputs).
 */
export interface GatewayConfigView {
    authorizerType: MaybeUnknown<string> | undefined;
    jwt?: { discoveryUrl?: MaybeUnknown<string>; audiences?: MaybeUnknown<string>[]; clients?: MaybeUnknown<string>[] };
    policyEngine?: { arn?: MaybeUnknown<string>; mode?: MaybeUnknown<string> };
    exceptionLevel?: MaybeUnknown<string>;
}

export interface StackPosture {
    /** Production unless the stack is explicitly marked otherwise. */
    production: boolean;
}

export const ENFORCE = "ENFORCE";
export const LOG_ONLY = "LOG_ONLY";

/** I1: inbound auth is AWS_IAM, or CUSTOM_JWT with issuer and audiences/clients; never none. */
export function checkInboundAuth(view: GatewayConfigView, argument = "authorizerType"): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const t = view.authorizerType;
    if (isUnknown(t)) {
        out.deferred.push("the gateway's authorizer type is unknown");
        return out;
    }
    if (t === "AWS_IAM") return out;
    if (t === "CUSTOM_JWT") {
        const j = view.jwt;
        if (!j || j.discoveryUrl === undefined || (!isUnknown(j.discoveryUrl) && !/^https:\/\/.+\/\.well-known\/openid-configuration$/.test(j.discoveryUrl))) {
            out.problems.push(problem("I1", `The gateway uses CUSTOM_JWT without a valid discoveryUrl (${JSON.stringify(j?.discoveryUrl)}).`, "Set inboundAuth.discoveryUrl (raw Gateway: authorizerConfiguration.customJwtAuthorizer.discoveryUrl) to your issuer's https://…/.well-known/openid-configuration."));
        }
        const listed = [...(j?.audiences ?? []), ...(j?.clients ?? [])];
        const known = listed.filter((a) => !isUnknown(a)).length;
        // An unknown list may turn out empty: only a known entry proves the tokens are narrowed.
        if (known === 0 && listed.length > 0) out.deferred.push("the gateway's allowed audiences and clients are unknown");
        else if (known === 0) out.problems.push(problem("I1", "The gateway uses CUSTOM_JWT with neither allowed audiences nor allowed clients: any token from the issuer is accepted.", "Set inboundAuth.allowedAudiences or inboundAuth.allowedClients (raw Gateway: authorizerConfiguration.customJwtAuthorizer.allowedAudience or allowedClients)."));
        return out;
    }
    out.problems.push(problem("I1", `The gateway's inbound authorizer is ${JSON.stringify(t ?? "unset")}: ${argument} must be AWS_IAM (or CUSTOM_JWT with issuer and audiences).`, 'Set authorizerType to "AWS_IAM" (the default of AgentGatewayHub).'));
    return out;
}

/** I9: a policy engine is attached, in ENFORCE unless the stack is not production. */
export function checkPolicyEngineAttachment(view: GatewayConfigView, posture: StackPosture): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const pe = view.policyEngine;
    if (!pe || pe.arn === undefined) {
        out.problems.push(problem("I9", "The gateway has no policy engine attached: tool calls are not checked against any Cedar policy.", "Attach a policy engine in ENFORCE mode (AgentGatewayHub always attaches one: `policyEngine.mode`; raw Gateway: policyEngineConfiguration)."));
        return out;
    }
    if (isUnknown(pe.mode)) {
        out.deferred.push("the policy engine mode is unknown");
        return out;
    }
    if (pe.mode !== ENFORCE && posture.production) {
        out.problems.push(problem("I9", `The policy engine runs in ${JSON.stringify(pe.mode)} in a production stack: denials are only logged.`, 'Use mode "ENFORCE", or mark the stack non-production: stack config `agentcore-hub:production` = false, and the pack\'s `production: false` (agentcore-hub check passes it; with the Pulumi CLI, --policy-pack-config).'));
    }
    return out;
}

/** I11: no debug exception level in production (it returns internal error details to callers). */
export function checkExceptionLevel(view: GatewayConfigView, posture: StackPosture): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    if (isUnknown(view.exceptionLevel)) out.deferred.push("the exception level is unknown");
    else if (view.exceptionLevel === "DEBUG" && posture.production) {
        out.problems.push(problem("I11", "The gateway's exceptionLevel is DEBUG in a production stack: error details reach every caller.", "Remove exceptionLevel, or mark the stack non-production."));
    }
    return out;
}
