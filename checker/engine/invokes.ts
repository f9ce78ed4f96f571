import { ProviderScope } from "./providers";
import { WireObject } from "./wire";

export interface InvokeContext {
    token: string;
    args: WireObject;
    /** Scope of the provider the invoke runs with (explicit, or the package's default provider). */
    scope: ProviderScope;
}

/** Answers provider functions offline. Throws `UnsupportedInvokeError` rather than guess. */
export interface InvokeEmulator {
    invoke(ctx: InvokeContext): WireObject;
}

/**
 * A data source that cannot be answered without the cloud. Inventing an answer (a VPC id, an
 * existing role's policy) would make every verdict built on it fiction, so the run reports it.
 */
export class UnsupportedInvokeError extends Error {
    readonly token: string;
    constructor(token: string) {
        super(`invoke '${token}' cannot be emulated offline: it reads live cloud state; the offline checker only answers ` +
            "caller identity, Region and partition");
        this.name = "UnsupportedInvokeError";
        this.token = token;
    }
}

function callerIdentity(scope: ProviderScope): WireObject {
    const arn = scope.assumedRoleArn !== undefined
        ? assumedRoleSessionArn(scope.assumedRoleArn)
        : `arn:${scope.partition}:iam::${scope.accountId}:user/offline-checker`;
    return { accountId: scope.accountId, arn, id: scope.accountId, userId: "AIDAOFFLINECHECKER0000" };
}

/** `arn:aws:iam::1:role/path/R` is seen by STS as `arn:aws:sts::1:assumed-role/R/<session>`. */
function assumedRoleSessionArn(roleArn: string): string {
    const [, partition, , , account, resource] = roleArn.split(":");
    const roleName = resource.split("/").pop() ?? resource;
    return `arn:${partition}:sts::${account}:assumed-role/${roleName}/offline-checker`;
}

function dnsSuffix(partition: string): string {
    return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

function partitionAnswer(scope: ProviderScope): WireObject {
    const suffix = dnsSuffix(scope.partition);
    return {
        partition: scope.partition,
        id: scope.partition,
        dnsSuffix: suffix,
        reverseDnsPrefix: suffix.split(".").reverse().join("."),
    };
}

function regionAnswer(scope: ProviderScope): WireObject {
    return {
        name: scope.region,
        region: scope.region,
        id: scope.region,
        description: scope.region,
        endpoint: `ec2.${scope.region}.${dnsSuffix(scope.partition)}`,
    };
}

const ANSWERS: Readonly<Record<string, (scope: ProviderScope) => WireObject>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": callerIdentity,
    "aws:index/getRegion:getRegion": regionAnswer,
    "aws:index/getPartition:getPartition": partitionAnswer,
    "aws-native:index:getAccountId": (scope) => ({ accountId: scope.accountId }),
    "aws-native:index:getRegion": (scope) => ({ region: scope.region }),
    "aws-native:index:getPartition": (scope) => {
        const { partition, dnsSuffix: suffix } = partitionAnswer(scope);
        return { partition, dnsSuffix: suffix };
    },
};

export const SUPPORTED_INVOKES: readonly string[] = Object.keys(ANSWERS);

export const defaultInvokeEmulator: InvokeEmulator = {
    invoke(ctx: InvokeContext): WireObject {
        const answer = ANSWERS[ctx.token];
        if (answer === undefined) throw new UnsupportedInvokeError(ctx.token);
        return answer(ctx.scope);
    },
};
