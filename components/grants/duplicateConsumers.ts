import { Problem, problem } from "../../invariants/problems";
import { SpokeCaller } from "../spoke/spokeCaller";
import type { InvokeGrantee } from "./gatewayConsumerGrants";

/**
 * What identifies a consumer at construction: the SpokeCaller object, the role ARN (a string, or
 * the very Output object, so `{ roleArn: spoke.roleArn }` is the same consumer as `spoke`), or
 * the account and path. ARNs known only later are compared once resolved (gatewayConsumerGrants.ts).
 */
function identity(c: InvokeGrantee): { key: unknown; what: string } {
    if (c instanceof SpokeCaller) return { key: c.roleArn, what: `SpokeCaller role ${JSON.stringify(c.roleName)}` };
    if ("roleArn" in c) return { key: c.roleArn, what: typeof c.roleArn === "string" ? `role ${JSON.stringify(c.roleArn)}` : "role ARN output" };
    const partition = c.partition ?? "aws";
    return "wholeAccount" in c
        ? { key: `account:${partition}:${c.accountId}`, what: `whole account ${c.accountId}` }
        : { key: `path:${partition}:${c.accountId}:${c.rolePath}`, what: `role path ${JSON.stringify(c.rolePath)} of account ${c.accountId}` };
}

/** The same consumer listed twice: the grant and its rate would be ambiguous. */
export function duplicateConsumers(consumers: readonly InvokeGrantee[]): Problem[] {
    const first = new Map<unknown, { index: number; what: string }>();
    const out: Problem[] = [];
    consumers.forEach((c, i) => {
        const { key, what } = identity(c);
        const before = first.get(key);
        if (before === undefined) first.set(key, { index: i, what });
        else out.push(problem("I7", `consumers[${before.index}] and consumers[${i}] are the same consumer (${before.what}).`, "List each consumer once; give it one rateLimit."));
    });
    return out;
}

/** Two consumers whose role ARNs resolved to the same value (checked once the ARNs are known). */
export function duplicateRoleArns(roleArns: readonly (string | undefined)[]): Problem[] {
    const first = new Map<string, number>();
    const out: Problem[] = [];
    roleArns.forEach((arn, i) => {
        if (arn === undefined) return;
        const before = first.get(arn);
        if (before === undefined) first.set(arn, i);
        else out.push(problem("I7", `consumers[${before}] and consumers[${i}] resolve to the same role ${JSON.stringify(arn)}.`, "List each consumer once; give it one rateLimit."));
    });
    return out;
}
