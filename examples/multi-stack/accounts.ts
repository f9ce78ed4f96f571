import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";

/** The `aws` and `aws-native` providers of one account, reached by assuming a deploy role. */
export interface AccountProviders {
    accountId: string;
    aws: aws.Provider;
    native: awsnative.Provider;
    /** For `{ providers }` of a component. */
    list: [aws.Provider, awsnative.Provider];
}

/**
 * Explicit providers for one account. Each stack of this example passes them to every
 * component, so nothing falls back to a default provider acting wherever the ambient
 * credentials happen to point.
 */
export function accountProviders(name: string, accountId: string, region: string, deployRoleName: string): AccountProviders {
    const roleArn = `arn:aws:iam::${accountId}:role/${deployRoleName}`;
    const classic = new aws.Provider(`${name}-aws`, {
        region: region as aws.Region,
        assumeRoles: [{ roleArn, sessionName: "pulumi-agentcore-hub" }],
        // A wrong role lands in the wrong account: refuse it instead of deploying there.
        allowedAccountIds: [accountId],
    });
    const native = new awsnative.Provider(`${name}-aws-native`, {
        region: region as awsnative.Region,
        assumeRole: { roleArn, sessionName: "pulumi-agentcore-hub" },
        allowedAccountIds: [accountId],
    });
    return { accountId, aws: classic, native, list: [classic, native] };
}
