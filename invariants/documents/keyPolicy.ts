import { AccountScope, accountRootArn, parseArn, principalAccount } from "../arns";
import { PolicyDocument, ReadStatement, ReadValue, Statement, conditionValues, statementLabel } from "../policyDocument";
import { CheckResult, emptyResult, problem } from "../problems";
import { grantingStatements } from "./grantingStatements";
import { MaybeUnknown, isUnknown } from "../unknown";
import { KMS_ACTIONS, agentCoreViaService } from "./gatewayFeatures";

/**
 * The key policy of the hub's customer-managed key, and the check of any key policy a gateway's
 * key carries (I15). Three grants, nothing wider (sources in docs/aws-facts.md "Encryption"):
 * - the account root, for administration, as KMS's default key policy does ("gives the AWS
 *   account that owns the KMS key permission to use IAM policies"): without it no IAM policy can
 *   allow anything on the key, and KMS refuses a policy that locks its creator out;
 * - the gateway role, for the four actions AWS's gateway-encryption page lists, only when the
 *   request comes through AgentCore in the hub's Region (`kms:ViaService`);
 * - CloudWatch Logs in the hub's Region, only for the hub's log group
 *   (`kms:EncryptionContext:aws:logs:arn`), when a log group is given.
 * In a key policy `Resource: "*"` means "this key" (KMS key-policies page), so the document
 * never names the key's own ARN, which does not exist before the key.
 */

/** The actions CloudWatch Logs' encrypt-log-data-kms page grants the `logs.<region>` principal. */
export const LOGS_KMS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"] as const;
export const LOGS_ENCRYPTION_CONTEXT_KEY = "kms:EncryptionContext:aws:logs:arn";

export function logsServicePrincipal(region: string): string {
    return `logs.${region}.amazonaws.com`;
}

export interface HubKeyPolicySpec<S = string> {
    scope: AccountScope;
    gatewayRoleArn: S;
    /**
     * The hub's log groups (`arn:…:logs:<region>:<account>:log-group:<name>`): the gateway's
     * vended logs and the WAF's, when the hub creates them. Empty or absent: no Logs statement.
     */
    logGroupArns?: S[];
}

export const KEY_POLICY_SIDS = { root: "EnableIamPoliciesForAccount", gateway: "GatewayRoleThroughAgentCoreOnly", logs: "CloudWatchLogsForHubLogGroupOnly" } as const;

export function buildHubKeyPolicy<S>(spec: HubKeyPolicySpec<S>): PolicyDocument<S | string> {
    const { scope } = spec;
    const statements: Statement<S | string>[] = [
        { Sid: KEY_POLICY_SIDS.root, Effect: "Allow", Principal: { AWS: accountRootArn(scope.partition, scope.accountId) }, Action: "kms:*", Resource: "*" },
        {
            Sid: KEY_POLICY_SIDS.gateway,
            Effect: "Allow",
            Principal: { AWS: spec.gatewayRoleArn },
            Action: [...KMS_ACTIONS],
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": agentCoreViaService(scope.region) } },
        },
    ];
    const logGroups = spec.logGroupArns ?? [];
    if (logGroups.length > 0) {
        statements.push({
            Sid: KEY_POLICY_SIDS.logs,
            Effect: "Allow",
            Principal: { Service: logsServicePrincipal(scope.region) },
            Action: [...LOGS_KMS_ACTIONS],
            Resource: "*",
            // One group: a string, as CloudWatch Logs' page writes it; several: any one of them.
            Condition: { ArnEquals: { [LOGS_ENCRYPTION_CONTEXT_KEY]: logGroups.length === 1 ? logGroups[0] : logGroups } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** What a check knows about the key and who may use it. */
export interface KeyPolicyContext {
    /** The key's account (from its ARN, or the gateway's account when the key is created beside it). */
    accountId: MaybeUnknown<string>;
    region: MaybeUnknown<string>;
    /** The service roles of the gateways that use the key. */
    gatewayRoleArns: MaybeUnknown<string>[];
}

const FIX = "Write the key policy buildHubKeyPolicy writes: the account root for administration, the gateway role only through kms:ViaService = bedrock-agentcore.<region>.amazonaws.com, CloudWatch Logs only for the hub's log group.";

function isRoot(principal: string, accountId: MaybeUnknown<string>): boolean {
    if (isUnknown(accountId)) return false;
    return principal === accountId || /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(principal)?.[1] === accountId;
}

function hasConditions(s: ReadStatement): boolean {
    return isUnknown(s.conditions) || s.conditions.size > 0;
}

function grantsEverything(actions: MaybeUnknown<string>[]): boolean {
    return actions.some((a) => !isUnknown(a) && (a === "*" || a.toLowerCase() === "kms:*"));
}

function checkGatewayRoleStatement(s: ReadStatement, role: string, ctx: KeyPolicyContext, out: CheckResult): void {
    const label = statementLabel(s);
    const via = conditionValues(s, ["StringEquals", "StringEqualsIgnoreCase"], "kms:ViaService");
    if (via === undefined) {
        out.problems.push(problem("I15", `${label} lets the gateway role ${role} use the key without a kms:ViaService condition, so the role could use it directly, not only through AgentCore.`, FIX));
    } else if (via.some(isUnknown) || isUnknown(ctx.region)) {
        out.deferred.push(`${label}: the kms:ViaService condition of the gateway role or the key's Region is unknown`);
    } else if (via.some((v) => v !== agentCoreViaService(ctx.region as string))) {
        out.problems.push(problem("I15", `${label} lets the gateway role ${role} use the key through ${JSON.stringify(via)}, not only ${agentCoreViaService(ctx.region)}.`, FIX));
    }
    const extra = (s.actions ?? []).filter((a) => !isUnknown(a) && !KMS_ACTIONS.some((k) => k.toLowerCase() === a.toLowerCase()));
    if (extra.length > 0) out.problems.push(problem("I15", `${label} allows the gateway role ${JSON.stringify(extra)}; AgentCore needs only ${KMS_ACTIONS.join(", ")}.`, FIX));
}

function checkServiceStatement(s: ReadStatement, service: string, ctx: KeyPolicyContext, out: CheckResult): void {
    const label = statementLabel(s);
    if (/^logs\.[a-z0-9-]+\.amazonaws\.com$/.test(service)) {
        const arns = conditionValues(s, ["ArnEquals", "ArnLike", "StringEquals", "StringLike"], LOGS_ENCRYPTION_CONTEXT_KEY);
        if (arns === undefined) {
            out.problems.push(problem("I15", `${label} lets ${service} use the key for any log group (no ${LOGS_ENCRYPTION_CONTEXT_KEY} condition).`, FIX));
            return;
        }
        for (const arn of arns) {
            if (isUnknown(arn)) {
                out.deferred.push(`${label}: the log group ARN of its ${LOGS_ENCRYPTION_CONTEXT_KEY} condition is unknown`);
                continue;
            }
            const p = parseArn(arn);
            if (!p || p.service !== "logs" || /[*?]/.test(arn) || !p.resource.startsWith("log-group:")) {
                out.problems.push(problem("I15", `${label} lets ${service} use the key for "${arn}", not one exact log group ARN.`, FIX));
            } else if (!isUnknown(ctx.accountId) && p.accountId !== ctx.accountId) {
                out.problems.push(problem("I15", `${label} lets ${service} use the key for a log group of account ${p.accountId}, not the key's account ${ctx.accountId}.`, FIX));
            }
        }
        return;
    }
    if (!hasConditions(s)) out.problems.push(problem("I15", `${label} lets the service ${service} use the key for any resource of any account (no condition).`, FIX));
}

/**
 * I15: a key policy of a key a gateway or its policy engine uses grants nothing wider than the
 * hub's three grants: no `*` or other account without conditions, no NotPrincipal/NotAction
 * Allow, `kms:*` only to the account root, the gateway role only through AgentCore, CloudWatch
 * Logs only for exact log groups. Unknown leaves defer by name.
 */
export function checkKeyPolicy(document: ReadValue | undefined, ctx: KeyPolicyContext): CheckResult {
    const out = emptyResult();
    const statements = grantingStatements(document, out, {
        unknownDocument: "the key policy is unknown",
        unreadable: (error) => problem("I15", `The key policy cannot be read: ${error}.`, FIX),
        unknownEffect: (label) => `${label}: its Effect is unknown`,
    });
    for (const { statement: s, label } of statements) {
        if (s.notPrincipal) out.problems.push(problem("I15", `${label} allows everyone except the principals it names (NotPrincipal).`, FIX));
        if (s.notAction) out.problems.push(problem("I15", `${label} allows every action except those it names (NotAction).`, FIX));
        if (s.principals === undefined || isUnknown(s.principals)) {
            if (isUnknown(s.principals)) out.deferred.push(`${label}: its Principal is unknown`);
            continue;
        }
        const actions = s.actions ?? [];
        if (actions.some(isUnknown)) out.deferred.push(`${label}: an Action is unknown`);
        for (const [kind, values] of s.principals) {
            for (const value of values) {
                if (isUnknown(value)) {
                    out.deferred.push(`${label}: a ${kind} principal is unknown`);
                    continue;
                }
                if (kind === "*" || value === "*") {
                    if (!hasConditions(s)) out.problems.push(problem("I15", `${label} allows Principal "*" without conditions: anyone the key's grants reach.`, FIX));
                    else if (grantsEverything(actions)) out.problems.push(problem("I15", `${label} allows "kms:*" to Principal "*".`, FIX));
                    continue;
                }
                if (kind === "Service") {
                    checkServiceStatement(s, value, ctx, out);
                    if (grantsEverything(actions)) out.problems.push(problem("I15", `${label} allows "kms:*" to the service ${value}.`, FIX));
                    continue;
                }
                if (kind !== "AWS") {
                    out.problems.push(problem("I15", `${label} allows the ${kind} principal ${value}; the hub's key needs none.`, FIX));
                    continue;
                }
                if (isRoot(value, ctx.accountId)) continue;
                if (grantsEverything(actions)) out.problems.push(problem("I15", `${label} allows "kms:*" to ${value}; only the account root administers the key.`, FIX));
                const account = principalAccount(value);
                if (account !== undefined && !isUnknown(ctx.accountId) && account !== ctx.accountId && !hasConditions(s)) {
                    out.problems.push(problem("I15", `${label} allows ${value} of another account (${account}) without conditions.`, FIX));
                }
                const role = ctx.gatewayRoleArns.find((r) => !isUnknown(r) && r === value);
                if (role !== undefined) checkGatewayRoleStatement(s, value, ctx, out);
                else if (ctx.gatewayRoleArns.some(isUnknown)) out.deferred.push(`${label}: whether ${value} is the gateway role (which may use the key only through AgentCore) cannot be told: a gateway's roleArn is unknown`);
            }
        }
    }
    return out;
}
