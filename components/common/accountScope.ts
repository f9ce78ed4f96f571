import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope } from "../../invariants/arns";

/**
 * Account, Region and partition of the provider a component uses: the only provider functions
 * our components call (they run at preview, so ARNs built from them are known at a first
 * preview, and the offline checker can emulate them).
 */
export function lookupAccountScope(parent: pulumi.Resource): pulumi.Output<AccountScope> {
    const opts = { parent };
    return pulumi
        .all([aws.getCallerIdentityOutput({}, opts), aws.getRegionOutput({}, opts), aws.getPartitionOutput({}, opts)])
        .apply(([identity, region, partition]) => ({ accountId: identity.accountId, region: region.region, partition: partition.partition }));
}
