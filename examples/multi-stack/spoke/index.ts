/**
 * A spoke stack of the multi-stack topology: the caller role agents of one spoke account use
 * to invoke the hub gateway. The gateway ARN comes from the hub stack through a
 * `StackReference` (known at preview once the hub is deployed); every resource is created
 * with this account's providers, none in the hub account. See ../README.md.
 */
import * as pulumi from "@pulumi/pulumi";
// Users import these from "pulumi-agentcore-hub" and "pulumi-agentcore-hub/invariants".
import { SpokeCaller, accountProviders } from "../../../components";
import { classifyGatewayArn, wildcardMatch } from "../../../invariants";

const config = new pulumi.Config();
const region = config.get("region") ?? "us-east-1";
const deployRoleName = config.get("deployRoleName") ?? "OrganizationAccountAccessRole";
const spokeAccount = accountProviders("spoke", config.get("spokeAccountId") ?? "222222222222", region, deployRoleName);
const callerRoleName = config.get("callerRoleName") ?? "support-agent";
const callerPath = config.get("callerPath") ?? "/agentcore-callers/";
const hubStack = new pulumi.StackReference(config.get("hubStack") ?? "organization/agentcore-hub/prod");

/** The hub's consumer grants, as its stack exports them. */
interface ConsumerGrants {
    accountIds: string[];
    rolePath: string;
    roleArns: string[];
}

/**
 * A StackReference output is not checked by SpokeCaller at construction (it is not a plain
 * string there), so refuse anything but one exact gateway ARN here: a wildcard would let this
 * role invoke every gateway.
 */
function exactGatewayArn(value: unknown): string {
    if (typeof value !== "string" || classifyGatewayArn(value).kind !== "exact") {
        throw new Error(`hub stack output gatewayArn = ${JSON.stringify(value)} is not one gateway's exact ARN; deploy the hub stack first and check the hubStack config.`);
    }
    return value;
}

function isConsumerGrants(value: unknown): value is ConsumerGrants {
    if (value === null || typeof value !== "object") return false;
    const v = value as Record<string, unknown>;
    const strings = (x: unknown) => Array.isArray(x) && x.every((e) => typeof e === "string");
    return strings(v.accountIds) && typeof v.rolePath === "string" && strings(v.roleArns);
}

/** Whether the hub's resource-based policy admits `roleArn` (by path in its account, or by exact ARN). */
function grantCovers(grants: ConsumerGrants, accountId: string, roleArn: string): boolean {
    const byPath = grants.accountIds.includes(accountId) && wildcardMatch(`arn:*:iam::${accountId}:role${grants.rolePath}*`, roleArn);
    return byPath || grants.roleArns.includes(roleArn);
}

const gatewayArn = hubStack.requireOutput("gatewayArn").apply(exactGatewayArn);

const caller = new SpokeCaller(callerRoleName, {
    roleName: callerRoleName,
    path: callerPath,
    gatewayArns: [gatewayArn],
}, { providers: spokeAccount.list });

// The role would get 403 from the gateway if the hub does not grant it: say so at preview,
// when the fix (hub config, or this stack's callerPath) is still cheap.
pulumi.all([hubStack.getOutput("consumerGrants"), caller.roleArn]).apply(([grants, roleArn]) => {
    // An older hub stack may not export its grants: nothing to compare against.
    if (!isConsumerGrants(grants)) return;
    if (!grantCovers(grants, spokeAccount.accountId, roleArn)) {
        pulumi.log.warn(`${roleArn} is not granted by the hub stack's resource-based policy (role path ${JSON.stringify(grants.rolePath)} in accounts ${grants.accountIds.join(", ")}): its calls will be denied until the hub grants it.`, caller);
    }
});

export const callerRoleArn = caller.roleArn;
export { gatewayArn };
export const gatewayUrl = hubStack.getOutput("gatewayUrl");
