import * as assert from "node:assert/strict";
import { ReadValue } from "../../invariants/policyDocument";
import { UNKNOWN } from "../../invariants/unknown";
import { DEFAULT_CONFIG } from "../../policypack/config";
import { ModelResource } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { gatewayEncryption, gatewayKeyPolicy } from "../../policypack/policies/encryption";
import { violationText } from "../../policypack/policies/framework";

/**
 * I15 in the pack, by direct calls on hand-built resources (a happy-path stack, one field
 * changed per case, the exact message), for both providers: bridged `aws.kms.Key` (JSON policy),
 * `aws.kms.KeyPolicy`, and aws-native `kms.Key` (structured `keyPolicy`). The matrix in
 * pack.test.ts runs the same rules over the Analyzer protocol on a raw program.
 */
const HUB = "111111111111";
const REGION = "us-east-1";
const ROLE = `arn:aws:iam::${HUB}:role/agentcore/org-tools-gateway`;
const KEY_ARN = `arn:aws:kms:${REGION}:${HUB}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const VIA = { StringEquals: { "kms:ViaService": `bedrock-agentcore.${REGION}.amazonaws.com` } };
const ROOT = { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: "kms:*", Resource: "*" };
const GATEWAY_ROLE = { Sid: "GatewayRole", Effect: "Allow", Principal: { AWS: ROLE }, Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", Condition: VIA };
const urn = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;
const PROVIDER = { region: REGION, allowedAccountIds: JSON.stringify([HUB]) };

function res(type: string, name: string, props: Record<string, ReadValue>, deps: Record<string, string[]> = {}): ModelResource {
    return { urn: urn(type, name), type, name, props, inputs: props, propertyDependencies: deps, dependencies: Object.values(deps).flat(), providerProps: PROVIDER };
}

interface Variant {
    statements?: object[];
    rotation?: boolean;
    native?: boolean;
    separatePolicy?: boolean;
    /** The gateway names a key that is not in the stack. */
    passedKey?: string;
}

/** A gateway and its engine encrypting with one key of the stack (unknown ARN at preview, followed by provenance). */
function stack(v: Variant = {}, preview = true): StackModel {
    const document = { Version: "2012-10-17", Statement: v.statements ?? [ROOT, GATEWAY_ROLE] };
    const key = v.native
        ? res("aws-native:kms:Key", "key", { enableKeyRotation: v.rotation ?? true, keyPolicy: document as unknown as ReadValue, arn: preview ? UNKNOWN : KEY_ARN })
        : res("aws:kms/key:Key", "key", { enableKeyRotation: v.rotation ?? true, ...(v.separatePolicy ? {} : { policy: JSON.stringify(document) }), arn: preview ? UNKNOWN : KEY_ARN, keyId: preview ? UNKNOWN : "1234abcd-12ab-34cd-56ef-1234567890ab" });
    const keyArn: ReadValue = v.passedKey ?? (preview ? UNKNOWN : KEY_ARN);
    const keyDeps = v.passedKey ? [] : [key.urn];
    const engine = res("aws:bedrock/agentcorePolicyEngine:AgentcorePolicyEngine", "engine", { name: "org_tools_engine", encryptionKeyArn: keyArn, policyEngineArn: UNKNOWN }, { encryptionKeyArn: keyDeps });
    const gateway = res("aws:bedrock/agentcoreGateway:AgentcoreGateway", "gateway", { name: "org-tools", roleArn: ROLE, kmsKeyArn: keyArn, policyEngineConfiguration: { arn: UNKNOWN, mode: "ENFORCE" } }, { kmsKeyArn: keyDeps, policyEngineConfiguration: [engine.urn] });
    const extra = v.separatePolicy ? [res("aws:kms/keyPolicy:KeyPolicy", "key-policy", { keyId: UNKNOWN, policy: JSON.stringify(document) }, { keyId: [key.urn] })] : [];
    return new StackModel([key, engine, gateway, ...extra]);
}

function messages(model: StackModel, production = true): string[] {
    return gatewayKeyPolicy.check(model, { ...DEFAULT_CONFIG, production }).problems.map((p) => violationText(p.problem));
}

const FIX = "Fix: Write the key policy buildHubKeyPolicy writes: the account root for administration, the gateway role only through kms:ViaService = bedrock-agentcore.<region>.amazonaws.com, CloudWatch Logs only for the hub's log group.";

describe("pack I15: agentcore-gateway-key-policy (direct)", () => {
    for (const preview of [true, false]) {
        const mode = preview ? "first preview" : "update";
        it(`the hub's key policy on a bridged, a separate and an aws-native key: nothing to report (${mode})`, () => {
            for (const v of [{}, { separatePolicy: true }, { native: true }] as Variant[]) {
                const f = gatewayKeyPolicy.check(stack(v, preview), DEFAULT_CONFIG);
                assert.deepEqual({ problems: f.problems, deferred: f.deferred }, { problems: [], deferred: [] }, JSON.stringify(v));
            }
        });

        it(`Principal "*" without conditions (${mode})`, () => {
            assert.deepEqual(messages(stack({ statements: [ROOT, GATEWAY_ROLE, { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }] }, preview)), [
                `[I15] Key "key" (key of AgentcoreGateway "gateway", its policy): statement 2 ("Anyone") allows Principal "*" without conditions: anyone the key's grants reach. ${FIX}`,
            ]);
        });
    }

    it("the gateway role without kms:ViaService, through another service, or with more actions", () => {
        const { Condition: _dropped, ...direct } = GATEWAY_ROLE;
        void _dropped;
        assert.deepEqual(messages(stack({ statements: [ROOT, direct] })), [
            `[I15] Key "key" (key of AgentcoreGateway "gateway", its policy): statement 1 ("GatewayRole") lets the gateway role ${ROLE} use the key without a kms:ViaService condition, so the role could use it directly, not only through AgentCore. ${FIX}`,
        ]);
        assert.deepEqual(messages(stack({ statements: [ROOT, { ...GATEWAY_ROLE, Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } } }] })), [
            `[I15] Key "key" (key of AgentcoreGateway "gateway", its policy): statement 1 ("GatewayRole") lets the gateway role ${ROLE} use the key through ["s3.us-east-1.amazonaws.com"], not only bedrock-agentcore.us-east-1.amazonaws.com. ${FIX}`,
        ]);
        assert.deepEqual(messages(stack({ statements: [ROOT, { ...GATEWAY_ROLE, Action: [...GATEWAY_ROLE.Action, "kms:ScheduleKeyDeletion"] }] })), [
            `[I15] Key "key" (key of AgentcoreGateway "gateway", its policy): statement 1 ("GatewayRole") allows the gateway role ["kms:ScheduleKeyDeletion"]; AgentCore needs only kms:CreateGrant, kms:DescribeKey, kms:Decrypt, kms:GenerateDataKey. ${FIX}`,
        ]);
    });

    it("kms:* to anyone but the account root, and another account without conditions", () => {
        const admin = `arn:aws:iam::${HUB}:role/admin`;
        assert.deepEqual(messages(stack({ native: true, statements: [ROOT, GATEWAY_ROLE, { Sid: "Admin", Effect: "Allow", Principal: { AWS: admin }, Action: "kms:*", Resource: "*" }] })), [
            `[I15] Key "key" (key of AgentcoreGateway "gateway", its keyPolicy): statement 2 ("Admin") allows "kms:*" to ${admin}; only the account root administers the key. ${FIX}`,
        ]);
        assert.deepEqual(messages(stack({ separatePolicy: true, statements: [ROOT, GATEWAY_ROLE, { Sid: "Other", Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "kms:Decrypt", Resource: "*" }] })), [
            `[I15] KeyPolicy "key-policy" (key of AgentcoreGateway "gateway", KeyPolicy "key-policy"): statement 2 ("Other") allows arn:aws:iam::999999999999:root of another account (999999999999) without conditions. ${FIX}`,
        ]);
    });

    it("CloudWatch Logs for any log group, or for a pattern", () => {
        const logs = { Sid: "Logs", Effect: "Allow", Principal: { Service: `logs.${REGION}.amazonaws.com` }, Action: ["kms:Encrypt*", "kms:Decrypt*"], Resource: "*" };
        assert.deepEqual(messages(stack({ statements: [ROOT, GATEWAY_ROLE, logs] })), [
            `[I15] Key "key" (key of AgentcoreGateway "gateway", its policy): statement 2 ("Logs") lets logs.us-east-1.amazonaws.com use the key for any log group (no kms:EncryptionContext:aws:logs:arn condition). ${FIX}`,
        ]);
        const pattern = `arn:aws:logs:${REGION}:${HUB}:log-group:*`;
        assert.deepEqual(messages(stack({ statements: [ROOT, GATEWAY_ROLE, { ...logs, Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pattern } } }] })), [
            `[I15] Key "key" (key of AgentcoreGateway "gateway", its policy): statement 2 ("Logs") lets logs.us-east-1.amazonaws.com use the key for "${pattern}", not one exact log group ARN. ${FIX}`,
        ]);
        const exact = `arn:aws:logs:${REGION}:${HUB}:log-group:/aws/vendedlogs/bedrock-agentcore/gateway/org-tools`;
        assert.deepEqual(messages(stack({ statements: [ROOT, GATEWAY_ROLE, { ...logs, Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": exact } } }] })), []);
    });

    it("rotation off on a production gateway's key; allowed outside production", () => {
        assert.deepEqual(messages(stack({ rotation: false })), [
            '[I15] Key "key": enableKeyRotation (the key of AgentcoreGateway "gateway") is false on a key a production gateway uses: its key material never rotates. Fix: Set enableKeyRotation: true (AgentGatewayHub\'s key does).',
        ]);
        assert.deepEqual(messages(stack({ rotation: false }), false), []);
    });

    it("a passed key outside the stack: named as not visible; another Region is refused", () => {
        const f = gatewayKeyPolicy.check(stack({ passedKey: KEY_ARN }), DEFAULT_CONFIG);
        assert.deepEqual(f.problems, []);
        assert.ok(f.deferred.some((d) => d.item === `AgentcoreGateway "gateway": the key "${KEY_ARN}" is not created in this stack, so its key policy and rotation are not visible to the pack (review them where the key is managed)`), JSON.stringify(f.deferred));
        const elsewhere = `arn:aws:kms:eu-west-1:${HUB}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        assert.deepEqual(messages(stack({ passedKey: elsewhere })).slice(0, 1), [
            `[I15] AgentcoreGateway "gateway": kmsKeyArn = "${elsewhere}" is in account ${HUB}, Region eu-west-1, not the hub's account ${HUB}, Region us-east-1: the key policy of another account's key is out of the hub's control, and AgentCore uses a key of its own Region. Fix: Pass a customer-managed key of the hub's account and Region, or let AgentGatewayHub create one (omit kmsKeyArn).`,
        ]);
    });

    it("an unknown key policy is deferred by name, never passed", () => {
        const model = stack();
        const key = model.resources[0];
        const unknownPolicy = new StackModel([{ ...key, props: { ...key.props, policy: UNKNOWN }, inputs: { ...key.inputs, policy: UNKNOWN } }, ...model.resources.slice(1)]);
        const f = gatewayKeyPolicy.check(unknownPolicy, DEFAULT_CONFIG);
        assert.deepEqual(f.problems, []);
        assert.deepEqual(f.deferred.map((d) => d.item), ['Key "key" (key of AgentcoreGateway "gateway", its policy): "policy" is unknown until the resource exists']);
    });
});

describe("pack I15: agentcore-gateway-encryption (direct)", () => {
    const gateway = (props: Record<string, ReadValue>) => res("aws-native:bedrockagentcore:Gateway", "gw", { name: "org-tools", ...props });
    const engine = (props: Record<string, ReadValue>) => res("aws-native:bedrockagentcore:PolicyEngine", "engine", { name: "e", ...props });
    const text = (r: ModelResource, production = true) => gatewayEncryption.check(r, { ...DEFAULT_CONFIG, production }).problems.map((p) => violationText(p.problem));

    it("a production gateway or engine without a key", () => {
        const fix = "Fix: Let AgentGatewayHub create its key (the default), pass kmsKeyArn of a customer-managed key in the hub's account and Region, or mark the stack non-production (agentcore-hub:production = false).";
        assert.deepEqual(text(gateway({})), [`[I15] Gateway "gw": kmsKeyArn is not set in a production stack: AgentCore encrypts with a key AWS owns, which nobody in the organization can audit, rotate or revoke. ${fix}`]);
        assert.deepEqual(text(engine({})), [`[I15] PolicyEngine "engine": encryptionKeyArn is not set in a production stack: AgentCore encrypts with a key AWS owns, which nobody in the organization can audit, rotate or revoke. ${fix}`]);
        assert.deepEqual(text(gateway({ kmsKeyArn: `arn:aws:kms:${REGION}:${HUB}:alias/hub` })), [`[I15] Gateway "gw": kmsKeyArn = "arn:aws:kms:us-east-1:111111111111:alias/hub" is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>; aliases are not accepted). ${fix}`]);
    });

    it("a key ARN, an unknown one (followed by the stack policy), or no key outside production", () => {
        assert.deepEqual(text(gateway({ kmsKeyArn: KEY_ARN })), []);
        assert.deepEqual(gatewayEncryption.check(gateway({ kmsKeyArn: UNKNOWN }), DEFAULT_CONFIG), { problems: [], deferred: [] });
        assert.deepEqual(text(gateway({}), false), []);
        assert.deepEqual(text(engine({}), false), []);
    });
});
