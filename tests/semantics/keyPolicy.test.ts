import { strict as assert } from "node:assert";
import { buildHubKeyPolicy } from "../../invariants/documents/keyPolicy";
import { decideWithEncryptionContext } from "../support/encryptionContextEvaluator";
import { allowPolicy, decide, IamCaller, roleSession } from "../support/iamEvaluator";

/**
 * The hub key's policy (invariants/documents/keyPolicy.ts), evaluated by a real IAM evaluator
 * (@cloud-copilot/iam-simulate) as KMS evaluates a key policy: the gateway role may use the key
 * only when AgentCore calls on its behalf (kms:ViaService), nobody else but the account's own
 * IAM policies may, and CloudWatch Logs only for the hub's log group.
 */
const HUB = "111111111111";
const REGION = "us-east-1";
const KEY = `arn:aws:kms:${REGION}:${HUB}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${HUB}:role/agentcore-hub/org-tools-gateway`;
const OTHER_ROLE = `arn:aws:iam::${HUB}:role/app/other`;
const LOG_GROUP = `arn:aws:logs:${REGION}:${HUB}:log-group:/aws/vendedlogs/bedrock-agentcore/gateway/org-tools`;
const VIA_AGENTCORE = { "kms:ViaService": `bedrock-agentcore.${REGION}.amazonaws.com` };

const keyPolicy = buildHubKeyPolicy({ scope: { partition: "aws", region: REGION, accountId: HUB }, gatewayRoleArn: ROLE, logGroupArns: [LOG_GROUP] });

/** CloudWatch Logs' service principal calling KMS for a log group (the encryption context names it). */
function logsService(): IamCaller {
    return { principal: `logs.${REGION}.amazonaws.com`, context: { "aws:PrincipalServiceName": `logs.${REGION}.amazonaws.com`, "aws:PrincipalIsAWSService": "true" }, label: "CloudWatch Logs" };
}

describe("semantics: the hub key's policy (iam-simulate)", function () {
    this.timeout(120_000);
    const asRole = (role: string, action: string, context: Record<string, string>, identityPolicies: unknown[] = []) =>
        decide({ caller: roleSession(role), action, resource: KEY, resourceAccount: HUB, identityPolicies, resourcePolicy: keyPolicy, context });

    it("allows the gateway role each action AgentCore needs when AgentCore in the hub's Region calls", async () => {
        for (const action of ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"]) {
            assert.equal(await asRole(ROLE, action, VIA_AGENTCORE), "Allowed", action);
        }
    });

    it("denies the gateway role calling KMS directly, through another service or Region, or for other actions", async () => {
        assert.equal(await asRole(ROLE, "kms:Decrypt", {}), "ImplicitlyDenied");
        assert.equal(await asRole(ROLE, "kms:Decrypt", { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "ImplicitlyDenied");
        assert.equal(await asRole(ROLE, "kms:Decrypt", { "kms:ViaService": "bedrock-agentcore.eu-west-1.amazonaws.com" }), "ImplicitlyDenied");
        assert.equal(await asRole(ROLE, "kms:ScheduleKeyDeletion", VIA_AGENTCORE), "ImplicitlyDenied");
        assert.equal(await asRole(ROLE, "kms:PutKeyPolicy", VIA_AGENTCORE), "ImplicitlyDenied");
    });

    it("denies another role of the hub account, through AgentCore or not, unless the account's IAM grants it", async () => {
        assert.equal(await asRole(OTHER_ROLE, "kms:Decrypt", VIA_AGENTCORE), "ImplicitlyDenied");
        assert.equal(await asRole(OTHER_ROLE, "kms:Decrypt", {}), "ImplicitlyDenied");
        // The root statement delegates to IAM, as KMS's default key policy does: an administrator's own policy decides.
        assert.equal(await asRole(OTHER_ROLE, "kms:Decrypt", {}, [allowPolicy("kms:*", KEY)]), "Allowed");
    });

    it("denies a role of another account even with an IAM policy of its own", async () => {
        const foreign = "arn:aws:iam::222222222222:role/agent";
        const decision = await decide({ caller: roleSession(foreign), action: "kms:Decrypt", resource: KEY, resourceAccount: HUB, identityPolicies: [allowPolicy("kms:*", KEY)], resourcePolicy: keyPolicy, context: VIA_AGENTCORE });
        assert.equal(decision, "ImplicitlyDenied");
    });

    it("allows CloudWatch Logs for the hub's log group, and denies it for another log group", () => {
        // The encryption-context entry point: iam-simulate's checked one drops kms:EncryptionContext:<key> (see its file).
        const logs = (action: string, logGroup: string) =>
            decideWithEncryptionContext({ caller: logsService(), action, resource: KEY, resourceAccount: HUB, resourcePolicy: keyPolicy, context: { "kms:EncryptionContext:aws:logs:arn": logGroup } });
        for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]) assert.equal(logs(action, LOG_GROUP), "Allowed", action);
        assert.equal(logs("kms:Decrypt", `arn:aws:logs:${REGION}:${HUB}:log-group:other`), "ImplicitlyDenied");
        assert.equal(logs("kms:Decrypt", `arn:aws:logs:${REGION}:333333333333:log-group:/aws/vendedlogs/bedrock-agentcore/gateway/org-tools`), "ImplicitlyDenied");
    });

    it("admits no log service at all without a log group", () => {
        const withoutLogs = buildHubKeyPolicy({ scope: { partition: "aws", region: REGION, accountId: HUB }, gatewayRoleArn: ROLE });
        assert.equal(withoutLogs.Statement.length, 2);
        const decision = decideWithEncryptionContext({ caller: logsService(), action: "kms:Decrypt", resource: KEY, resourceAccount: HUB, resourcePolicy: withoutLogs, context: { "kms:EncryptionContext:aws:logs:arn": LOG_GROUP } });
        assert.equal(decision, "ImplicitlyDenied");
    });
});
