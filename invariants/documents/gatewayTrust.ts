import { AGENTCORE_SERVICE_PRINCIPAL, AccountScope, classifyGatewayArn, gatewayArnPattern } from "../arns";
import { PolicyDocument, ReadValue, conditionValues, readPolicyDocument, statementLabel } from "../policyDocument";
import { CheckResult, problem } from "../problems";
import { isUnknown } from "../unknown";

/**
 * I2: the gateway service role trusts only the AgentCore service, acting for this account
 * and for this one gateway (confused-deputy protection).
 */
export function buildGatewayTrustPolicy(scope: AccountScope, gatewayName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AgentCoreGatewayOnly",
                Effect: "Allow",
                Principal: { Service: AGENTCORE_SERVICE_PRINCIPAL },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": scope.accountId },
                    ArnLike: { "aws:SourceArn": gatewayArnPattern(scope, gatewayName) },
                },
            },
        ],
    };
}

export interface GatewayTrustExpectation {
    /** The hub account, when known. */
    accountId?: string;
    /** The gateway this role serves, when the stack shows it. */
    gatewayName?: string;
}

const FIX = `Trust only "${AGENTCORE_SERVICE_PRINCIPAL}" for "sts:AssumeRole", with StringEquals aws:SourceAccount = <hub account> and ArnLike aws:SourceArn = arn:<partition>:bedrock-agentcore:<region>:<account>:gateway/<name>-?????????? (the AgentCoreGatewayHub component writes exactly this).`;

export function checkGatewayTrustPolicy(document: ReadValue | undefined, expect: GatewayTrustExpectation = {}): CheckResult {
    const result: CheckResult = { problems: [], deferred: [] };
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) {
        if (parsed.unknown) result.deferred.push("the trust policy is unknown until the values it is built from exist");
        else result.problems.push(problem("I2", `The trust policy is unreadable: ${parsed.error}.`, FIX));
        return result;
    }
    const allows = parsed.statements.filter((s) => s.effect !== "Deny");
    if (allows.length === 0) result.problems.push(problem("I2", "The trust policy has no Allow statement.", FIX));
    for (const s of allows) {
        const label = statementLabel(s);
        if (isUnknown(s.effect)) {
            result.deferred.push(`${label}: Effect is unknown`);
            continue;
        }
        if (s.notPrincipal || s.notAction) {
            result.problems.push(problem("I2", `${label} uses NotPrincipal/NotAction, which trusts far more than the AgentCore service.`, FIX));
            continue;
        }
        if (isUnknown(s.principals)) {
            result.deferred.push(`${label}: Principal is unknown`);
        } else {
            const kinds = s.principals ? [...s.principals.keys()] : [];
            const services = s.principals?.get("Service") ?? [];
            const others = kinds.filter((k) => k !== "Service");
            if (others.length > 0 || services.length !== 1 || services[0] !== AGENTCORE_SERVICE_PRINCIPAL) {
                const shown = s.principals ? JSON.stringify(Object.fromEntries([...s.principals].map(([k, v]) => [k, v.map((x) => (isUnknown(x) ? "<unknown>" : x))]))) : "none";
                result.problems.push(problem("I2", `${label} trusts ${shown}; the gateway role may trust only the service principal "${AGENTCORE_SERVICE_PRINCIPAL}".`, FIX));
            }
        }
        for (const action of s.actions ?? []) {
            if (isUnknown(action)) result.deferred.push(`${label}: an Action is unknown`);
            else if (action !== "sts:AssumeRole") result.problems.push(problem("I2", `${label} allows "${action}"; the gateway role trust allows only "sts:AssumeRole".`, FIX));
        }
        const account = conditionValues(s, ["StringEquals", "ArnEquals"], "aws:SourceAccount");
        if (!account || account.length === 0) {
            result.problems.push(problem("I2", `${label} has no StringEquals aws:SourceAccount condition (confused-deputy protection).`, FIX));
        } else if (account.some(isUnknown)) {
            result.deferred.push(`${label}: aws:SourceAccount is unknown`);
        } else if (account.length !== 1 || (expect.accountId && account[0] !== expect.accountId)) {
            result.problems.push(problem("I2", `${label} sets aws:SourceAccount to ${JSON.stringify(account)}; it must be exactly the hub account${expect.accountId ? ` ${expect.accountId}` : ""}.`, FIX));
        }
        const sourceArns = conditionValues(s, ["ArnLike", "ArnEquals", "StringEquals", "StringLike"], "aws:SourceArn");
        if (!sourceArns || sourceArns.length === 0) {
            result.problems.push(problem("I2", `${label} has no aws:SourceArn condition: any gateway in the account could act through this role.`, FIX));
            continue;
        }
        for (const arn of sourceArns) {
            if (isUnknown(arn)) {
                result.deferred.push(`${label}: aws:SourceArn is unknown`);
                continue;
            }
            const c = classifyGatewayArn(arn);
            if (c.kind === "broad") {
                result.problems.push(problem("I2", `${label} scopes aws:SourceArn to "${arn}", which matches more than one gateway.`, FIX));
            } else if (expect.gatewayName && c.gatewayName !== expect.gatewayName.toLowerCase() && c.gatewayName !== expect.gatewayName) {
                result.problems.push(problem("I2", `${label} scopes aws:SourceArn to gateway "${c.gatewayName}", but this role serves gateway "${expect.gatewayName}".`, FIX));
            } else if (account && !account.some(isUnknown) && c.accountId !== account[0]) {
                result.problems.push(problem("I2", `${label} scopes aws:SourceArn to account ${c.accountId} but aws:SourceAccount to ${String(account[0])}.`, FIX));
            }
        }
    }
    return result;
}
