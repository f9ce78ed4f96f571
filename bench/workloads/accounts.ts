import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";

/** Accounts of the synthetic organizations: a hub and numbered spokes (12 digits, distinct). */
export const HUB_ACCOUNT_ID = "111111111111";
export const REGION = "us-east-1";
export const DEPLOY_ROLE_NAME = "OrganizationAccountAccessRole";

export function spokeAccountId(index: number): string {
    return String(400_000_000_000 + index);
}

/** The `aws` and `aws-native` providers of one account, reached by assuming its deploy role. */
export interface AccountProviders {
    accountId: string;
    aws: aws.Provider;
    native: awsnative.Provider;
    /** For `{ providers }` of a component. */
    list: [aws.Provider, awsnative.Provider];
}

/**
 * As a real multi-account program would write them (and as examples/hub-and-spoke does): the
 * mock engine, like AWS, answers caller identity with the account of the assumed role, so every
 * ARN a component builds from its provider lands in the right account.
 */
export function accountProviders(name: string, accountId: string, region: string = REGION): AccountProviders {
    const roleArn = `arn:aws:iam::${accountId}:role/${DEPLOY_ROLE_NAME}`;
    const classic = new aws.Provider(`${name}-aws`, {
        region: region as aws.Region,
        assumeRoles: [{ roleArn, sessionName: "pulumi-agentcore-hub" }],
        allowedAccountIds: [accountId],
    });
    const native = new awsnative.Provider(`${name}-aws-native`, {
        region: region as awsnative.Region,
        assumeRole: { roleArn, sessionName: "pulumi-agentcore-hub" },
        allowedAccountIds: [accountId],
    });
    return { accountId, aws: classic, native, list: [classic, native] };
}
