import * as pulumi from "@pulumi/pulumi";
import { AccountScope, lambdaFunctionArn, parseArn } from "../../invariants/arns";
import { Problem, problem } from "../../invariants/problems";
import { ExistingFunction } from "./specs";

/**
 * A Lambda target's function given as `{ arn, name }`. With a `name`, the target's ARN is built
 * from the hub's account, Region and that name, so it is known at a first preview and the
 * gateway role's `lambda:InvokeFunction` resource is decided then (a function the program
 * creates has an unknown `arn` until it exists). Without one, for a plain `arn`, or for a
 * function in another account, the given `arn` is used.
 */
export function existingFunctionArn(fn: ExistingFunction, scope: pulumi.Output<AccountScope>): pulumi.Output<string> {
    // A plain ARN is already known (and may name another account: invariants/targetAccount.ts
    // decides); a function in another account (`provider` set) is not in the hub's account.
    if (fn.name === undefined || typeof fn.arn === "string" || fn.provider !== undefined) return pulumi.output(fn.arn);
    return pulumi.all([scope, fn.name]).apply(([s, name]) => lambdaFunctionArn(s, name));
}

/** The function name an exact Lambda ARN names (without a version or alias qualifier). */
function functionNameOf(arn: string): string | undefined {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== "lambda") return undefined;
    const [kind, name] = parsed.resource.split(":");
    return kind === "function" ? name : undefined;
}

/** A plain `name` must be the function the plain `arn` names: the target would otherwise invoke another function than the role may. */
export function checkExistingFunction(fn: ExistingFunction, at: string): Problem | undefined {
    if (typeof fn.arn !== "string" || typeof fn.name !== "string") return undefined;
    const named = functionNameOf(fn.arn);
    if (named === fn.name) return undefined;
    return problem(
        "I3",
        `${at}.name = ${JSON.stringify(fn.name)} is not the function ${at}.arn = ${JSON.stringify(fn.arn)} names (${named === undefined ? "not a Lambda function ARN" : JSON.stringify(named)}): the gateway role would be granted one function and the target would call another.`,
        `Set ${at}.name to the function name in the ARN, or leave it out.`,
    );
}
