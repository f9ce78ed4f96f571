import { accountRootArn, classifyGatewayArn, parseArn, principalAccount } from "../arns";
import { LIMITS, jsonSize } from "../limits";
import { PolicyDocument, ReadStatement, ReadValue, Statement, conditionValues, readPolicyDocument, statementLabel } from "../policyDocument";
import { CheckResult, Problem, problem } from "../problems";
import { MaybeUnknown, isUnknown } from "../unknown";

export const INVOKE_GATEWAY_ACTION = "bedrock-agentcore:InvokeGateway";

/**
 * Who may invoke the gateway (I7). Exact roles are least privilege; a role path in one
 * account serves large organizations (roles are created under the path by the spoke's own
 * pipeline); a whole account is allowed only with an explicit opt-in.
 */
export type ConsumerGrant =
    | { kind: "role"; roleArn: string; label?: string }
    | { kind: "rolePath"; partition: string; accountId: string; path: string; label?: string }
    | { kind: "account"; partition: string; accountId: string; label?: string };

/** `arn:<p>:iam::<acct>:role/<path>/*`: every role created under the path, in that account only. */
export function rolePathPattern(g: { partition: string; accountId: string; path: string }): string {
    return `arn:${g.partition}:iam::${g.accountId}:role${g.path}*`;
}

/**
 * - `statement-per-consumer`: one readable statement per consumer (the form of the AWS examples);
 * - `merged`: declared roles in one principal list, whole accounts in another, role paths as
 *   account principals narrowed by ArnLike aws:PrincipalArn (a global condition key).
 */
export type GrantForm = "statement-per-consumer" | "merged";

export interface GatewayPolicyPlan {
    document: PolicyDocument;
    form: GrantForm;
    bytes: number;
    statements: number;
}

function sid(prefix: string, n: number): string {
    return `${prefix}${n}`;
}

function perConsumer(gatewayArn: string, grants: ConsumerGrant[]): Statement[] {
    return grants.map((g, i) => {
        const base = { Sid: sid("Consumer", i + 1), Effect: "Allow" as const, Action: INVOKE_GATEWAY_ACTION, Resource: gatewayArn };
        if (g.kind === "role") return { ...base, Principal: { AWS: g.roleArn } };
        if (g.kind === "account") return { ...base, Principal: { AWS: accountRootArn(g.partition, g.accountId) } };
        return { ...base, Principal: { AWS: accountRootArn(g.partition, g.accountId) }, Condition: { ArnLike: { "aws:PrincipalArn": rolePathPattern(g) } } };
    });
}

function merged(gatewayArn: string, grants: ConsumerGrant[]): Statement[] {
    const base = { Effect: "Allow" as const, Action: INVOKE_GATEWAY_ACTION, Resource: gatewayArn };
    const roles = [...new Set(grants.flatMap((g) => (g.kind === "role" ? [g.roleArn] : [])))].sort();
    const accounts = grants.filter((g): g is Extract<ConsumerGrant, { kind: "account" }> => g.kind === "account");
    const paths = grants.filter((g): g is Extract<ConsumerGrant, { kind: "rolePath" }> => g.kind === "rolePath");
    const out: Statement[] = [];
    if (roles.length) out.push({ Sid: "DeclaredRoles", ...base, Principal: { AWS: roles } });
    if (accounts.length) out.push({ Sid: "WholeAccounts", ...base, Principal: { AWS: [...new Set(accounts.map((a) => accountRootArn(a.partition, a.accountId)))].sort() } });
    if (paths.length) {
        out.push({
            Sid: "RolesUnderDeclaredPaths",
            ...base,
            Principal: { AWS: [...new Set(paths.map((p) => accountRootArn(p.partition, p.accountId)))].sort() },
            // Each pattern carries its own account id, so merging accounts cannot widen any of them.
            Condition: { ArnLike: { "aws:PrincipalArn": [...new Set(paths.map(rolePathPattern))].sort() } },
        });
    }
    return out;
}

/**
 * Builds the gateway's one resource-based policy, choosing the most readable form that fits
 * AgentCore's limits (20 KB, 100 statements, not adjustable). Throws a `Problem` list when no
 * form fits, with the count and the limit.
 */
export function planGatewayResourcePolicy(gatewayArn: string, grants: ConsumerGrant[]): GatewayPolicyPlan | Problem[] {
    const forms: [GrantForm, Statement[]][] = [
        ["statement-per-consumer", perConsumer(gatewayArn, grants)],
        ["merged", merged(gatewayArn, grants)],
    ];
    let smallest: GatewayPolicyPlan | undefined;
    for (const [form, statements] of forms) {
        const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
        const plan = { document, form, bytes: jsonSize(document), statements: statements.length };
        if (plan.bytes <= LIMITS.gatewayResourcePolicyBytes && plan.statements <= LIMITS.gatewayResourcePolicyStatements) return plan;
        if (!smallest || plan.bytes < smallest.bytes) smallest = plan;
    }
    const roles = grants.filter((g) => g.kind === "role").length;
    return [
        problem(
            "I12",
            `${grants.length} consumer grants (${roles} exact roles) need ${smallest?.bytes} bytes in the gateway's resource-based policy even in its most compact form; the limit is ${LIMITS.gatewayResourcePolicyBytes} bytes and ${LIMITS.gatewayResourcePolicyStatements} statements (not adjustable).`,
            "Grant roles by path instead of one by one (ConsumerGrants.rolePath(account, '/agents/')): each spoke account then costs one pattern, whatever its number of roles.",
        ),
    ];
}

export interface GatewayGrantExpectation {
    /** The gateway the policy is attached to (`resourceArn`), when known. */
    gatewayArn?: string;
    /** Whole-account grants are allowed only when explicitly enabled. */
    allowWholeAccount?: boolean;
    /** When set, every consumer account must be one of these. */
    allowedConsumerAccounts?: readonly string[];
}

const FIX = `Allow only "${INVOKE_GATEWAY_ACTION}" on this gateway's exact ARN, to declared role ARNs (or account principals narrowed by ArnLike aws:PrincipalArn to a role path); use AgentGatewayHub.grantInvoke.`;

/** A role-path pattern narrows an account to a path: `arn:<p>:iam::<acct>:role/<path>/*`, not `role/*`. */
function narrowsToRoles(pattern: string, account: string): boolean {
    const arn = parseArn(pattern);
    if (!arn || arn.service !== "iam" || arn.accountId !== account || !arn.resource.startsWith("role/")) return false;
    const rest = arn.resource.slice("role/".length);
    const firstWildcard = rest.search(/[*?]/);
    if (firstWildcard === -1) return rest.length > 0;
    // Wildcards only after a non-empty path prefix ending in '/', e.g. role/agents/*.
    return firstWildcard > 0 && rest.slice(0, firstWildcard).endsWith("/") && !/[*?]/.test(rest.slice(0, firstWildcard));
}

function checkPrincipals(s: ReadStatement, expect: GatewayGrantExpectation, out: CheckResult): void {
    const label = statementLabel(s);
    if (isUnknown(s.principals)) {
        out.deferred.push(`${label}: Principal is unknown`);
        return;
    }
    if (s.notPrincipal) {
        out.problems.push(problem("I7", `${label} uses NotPrincipal: everyone not listed may invoke the gateway.`, FIX));
        return;
    }
    if (!s.principals || s.principals.size === 0) {
        out.problems.push(problem("I7", `${label} names no principal.`, FIX));
        return;
    }
    const narrowing = conditionValues(s, ["ArnLike", "ArnEquals", "StringLike", "StringEquals"], "aws:PrincipalArn");
    for (const [kind, values] of s.principals) {
        for (const v of values) {
            if (isUnknown(v)) {
                out.deferred.push(`${label}: a principal is unknown`);
                continue;
            }
            if (kind === "*" || v === "*") {
                out.problems.push(problem("I7", `${label} lets every principal ("*") invoke the gateway.`, FIX));
                continue;
            }
            if (kind !== "AWS") {
                out.problems.push(problem("I7", `${label} names the ${kind} principal "${v}"; consumers are IAM roles.`, FIX));
                continue;
            }
            const account = principalAccount(v);
            if (!account) {
                out.problems.push(problem("I7", `${label} names "${v}", which is not an IAM principal ARN.`, FIX));
                continue;
            }
            if (expect.allowedConsumerAccounts && !expect.allowedConsumerAccounts.includes(account)) {
                out.problems.push(problem("I7", `${label} grants account ${account}, which is not in the allowed consumer accounts (${expect.allowedConsumerAccounts.join(", ")}).`, "Add the account to allowedConsumerAccounts in the pack config, or remove the grant."));
            }
            const arn = parseArn(v);
            const isRoot = /^\d{12}$/.test(v) || arn?.resource === "root";
            if (!isRoot) {
                if (/[*?]/.test(v)) out.problems.push(problem("I7", `${label} names the wildcard principal "${v}".`, FIX));
                continue;
            }
            if (narrowing && narrowing.some(isUnknown)) {
                out.deferred.push(`${label}: the aws:PrincipalArn condition is unknown`);
                continue;
            }
            const narrowed = narrowing !== undefined && narrowing.length > 0 && (narrowing as string[]).filter((p) => principalAccount(p) === account).every((p) => narrowsToRoles(p, account)) && (narrowing as string[]).some((p) => principalAccount(p) === account);
            if (!narrowed && !expect.allowWholeAccount) {
                out.problems.push(problem("I7", `${label} grants the whole account ${account} ("${v}"): every role and user in it could invoke the gateway.`, "Grant the consumer roles (or a role path) instead, or set allowWholeAccount: true for this stack if a whole-account grant is intended."));
            }
        }
    }
}

/** I7 on the gateway's resource-based policy. */
export function checkGatewayResourcePolicy(document: ReadValue | undefined, expect: GatewayGrantExpectation = {}): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) {
        if (parsed.unknown) out.deferred.push("the gateway resource policy is unknown (its JSON string embeds a value not known yet)");
        else out.problems.push(problem("I7", `The gateway resource policy is unreadable: ${parsed.error}.`, FIX));
        return out;
    }
    for (const s of parsed.statements) {
        const label = statementLabel(s);
        if (isUnknown(s.effect)) {
            out.deferred.push(`${label}: Effect is unknown`);
            continue;
        }
        if (s.effect === "Deny") continue;
        if (s.notAction || s.notResource) {
            out.problems.push(problem("I7", `${label} uses NotAction/NotResource.`, FIX));
            continue;
        }
        for (const a of s.actions ?? []) {
            if (isUnknown(a)) out.deferred.push(`${label}: an Action is unknown`);
            else if (a.toLowerCase() !== INVOKE_GATEWAY_ACTION.toLowerCase()) out.problems.push(problem("I7", `${label} allows "${a}"; a consumer grant allows only "${INVOKE_GATEWAY_ACTION}".`, FIX));
        }
        for (const r of (s.resources ?? []) as MaybeUnknown<string>[]) {
            if (isUnknown(r)) out.deferred.push(`${label}: Resource is unknown`);
            else if (classifyGatewayArn(r).kind !== "exact") out.problems.push(problem("I7", `${label} allows Resource "${r}"; it must be this gateway's exact ARN.`, FIX));
            else if (expect.gatewayArn && r !== expect.gatewayArn) out.problems.push(problem("I7", `${label} names gateway "${r}", but the policy is attached to "${expect.gatewayArn}".`, FIX));
        }
        checkPrincipals(s, expect, out);
    }
    return out;
}
