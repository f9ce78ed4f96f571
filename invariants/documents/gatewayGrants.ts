import { accountRootArn, classifyGatewayArn, parseArn, principalAccount } from "../arns";
import { LIMITS, jsonSize } from "../limits";
import { PolicyDocument, ReadStatement, ReadValue, Statement, conditionValues, readPolicyDocument, statementLabel } from "../policyDocument";
import { CheckResult, Problem, problem } from "../problems";
import { MaybeUnknown, isUnknown } from "../unknown";
import { checkWildcardNarrowing } from "./jwtGatewayPolicy";

export const INVOKE_GATEWAY_ACTION = "bedrock-agentcore:InvokeGateway";

/**
 * Who may invoke the gateway (I7). Exact roles are least privilege; a role path in one
 * account serves large organizations (roles are created under the path by the spoke's own
 * pipeline); a whole account is allowed only with an explicit opt-in.
 */
export type ConsumerGrant =
    /** `sourceVpce`: the caller declared a VPC endpoint; the grant holds only through it (aws:SourceVpce). */
    | { kind: "role"; roleArn: string; label?: string; sourceVpce?: string }
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
 *
 * Capacity (20,480 bytes, 100 statements), measured with `/agentcore-callers/` roles: an exact
 * role costs its ARN (~62 bytes) in the merged form, so about 325 exact roles fit; a role path
 * costs one account principal plus one pattern (~86 bytes), whatever the number of roles under
 * it, so about 235 spoke accounts fit (1,000 roles over 100 accounts take ~8.9 KB). Neither
 * form turns exact roles into a path: that would admit roles nobody declared.
 *
 * aws:PrincipalArn (docs/aws-facts.md §1b): AgentCore's resource-based-policy page lists no
 * gateway-specific condition keys and refers to the global condition keys; aws:PrincipalArn is
 * one (for a role session it is the role's ARN, with its path). The page never names it, and
 * it is not verified against a live gateway here. If AgentCore left it out of the request
 * context, ArnLike on a missing key is false: path grants would deny (fail closed), never widen.
 */
export type GrantForm = "statement-per-consumer" | "merged";

export const GRANT_FORMS: readonly GrantForm[] = ["statement-per-consumer", "merged"];

export interface GatewayPolicyPlan {
    document: PolicyDocument;
    form: GrantForm;
    bytes: number;
    statements: number;
}

/** How the sizes of a plan were obtained, so a message says "at least" or "at most" when they are bounds. */
export type SizeBasis = "exact" | "lower-bound" | "upper-bound";

export interface PlanOptions {
    /** Build this form only (e.g. the one chosen at construction from upper bounds) instead of choosing. */
    form?: GrantForm;
    /** @default "exact" */
    basis?: SizeBasis;
}

/** Counts of a grant list, for messages and logs. */
export interface GrantSummary {
    total: number;
    roles: number;
    rolePaths: number;
    wholeAccounts: number;
    /** Distinct accounts named by role-path and whole-account grants. */
    accounts: number;
}

export function summarizeGrants(grants: readonly ConsumerGrant[]): GrantSummary {
    const accounts = new Set(grants.flatMap((g) => (g.kind === "role" ? [] : [g.accountId])));
    return {
        total: grants.length,
        roles: grants.filter((g) => g.kind === "role").length,
        rolePaths: grants.filter((g) => g.kind === "rolePath").length,
        wholeAccounts: grants.filter((g) => g.kind === "account").length,
        accounts: accounts.size,
    };
}

export function describeGrants(s: GrantSummary): string {
    return `${s.total} consumer grants (${s.roles} exact roles, ${s.rolePaths} role paths, ${s.wholeAccounts} whole accounts; ${s.accounts} accounts by path or whole)`;
}

function sid(prefix: string, n: number): string {
    return `${prefix}${n}`;
}

function perConsumer(gatewayArn: string, grants: readonly ConsumerGrant[]): Statement[] {
    return grants.map((g, i) => {
        const base = { Sid: sid("Consumer", i + 1), Effect: "Allow" as const, Action: INVOKE_GATEWAY_ACTION, Resource: gatewayArn };
        if (g.kind === "role") return { ...base, Principal: { AWS: g.roleArn }, ...viaEndpoint(g.sourceVpce) };
        if (g.kind === "account") return { ...base, Principal: { AWS: accountRootArn(g.partition, g.accountId) } };
        return { ...base, Principal: { AWS: accountRootArn(g.partition, g.accountId) }, Condition: { ArnLike: { "aws:PrincipalArn": rolePathPattern(g) } } };
    });
}

/**
 * A consumer that declared a VPC endpoint is admitted only through it: aws:SourceVpce is a global
 * condition key set when the request arrives through an interface endpoint (docs/aws-facts.md §15).
 */
function viaEndpoint(sourceVpce: string | undefined): Pick<Statement, "Condition"> {
    return sourceVpce === undefined ? {} : { Condition: { StringEquals: { "aws:SourceVpce": sourceVpce } } };
}

function merged(gatewayArn: string, grants: readonly ConsumerGrant[]): Statement[] {
    const base = { Effect: "Allow" as const, Action: INVOKE_GATEWAY_ACTION, Resource: gatewayArn };
    const roles = [...new Set(grants.flatMap((g) => (g.kind === "role" && g.sourceVpce === undefined ? [g.roleArn] : [])))].sort();
    // Roles bound to an endpoint: one statement per endpoint, so no role gains another's endpoint.
    const byEndpoint = new Map<string, Set<string>>();
    for (const g of grants) if (g.kind === "role" && g.sourceVpce !== undefined) byEndpoint.set(g.sourceVpce, (byEndpoint.get(g.sourceVpce) ?? new Set()).add(g.roleArn));
    const accounts = grants.filter((g): g is Extract<ConsumerGrant, { kind: "account" }> => g.kind === "account");
    const paths = grants.filter((g): g is Extract<ConsumerGrant, { kind: "rolePath" }> => g.kind === "rolePath");
    const out: Statement[] = [];
    if (roles.length) out.push({ Sid: "DeclaredRoles", ...base, Principal: { AWS: roles } });
    [...byEndpoint.keys()].sort().forEach((vpce, i) => out.push({ Sid: `DeclaredRolesViaEndpoint${i + 1}`, ...base, Principal: { AWS: [...byEndpoint.get(vpce)!].sort() }, ...viaEndpoint(vpce) }));
    if (accounts.length) out.push({ Sid: "WholeAccounts", ...base, Principal: { AWS: [...new Set(accounts.map((a) => accountRootArn(a.partition, a.accountId)))].sort() } });
    if (paths.length) {
        out.push({
            Sid: "RolesUnderDeclaredPaths",
            ...base,
            Principal: { AWS: [...new Set(paths.map((p) => accountRootArn(p.partition, p.accountId)))].sort() },
            // Each pattern carries its own account id, so merging accounts cannot widen any of
            // them: a caller of account A has an aws:PrincipalArn in A, which only A's patterns match.
            Condition: { ArnLike: { "aws:PrincipalArn": [...new Set(paths.map(rolePathPattern))].sort() } },
        });
    }
    return out;
}

/** The gateway resource policy in one form, with its size. */
export function buildGatewayPolicyForm(form: GrantForm, gatewayArn: string, grants: readonly ConsumerGrant[]): GatewayPolicyPlan {
    const statements = form === "merged" ? merged(gatewayArn, grants) : perConsumer(gatewayArn, grants);
    const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    return { document, form, bytes: jsonSize(document), statements: statements.length };
}

export function fitsGatewayPolicyLimits(plan: Pick<GatewayPolicyPlan, "bytes" | "statements">): boolean {
    return plan.bytes <= LIMITS.gatewayResourcePolicyBytes && plan.statements <= LIMITS.gatewayResourcePolicyStatements;
}

function sizeWords(basis: SizeBasis): string {
    return basis === "lower-bound" ? "at least " : basis === "upper-bound" ? "up to " : "";
}

function tooLarge(grants: readonly ConsumerGrant[], smallest: GatewayPolicyPlan, options: PlanOptions): Problem {
    const s = summarizeGrants(grants);
    const fix = s.roles > 0
        ? `Grant roles by path instead of one by one ({ accountId, rolePath: "/agents/" }): each spoke account then costs one pattern (~90 bytes), whatever its number of roles. Exact roles are never widened into a path automatically.`
        : "Split consumers over several gateways, or use fewer distinct role paths per account.";
    return problem(
        "I12",
        `${describeGrants(s)} need ${sizeWords(options.basis ?? "exact")}${smallest.bytes} bytes and ${smallest.statements} statement(s) in the gateway's resource-based policy ${options.form ? `in the "${smallest.form}" form chosen at construction` : `even in its most compact form ("${smallest.form}")`}; the limit is ${LIMITS.gatewayResourcePolicyBytes} bytes and ${LIMITS.gatewayResourcePolicyStatements} statements (not adjustable).`,
        fix,
    );
}

/**
 * Builds the gateway's one resource-based policy, choosing the most readable form that fits
 * AgentCore's limits (20 KB, 100 statements, not adjustable), or the form `options.form`.
 * Returns a `Problem` list when nothing fits, with the size and the limit.
 */
export function planGatewayResourcePolicy(gatewayArn: string, grants: readonly ConsumerGrant[], options: PlanOptions = {}): GatewayPolicyPlan | Problem[] {
    const forms = options.form ? [options.form] : GRANT_FORMS;
    let smallest: GatewayPolicyPlan | undefined;
    for (const form of forms) {
        const plan = buildGatewayPolicyForm(form, gatewayArn, grants);
        if (fitsGatewayPolicyLimits(plan)) return plan;
        if (!smallest || plan.bytes < smallest.bytes) smallest = plan;
    }
    return [tooLarge(grants, smallest!, options)];
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
    let wildcardChecked = false;
    for (const [kind, values] of s.principals) {
        for (const v of values) {
            if (isUnknown(v)) {
                out.deferred.push(`${label}: a principal is unknown`);
                continue;
            }
            if (kind === "*" || v === "*") {
                // The CUSTOM_JWT form (jwtGatewayPolicy.ts): "*" narrowed to a network. Whether the
                // gateway is a JWT one needs the gateway (checkPolicyFitsAuthorizer, a stack check).
                if (!wildcardChecked) {
                    const narrowing = checkWildcardNarrowing(s);
                    out.problems.push(...narrowing.problems);
                    out.deferred.push(...narrowing.deferred);
                }
                wildcardChecked = true;
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
