import { parseArn } from "./arns";
import { Problem, problem } from "./problems";

/**
 * Which account a gateway target may live in (I3), one rule for the component and the pack:
 * - a REST API target: the gateway's own account ("Your API must be in the same account as your
 *   AgentCore Gateway", docs/aws-facts.md §6);
 * - a Lambda target: any account of the gateway's partition; a function in another account needs
 *   "a resource-based policy to the Lambda function that allows the gateway service role
 *   principal" (docs/aws-facts.md §7), written in the function's account;
 * - the policy engine and the gateway itself: the hub account.
 */
export type TargetFamily = "api" | "lambda" | "engine";

export function checkTargetAccount(family: TargetFamily, resourceArn: string, hub: { accountId: string; partition?: string }, label: string): Problem | undefined {
    const arn = parseArn(resourceArn);
    if (!arn || !arn.accountId) return undefined;
    if (hub.partition && arn.partition !== hub.partition) {
        return problem("I3", `${label}: Resource "${resourceArn}" is in partition ${arn.partition}, not the hub's ${hub.partition}; IAM cannot grant across partitions.`, "Use a target in the hub's partition.");
    }
    if (arn.accountId === hub.accountId || family === "lambda") return undefined;
    const why = family === "api" ? "AgentCore requires a REST API target in the gateway's own account" : "the policy engine and the gateway are the hub's own";
    return problem("I3", `${label}: Resource "${resourceArn}" is in account ${arn.accountId}, not the hub account ${hub.accountId}: ${why}.`, family === "api" ? "Expose another account's API through a Lambda target, or through a gateway in that account." : "Name the hub's own policy engine and gateway.");
}

/**
 * The component's side of a cross-account Lambda target: the permission naming the gateway
 * role must be created in the function's account, so the target needs that account's providers.
 */
export function checkLambdaPermissionAccount(functionArn: string, hubAccountId: string, hasFunctionAccountProvider: boolean, at: string): Problem | undefined {
    const account = parseArn(functionArn)?.accountId;
    if (!account || account === hubAccountId || hasFunctionAccountProvider) return undefined;
    return problem("I3", `${at} = ${JSON.stringify(functionArn)} is in account ${account}, not the hub account ${hubAccountId}: AWS requires a resource-based policy on the function naming the gateway role, and it can only be written in the function's account.`, `Pass that account's aws provider as ${at.replace(/\.arn$/, "")}.provider (accountProviders(...).aws), or deploy the function in the hub account.`);
}
