import { PolicyDocument, ReadStatement, ReadValue, Statement, readPolicyDocument, statementLabel } from "../policyDocument";
import { CheckResult, Problem, problem } from "../problems";
import { MaybeUnknown, isUnknown } from "../unknown";

/**
 * The resource-based policy of a CUSTOM_JWT (OAuth) gateway. AWS: an OAuth gateway "Must use
 * wildcard principal ("Principal": "*")" and is restricted with condition keys such as
 * aws:SourceVpc and aws:SourceVpce (docs/aws-facts.md §1b, "JWT gateways"). A JWT caller
 * presents a bearer token, not a SigV4 signature, so no IAM principal can ever match it: the
 * token (issuer, audiences, clients: I1) says who calls, the conditions say from where.
 * On an AWS_IAM gateway the same `*` would admit any IAM principal of any account that meets
 * the network condition, so it stays refused there (I7).
 */

const INVOKE_GATEWAY = "bedrock-agentcore:InvokeGateway";

/** Where JWT callers may come from: at least one list must be non-empty. */
export interface JwtNetworkScope {
    /** VPC endpoint ids (`vpce-…`): `StringEquals aws:SourceVpce`. */
    sourceVpce?: string[];
    /** VPC ids (`vpc-…`): `StringEquals aws:SourceVpc`. */
    sourceVpc?: string[];
    /** Public CIDRs (`203.0.113.0/24`): `IpAddress aws:SourceIp`; never `/0`. */
    sourceIp?: string[];
}

/** The documented keys, each with the operator AWS's examples use for an Allow (lower-cased keys, as read). */
export const JWT_NARROWING = [
    { scope: "sourceVpce", key: "aws:SourceVpce", operator: "StringEquals", what: "a VPC endpoint id (vpce-…)", valid: (v: string) => /^vpce-[0-9a-f]{8,17}$/.test(v) },
    { scope: "sourceVpc", key: "aws:SourceVpc", operator: "StringEquals", what: "a VPC id (vpc-…)", valid: (v: string) => /^vpc-[0-9a-f]{8,17}$/.test(v) },
    { scope: "sourceIp", key: "aws:SourceIp", operator: "IpAddress", what: "a CIDR narrower than /0", valid: isNarrowCidr },
] as const;

function isNarrowCidr(v: string): boolean {
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(v);
    if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && (v4[5] === undefined || (Number(v4[5]) >= 1 && Number(v4[5]) <= 32));
    const v6 = /^([0-9a-fA-F:]+)(?:\/(\d{1,3}))?$/.exec(v);
    return v6 !== null && v6[1].includes(":") && (v6[2] === undefined || (Number(v6[2]) >= 1 && Number(v6[2]) <= 128));
}

const FIX = 'On a CUSTOM_JWT gateway allow "*" only with a network condition: StringEquals aws:SourceVpce (vpce-…), StringEquals aws:SourceVpc (vpc-…) or IpAddress aws:SourceIp (a CIDR); use AgentGatewayHub.allowJwtCallers.';

/** Problems with a declared network scope (component side), naming each bad argument. */
export function checkJwtNetworkScope(scope: JwtNetworkScope, at = "network"): Problem[] {
    const out: Problem[] = [];
    let any = false;
    for (const n of JWT_NARROWING) {
        const values = scope[n.scope] ?? [];
        values.forEach((v, i) => {
            any = true;
            if (!n.valid(v)) out.push(problem("I7", `${at}.${n.scope}[${i}] = ${JSON.stringify(v)} is not ${n.what}.`, FIX));
        });
    }
    if (!any) out.push(problem("I7", `${at} names no VPC endpoint, VPC or CIDR: "Principal": "*" without a condition lets anyone holding a token from the issuer reach the gateway from anywhere.`, FIX));
    return out;
}

/** The JWT gateway's policy: one statement per kind of network condition (they are alternatives). */
export function buildJwtGatewayPolicy(gatewayArn: string, scope: JwtNetworkScope): PolicyDocument {
    const statements: Statement[] = [];
    for (const n of JWT_NARROWING) {
        const values = [...new Set(scope[n.scope] ?? [])].sort();
        if (values.length === 0) continue;
        statements.push({
            Sid: `JwtCallers${n.scope[0].toUpperCase()}${n.scope.slice(1)}`,
            Effect: "Allow",
            Principal: "*",
            Action: INVOKE_GATEWAY,
            Resource: gatewayArn,
            Condition: { [n.operator]: { [n.key]: values.length === 1 ? values[0] : values } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** True when the statement's principal is `*` (as `"*"` or `{ AWS: "*" }`). */
export function isWildcardPrincipal(s: ReadStatement): boolean {
    if (isUnknown(s.principals) || !s.principals) return false;
    return [...s.principals].some(([kind, values]) => kind === "*" || values.some((v) => v === "*"));
}

/**
 * Whether an Allow with `Principal: "*"` is narrowed by a documented network condition. Only
 * the positive operators count (`StringEquals`, `IpAddress`); `…IfExists`, negated and `Like`
 * forms do not narrow (a missing key or a pattern lets more in). Extra conditions only narrow
 * further (they are ANDed), so they are allowed.
 */
export function checkWildcardNarrowing(s: ReadStatement): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const label = statementLabel(s);
    if (isUnknown(s.conditions)) {
        out.deferred.push(`${label}: its Condition is unknown, so whether "*" is narrowed to a network is decided at pulumi up`);
        return out;
    }
    let narrowed = false;
    for (const n of JWT_NARROWING) {
        const values: MaybeUnknown<string>[] | undefined = s.conditions.get(n.operator)?.get(n.key.toLowerCase());
        if (!values || values.length === 0) continue;
        if (values.some(isUnknown)) {
            out.deferred.push(`${label}: a value of ${n.operator} ${n.key} is unknown`);
            narrowed = true; // undecided, not refused: the deferral names it
            continue;
        }
        const bad = (values as string[]).filter((v) => !n.valid(v));
        if (bad.length > 0) out.problems.push(problem("I7", `${label} narrows "*" with ${n.operator} ${n.key} ${bad.map((v) => JSON.stringify(v)).join(", ")}, which is not ${n.what}.`, FIX));
        else narrowed = true;
    }
    if (!narrowed && out.problems.length === 0) {
        out.problems.push(problem("I7", `${label} lets every principal ("*") invoke the gateway with no network condition (StringEquals aws:SourceVpce / aws:SourceVpc, IpAddress aws:SourceIp).`, FIX));
    }
    return out;
}

/**
 * I7, the policy against the gateway it is attached to: a CUSTOM_JWT gateway's Allows name
 * only `*` (IAM principals cannot bind to a bearer-token caller), an AWS_IAM gateway's Allows
 * never name `*`. `authorizerType` undefined: the gateway is not in this stack.
 */
export function checkPolicyFitsAuthorizer(document: ReadValue | undefined, authorizerType: MaybeUnknown<string> | undefined): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) return out; // unknown or unreadable: named or refused by checkGatewayResourcePolicy
    for (const s of parsed.statements) {
        if (s.effect !== "Allow" || isUnknown(s.principals) || !s.principals) continue;
        const label = statementLabel(s);
        // A "*" that no network narrows is refused on any gateway (checkWildcardNarrowing, per
        // resource); here only the narrowed form, which only the gateway's auth can decide.
        const wildcard = isWildcardPrincipal(s) && checkWildcardNarrowing(s).problems.length === 0;
        const named = [...s.principals].flatMap(([kind, values]) => (kind === "*" ? [] : values.filter((v) => v !== "*").map((v) => (isUnknown(v) ? "(unknown)" : `${kind} ${v}`))));
        if (authorizerType === undefined) {
            if (wildcard) out.deferred.push(`${label} allows "*", which AWS admits only on a CUSTOM_JWT gateway; the gateway it is attached to is not in this stack, so its authorizer cannot be checked`);
        } else if (isUnknown(authorizerType)) {
            out.deferred.push(`${label}: the gateway's authorizer type is unknown, so whether its principals fit it is decided at pulumi up`);
        } else if (authorizerType === "CUSTOM_JWT" && named.length > 0) {
            out.problems.push(problem("I7", `${label} names ${named.join(", ")} on a CUSTOM_JWT gateway: its callers present a bearer token, not an IAM identity, so an IAM principal never matches them (AWS: OAuth gateways must use "Principal": "*" narrowed by conditions).`, `Allow "*" narrowed to your network (AgentGatewayHub.allowJwtCallers), and decide who calls by the token's issuer, audiences and clients; or use an AWS_IAM gateway for IAM consumers.`));
        } else if (authorizerType !== "CUSTOM_JWT" && wildcard) {
            out.problems.push(problem("I7", `${label} allows "*" on a ${authorizerType} gateway: any IAM principal of any account that meets its conditions could invoke it; the "*" form is for CUSTOM_JWT gateways only.`, "Name the consumer roles (AgentGatewayHub.grantInvoke)."));
        }
    }
    return out;
}

/**
 * The same rule as checkPolicyFitsAuthorizer, for a component choosing how to grant: IAM
 * consumers (roles, role paths, accounts) only on an AWS_IAM gateway, the network-narrowed "*"
 * only on a CUSTOM_JWT one.
 */
export function checkGrantFitsAuthorizer(authorizerType: string, grant: "iam" | "jwt"): Problem | undefined {
    if (grant === "iam" && authorizerType === "CUSTOM_JWT") {
        return problem("I7", "grantInvoke names IAM consumers, but the gateway's inboundAuth is CUSTOM_JWT: its callers present a bearer token, not an IAM identity, so an IAM principal in its resource policy never matches them (AWS: OAuth gateways must use \"Principal\": \"*\" narrowed by conditions).", "Use allowJwtCallers({ sourceVpce | sourceVpc | sourceIp }) and let the token's issuer, audiences and clients say who calls; or keep inboundAuth AWS_IAM for IAM consumers.");
    }
    if (grant === "jwt" && authorizerType !== "CUSTOM_JWT") {
        return problem("I7", `allowJwtCallers opens the gateway to "*" (narrowed to a network), but its inboundAuth is ${authorizerType}: any IAM principal of any account in that network could invoke it.`, "Grant the consumer roles with grantInvoke, or set inboundAuth to CUSTOM_JWT.");
    }
    return undefined;
}
