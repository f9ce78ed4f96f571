import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope } from "../../invariants/arns";
import { buildHubKeyPolicy } from "../../invariants/documents/keyPolicy";
import { checkAwsOwnedKeyOptOut } from "../../invariants/encryption";
import { Problem, problem } from "../../invariants/problems";
import { AgentGatewayHubArgs } from "./args";

/**
 * The hub's customer-managed key (I15): created unless `kmsKeyArn` is passed or, outside
 * production, `encryption.awsOwnedKey` opts out. Used by the gateway (`kmsKeyArn`), the policy
 * engine (`encryptionKeyArn`, which replaces the engine when it changes: invariants/lifecycle.ts)
 * and the hub's log groups (`logGroupArns` admits CloudWatch Logs for exactly those groups).
 */

/** KMS's bounds for the waiting period before a key is deleted (ScheduleKeyDeletion PendingWindowInDays). */
const DELETION_WINDOW = { min: 7, max: 30 } as const;

export function defaultKeyAlias(gatewayName: string): string {
    return `alias/agentcore-hub/${gatewayName}`;
}

/** Whether the hub encrypts with a customer-managed key (passed or its own). */
export function hubUsesCustomerKey(args: AgentGatewayHubArgs): boolean {
    return args.kmsKeyArn !== undefined || args.encryption?.awsOwnedKey !== true;
}

/** Problems of the encryption arguments known at construction. */
export function validateEncryptionArgs(args: AgentGatewayHubArgs, production: boolean): Problem[] {
    const out = checkAwsOwnedKeyOptOut(args.encryption?.awsOwnedKey, args.kmsKeyArn !== undefined, production);
    const alias = args.encryption?.aliasName;
    // KMS CreateAlias: alias/ then letters, digits, /_- (1-256 characters); alias/aws/ is reserved for AWS managed keys.
    if (alias !== undefined && (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(alias) || alias.startsWith("alias/aws/"))) {
        out.push(problem("I12", `encryption.aliasName = ${JSON.stringify(alias)} is not a KMS alias name (alias/ followed by letters, digits, /, _ or -, not alias/aws/).`, `Use e.g. "${defaultKeyAlias(args.gatewayName)}".`));
    }
    const days = args.encryption?.deletionWindowInDays;
    if (days !== undefined && (!Number.isInteger(days) || days < DELETION_WINDOW.min || days > DELETION_WINDOW.max)) {
        out.push(problem("I12", `encryption.deletionWindowInDays = ${days} is outside KMS's ${DELETION_WINDOW.min}-${DELETION_WINDOW.max} days.`, "Use a whole number of days from 7 to 30."));
    }
    if (args.kmsKeyArn !== undefined && args.encryption && (alias !== undefined || days !== undefined)) {
        out.push(problem("I15", "encryption.aliasName / deletionWindowInDays configure the hub's own key, but kmsKeyArn passes an existing one.", "Remove them, or omit kmsKeyArn so the hub creates its key."));
    }
    return out;
}

export interface HubKeyInputs {
    name: string;
    gatewayName: string;
    scope: pulumi.Output<AccountScope>;
    /** The gateway role's ARN, known at preview (built from account, path and name). */
    gatewayRoleArn: pulumi.Input<string>;
    /** The role itself: KMS refuses a key policy naming a principal that does not exist yet. */
    role: pulumi.Resource;
    /**
     * The hub's log groups, admitted for CloudWatch Logs. Build them from their names
     * (`arn:<partition>:logs:<region>:<account>:log-group:<name>`) so the key policy, and the
     * pack's check of it, are known at a first preview.
     */
    logGroupArns?: pulumi.Input<string>[];
    encryption?: AgentGatewayHubArgs["encryption"];
    tags?: Record<string, string>;
}

export interface HubKey {
    key: aws.kms.Key;
    alias: aws.kms.Alias;
    arn: pulumi.Output<string>;
}

export function createHubKey(inputs: HubKeyInputs, parent: pulumi.Resource): HubKey {
    const policy = pulumi.all([inputs.scope, inputs.gatewayRoleArn, pulumi.all(inputs.logGroupArns ?? [])]).apply(([scope, gatewayRoleArn, logGroupArns]) =>
        JSON.stringify(buildHubKeyPolicy({ scope, gatewayRoleArn, logGroupArns })),
    );
    const key = new aws.kms.Key(`${inputs.name}-key`, {
        description: `Customer-managed key of AgentCore gateway ${inputs.gatewayName} (gateway, policy engine, logs)`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        deletionWindowInDays: inputs.encryption?.deletionWindowInDays ?? DELETION_WINDOW.max,
        policy,
        tags: inputs.tags,
    }, { parent, dependsOn: [inputs.role] });
    const alias = new aws.kms.Alias(`${inputs.name}-key-alias`, {
        name: inputs.encryption?.aliasName ?? defaultKeyAlias(inputs.gatewayName),
        targetKeyId: key.keyId,
    }, { parent });
    return { key, alias, arn: key.arn };
}
