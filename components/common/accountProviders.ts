import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import { checkAccountId, checkRegion } from "../../invariants/awsIdentifiers";
import { checkName } from "../../invariants/names";
import { throwIfProblems } from "./validationError";

/** The `aws` and `aws-native` providers of one account: every component here needs both. */
export interface AccountProviders {
    accountId: string;
    aws: aws.Provider;
    native: awsnative.Provider;
    /** For `{ providers }` of a component. */
    list: [aws.Provider, awsnative.Provider];
}

export const DEFAULT_DEPLOY_ROLE_NAME = "OrganizationAccountAccessRole";

/**
 * Explicit providers for one account, reached by assuming its deploy role. Pass them to every
 * component of that account, so nothing falls back to a default provider acting wherever the
 * ambient credentials point; `allowedAccountIds` refuses a role that lands in another account.
 */
export function accountProviders(name: string, accountId: string, region: string, deployRoleName: string = DEFAULT_DEPLOY_ROLE_NAME): AccountProviders {
    // Before either provider is registered: a wrong account or an AZ would be refused only by AWS.
    throwIfProblems("accountProviders", name, [checkAccountId(accountId, "accountId"), checkRegion(region, "region"), checkName("role", deployRoleName, "deployRoleName")]);
    const roleArn = `arn:aws:iam::${accountId}:role/${deployRoleName}`;
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
