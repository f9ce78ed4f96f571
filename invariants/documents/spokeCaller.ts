import { AGENTCORE_SERVICE_PRINCIPAL, classifyGatewayArn, parseArn } from "../arns";
import { PolicyDocument, ReadValue, Statement, conditionValues, readPolicyDocument, statementLabel } from "../policyDocument";
import { CheckResult, problem } from "../problems";
import { isUnknown } from "../unknown";
import { INVOKE_GATEWAY_ACTION } from "./gatewayGrants";

/** Who may assume a spoke caller role (I8). */
export type CallerPrincipal =
    /** An AWS service acting for this spoke account, e.g. AgentCore Runtime (the default). */
    | { service: string; sourceAccount: string; sourceArn?: string }
    /** An exact IAM role, e.g. an ECS task role or a CI role. */
    | { roleArn: string };

export function buildSpokeTrustPolicy(principals: CallerPrincipal[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: principals.map((p, i): Statement => {
            if ("roleArn" in p) return { Sid: `Role${i + 1}`, Effect: "Allow", Principal: { AWS: p.roleArn }, Action: "sts:AssumeRole" };
            const condition: Record<string, Record<string, string>> = { StringEquals: { "aws:SourceAccount": p.sourceAccount } };
            if (p.sourceArn) condition["ArnLike"] = { "aws:SourceArn": p.sourceArn };
            return { Sid: `Service${i + 1}`, Effect: "Allow", Principal: { Service: p.service }, Action: "sts:AssumeRole", Condition: condition };
        }),
    };
}

/** The spoke caller's only permission: invoke the named hub gateways. */
export function buildSpokeInvokePolicy<S>(gatewayArns: S[]): PolicyDocument<S> {
    return { Version: "2012-10-17", Statement: [{ Sid: "InvokeHubGateways", Effect: "Allow", Action: INVOKE_GATEWAY_ACTION, Resource: gatewayArns }] };
}

const PERMISSIONS_FIX = `Allow only "${INVOKE_GATEWAY_ACTION}" on the exact ARNs of the hub gateways (SpokeCaller does this).`;
const TRUST_FIX = "Trust only declared principals: a service principal with aws:SourceAccount (and aws:SourceArn), or exact role ARNs; never \"*\" or a whole account.";

export interface SpokePermissionContext {
    /** Resource types the unknown leaves of this document derive from (propertyDependencies). */
    unknownProvenance?: readonly string[];
}

/** True when the document grants bedrock-agentcore:InvokeGateway at all: it then belongs to a caller role. */
export function grantsInvokeGateway(document: ReadValue | undefined): boolean {
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) return false;
    return parsed.statements.some((s) => s.effect === "Allow" && (s.actions ?? []).some((a) => !isUnknown(a) && (a === "*" || /^bedrock-agentcore:(\*|Invoke\*|InvokeGateway)$/i.test(a))));
}

/** I8 on a permission document of a spoke caller role. */
export function checkSpokePermissions(document: ReadValue | undefined, ctx: SpokePermissionContext = {}): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) {
        if (parsed.unknown) out.deferred.push("a permission document of the caller role is entirely unknown (a JSON string built from unknown ARNs)");
        else out.problems.push(problem("I8", `A permission document of the caller role is unreadable: ${parsed.error}.`, PERMISSIONS_FIX));
        return out;
    }
    const fromGateway = (ctx.unknownProvenance ?? []).some((t) => /bedrockagentcore(:Gateway$|\/agentcoreGateway:AgentcoreGateway)|pulumi:pulumi:StackReference/.test(t));
    for (const s of parsed.statements) {
        const label = statementLabel(s);
        if (s.effect === "Deny") continue;
        if (s.notAction || s.notResource) {
            out.problems.push(problem("I8", `${label} uses NotAction/NotResource.`, PERMISSIONS_FIX));
            continue;
        }
        for (const a of s.actions ?? []) {
            if (isUnknown(a)) out.deferred.push(`${label}: an Action is unknown`);
            else if (a.toLowerCase() !== INVOKE_GATEWAY_ACTION.toLowerCase()) out.problems.push(problem("I8", `${label} allows "${a}"; a caller role may only invoke gateways.`, PERMISSIONS_FIX));
        }
        for (const r of s.resources ?? []) {
            if (isUnknown(r)) {
                if (!fromGateway) out.deferred.push(`${label}: a Resource is unknown and does not derive from a gateway`);
                continue;
            }
            const kind = classifyGatewayArn(r).kind;
            if (kind !== "exact") out.problems.push(problem("I8", `${label} allows Resource "${r}"; name the hub gateway's exact ARN.`, PERMISSIONS_FIX));
        }
    }
    return out;
}

/** I8 on a spoke caller role's trust policy. */
export function checkSpokeTrustPolicy(document: ReadValue | undefined): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) {
        if (parsed.unknown) out.deferred.push("the caller role's trust policy is unknown");
        else out.problems.push(problem("I8", `The caller role's trust policy is unreadable: ${parsed.error}.`, TRUST_FIX));
        return out;
    }
    for (const s of parsed.statements) {
        const label = statementLabel(s);
        if (s.effect === "Deny") continue;
        if (isUnknown(s.principals)) {
            out.deferred.push(`${label}: Principal is unknown`);
            continue;
        }
        if (s.notPrincipal || !s.principals) {
            out.problems.push(problem("I8", `${label} does not name its principals.`, TRUST_FIX));
            continue;
        }
        for (const [kind, values] of s.principals) {
            for (const v of values) {
                if (isUnknown(v)) {
                    out.deferred.push(`${label}: a principal is unknown`);
                } else if (kind === "*" || v === "*") {
                    out.problems.push(problem("I8", `${label} lets anyone ("*") assume the caller role.`, TRUST_FIX));
                } else if (kind === "Service") {
                    const account = conditionValues(s, ["StringEquals", "ArnLike", "ArnEquals", "StringLike"], "aws:SourceAccount");
                    const source = conditionValues(s, ["ArnLike", "ArnEquals", "StringLike", "StringEquals"], "aws:SourceArn");
                    if (!account?.length && !source?.length) {
                        out.problems.push(problem("I8", `${label} trusts the service "${v}" with no aws:SourceAccount/aws:SourceArn condition: that service acting for any account could assume the role.`, TRUST_FIX));
                    }
                } else if (kind === "AWS") {
                    const arn = parseArn(v);
                    if (/^\d{12}$/.test(v) || arn?.resource === "root") {
                        const narrowing = conditionValues(s, ["ArnLike", "ArnEquals", "StringEquals", "StringLike"], "aws:PrincipalArn");
                        if (!narrowing?.length) out.problems.push(problem("I8", `${label} trusts the whole account "${v}".`, TRUST_FIX));
                    } else if (/[*?]/.test(v)) {
                        out.problems.push(problem("I8", `${label} trusts the wildcard principal "${v}".`, TRUST_FIX));
                    }
                } else if (kind === "Federated" && v !== AGENTCORE_SERVICE_PRINCIPAL) {
                    const conds = isUnknown(s.conditions) ? 1 : s.conditions.size;
                    if (conds === 0) out.problems.push(problem("I8", `${label} trusts the identity provider "${v}" without conditions.`, TRUST_FIX));
                }
            }
        }
    }
    return out;
}
