import { strict as assert } from "node:assert";
import { agentCoreViaService, buildFeatureStatements } from "../../invariants/documents/gatewayFeatures";
import { toDocument } from "../../invariants/documents/gatewayPermissions";
import { decide, roleSession } from "../support/iamEvaluator";

/**
 * The KMS statement the gateway role gets for a customer-managed key, evaluated by a real IAM
 * evaluator (@cloud-copilot/iam-simulate): the role can use the key only when the request comes
 * through AgentCore in the hub's Region (kms:ViaService, which KMS sets when a service calls on
 * the principal's behalf), never directly.
 */
const HUB = "111111111111";
const REGION = "us-east-1";
const KEY = `arn:aws:kms:${REGION}:${HUB}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${HUB}:role/agentcore-hub/org-tools-gateway`;
/** KMS's default key policy: it lets the account's IAM policies decide (without it no IAM policy can allow). */
const DEFAULT_KEY_POLICY = { Version: "2012-10-17", Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: "kms:*", Resource: "*" }] };

describe("semantics: the gateway role's KMS permission works only through AgentCore (iam-simulate)", function () {
    this.timeout(120_000);
    const policy = toDocument(buildFeatureStatements({ gatewayName: "org-tools", kmsKeyArn: KEY }, { partition: "aws", region: REGION, accountId: HUB }, agentCoreViaService(REGION)));
    const use = (action: string, context: Record<string, string>, resource = KEY) =>
        decide({ caller: roleSession(ROLE), action, resource, resourceAccount: HUB, identityPolicies: [policy], resourcePolicy: DEFAULT_KEY_POLICY, context });

    it("allows each documented KMS action on the key when AgentCore in the hub's Region calls", async () => {
        for (const action of ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"]) {
            assert.equal(await use(action, { "kms:ViaService": `bedrock-agentcore.${REGION}.amazonaws.com` }), "Allowed", action);
        }
    });

    it("denies the role calling KMS directly, or through another service or Region", async () => {
        assert.equal(await use("kms:Decrypt", {}), "ImplicitlyDenied");
        assert.equal(await use("kms:Decrypt", { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "ImplicitlyDenied");
        assert.equal(await use("kms:Decrypt", { "kms:ViaService": "bedrock-agentcore.eu-west-1.amazonaws.com" }), "ImplicitlyDenied");
    });

    it("denies another key and actions the gateway does not need", async () => {
        const via = { "kms:ViaService": `bedrock-agentcore.${REGION}.amazonaws.com` };
        assert.equal(await use("kms:Decrypt", via, `arn:aws:kms:${REGION}:${HUB}:key/ffffffff-12ab-34cd-56ef-1234567890ab`), "ImplicitlyDenied");
        assert.equal(await use("kms:Encrypt", via), "ImplicitlyDenied");
        assert.equal(await use("kms:ScheduleKeyDeletion", via), "ImplicitlyDenied");
    });
});
