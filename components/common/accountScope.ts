import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope } from "../../invariants/arns";

/** The token the lookup's provider is resolved for; the three functions are all in package `aws`. */
const CALLER_IDENTITY_TOKEN = "aws:index/getCallerIdentity:getCallerIdentity";

/** Stands for "no explicit provider": the invokes run on the package's default provider. */
const DEFAULT_PROVIDER: object = {};

/**
 * The lookups already started, per resource monitor (one per program run: the mock runtime and
 * the offline checker create one for each run, so a cached Output never outlives its run) and
 * per provider instance. A provider answers the same account, Region and partition to every
 * component, and an invoke's Output carries no resource dependencies
 * (@pulumi/pulumi runtime/invoke.js `invokeAsync`: `dependencies` are only the `dependsOn` and
 * input dependencies, none here), so sharing it changes no registration.
 */
const lookups = new WeakMap<object, Map<object, pulumi.Output<AccountScope>>>();

/** The provider the SDK would pick for these invokes (runtime/invoke.js `getProvider`: `opts.provider`, else `opts.parent.getProvider(tok)`). */
function providerKey(parent: pulumi.Resource): object {
    return parent.getProvider(CALLER_IDENTITY_TOKEN) ?? DEFAULT_PROVIDER;
}

function lookup(parent: pulumi.Resource): pulumi.Output<AccountScope> {
    const opts = { parent };
    return pulumi
        .all([aws.getCallerIdentityOutput({}, opts), aws.getRegionOutput({}, opts), aws.getPartitionOutput({}, opts)])
        .apply(([identity, region, partition]) => ({ accountId: identity.accountId, region: region.region, partition: partition.partition }));
}

/**
 * Account, Region and partition of the provider a component uses: the only provider functions
 * our components call (they run at preview, so ARNs built from them are known at a first
 * preview, and the offline checker can emulate them). Each provider is asked once per run: a
 * thousand callers of one spoke provider make three invokes, not three thousand.
 */
export function lookupAccountScope(parent: pulumi.Resource): pulumi.Output<AccountScope> {
    const monitor = pulumi.runtime.getMonitor();
    if (monitor === undefined) return lookup(parent);
    let byProvider = lookups.get(monitor);
    if (byProvider === undefined) {
        byProvider = new Map();
        lookups.set(monitor, byProvider);
    }
    const key = providerKey(parent);
    let scope = byProvider.get(key);
    if (scope === undefined) {
        scope = lookup(parent);
        byProvider.set(key, scope);
    }
    return scope;
}
