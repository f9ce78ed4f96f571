import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { CapturedStack, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { toReadValue } from "../../checker/engine/wire";
import { AgentGatewayHub, AgentGatewayHubArgs, accountProviders } from "../../components";
import { checkGatewayRolePermissions } from "../../invariants";
import { checkKeyPolicy } from "../../invariants/documents/keyPolicy";
import { ReadValue } from "../../invariants/policyDocument";
import { isUnknown } from "../../invariants/unknown";

/**
 * The hub's customer-managed key (I15): registered by default with rotation and the key policy
 * of invariants/documents/keyPolicy.ts, used by the gateway and the policy engine; a passed key
 * is used instead; AWS-owned keys only outside production. Preview and update mode.
 */
type Mode = "preview" | "update";
const HUB = "111111111111";
const ROLE_ARN = `arn:aws:iam::${HUB}:role/agentcore-hub/org-tools-gateway`;
const PASSED_KEY = `arn:aws:kms:us-east-1:${HUB}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOOL = { name: "process_refund", description: "Refund", inputSchema: { type: "object" as const, properties: { amount: { type: "integer" as const } }, required: ["amount"] } };
const base: AgentGatewayHubArgs = { gatewayName: "org-tools", targets: [{ kind: "lambda", name: "refunds", function: { arn: `arn:aws:lambda:us-east-1:${HUB}:function:refunds` }, tools: [TOOL] }] };
const providers = () => accountProviders("hub", HUB, "us-east-1").list;

function inputsOf(stack: CapturedStack, type: string): { [key: string]: ReadValue }[] {
    return stack.resources.filter((r) => r.type === type).map((r) => toReadValue(r.inputs) as { [key: string]: ReadValue });
}
function only(stack: CapturedStack, type: string): { [key: string]: ReadValue } {
    const found = inputsOf(stack, type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}
function provenance(stack: CapturedStack, type: string, property: string): string[] {
    const r = stack.resources.find((x) => x.type === type)!;
    return (r.propertyDependencies[property] ?? []).map((urn) => stack.resources.find((x) => x.urn === urn)!.type);
}

for (const mode of ["preview", "update"] as Mode[]) {
    describe(`the hub's own KMS key (${mode} mode)`, function () {
        this.timeout(120_000);
        let stack: CapturedStack;
        let hubKeyArn: string | undefined;
        before(async () => {
            stack = await runUnderMocks(() => {
                const hub = new AgentGatewayHub("hub", base, { providers: providers() });
                hub.kmsKeyArn?.apply((k) => (hubKeyArn = k));
            }, { mode, project: "hub-key", stack: mode });
        });

        it("registers one rotating symmetric key and its alias", () => {
            const key = only(stack, "aws:kms/key:Key");
            assert.equal(key.enableKeyRotation, true);
            assert.equal(key.keyUsage, "ENCRYPT_DECRYPT");
            assert.equal(key.deletionWindowInDays, 30);
            const alias = only(stack, "aws:kms/alias:Alias");
            assert.equal(alias.name, "alias/agentcore-hub/org-tools");
            assert.deepEqual(provenance(stack, "aws:kms/alias:Alias", "targetKeyId"), ["aws:kms/key:Key"]);
        });

        it("its key policy is known at preview and grants nothing wider (the role only through AgentCore)", () => {
            const policy = only(stack, "aws:kms/key:Key").policy;
            assert.equal(typeof policy, "string", "known at a first preview: built from the account and the role's known ARN");
            assert.deepEqual(checkKeyPolicy(policy, { accountId: HUB, region: "us-east-1", gatewayRoleArns: [ROLE_ARN] }), { problems: [], deferred: [] });
            const doc = JSON.parse(String(policy)) as { Statement: { Sid: string; Principal: { AWS: string }; Condition?: unknown }[] };
            assert.deepEqual(doc.Statement.map((s) => s.Sid), ["EnableIamPoliciesForAccount", "GatewayRoleThroughAgentCoreOnly", "CloudWatchLogsForHubLogGroupOnly"]);
            assert.deepEqual(doc.Statement[1].Condition, { StringEquals: { "kms:ViaService": "bedrock-agentcore.us-east-1.amazonaws.com" } });
        });

        it("admits CloudWatch Logs for exactly the hub's own log groups (vended logs, WAF), which encrypt with it", () => {
            const doc = JSON.parse(String(only(stack, "aws:kms/key:Key").policy)) as { Statement: { Sid: string; Condition?: unknown }[] };
            const groups = stack.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
            assert.deepEqual(groups.map((g) => String(g.inputs.name)).sort(), ["/aws/vendedlogs/bedrock-agentcore/gateway/APPLICATION_LOGS/org-tools", "aws-waf-logs-agentcore-org-tools"]);
            const arnOf = (n: string) => `arn:aws:logs:us-east-1:${HUB}:log-group:${n}`;
            assert.deepEqual(doc.Statement[2].Condition, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [arnOf("/aws/vendedlogs/bedrock-agentcore/gateway/APPLICATION_LOGS/org-tools"), arnOf("aws-waf-logs-agentcore-org-tools")] } });
            for (const g of groups) assert.deepEqual((g.propertyDependencies.kmsKeyId ?? []).map((urn) => stack.resources.find((x) => x.urn === urn)!.type), ["aws:kms/key:Key"], String(g.inputs.name));
        });

        it("the key waits for the role it names (KMS refuses a policy naming a principal that does not exist)", () => {
            const key = stack.resources.find((r) => r.type === "aws:kms/key:Key")!;
            const role = stack.resources.find((r) => r.type === "aws-native:iam:Role")!;
            assert.ok(key.dependencies.includes(role.urn));
        });

        it("the gateway and the policy engine encrypt with it; the role is granted exactly it", () => {
            const gw = only(stack, "aws-native:bedrockagentcore:Gateway");
            const engine = only(stack, "aws-native:bedrockagentcore:PolicyEngine");
            assert.deepEqual(provenance(stack, "aws-native:bedrockagentcore:Gateway", "kmsKeyArn"), ["aws:kms/key:Key"]);
            assert.deepEqual(provenance(stack, "aws-native:bedrockagentcore:PolicyEngine", "encryptionKeyArn"), ["aws:kms/key:Key"]);
            const rolePolicy = only(stack, "aws-native:iam:RolePolicy").policyDocument as { Statement: { Sid: string; Resource: ReadValue }[] };
            const kms = rolePolicy.Statement.find((s) => s.Sid === "UseGatewayKmsKey")!;
            if (mode === "preview") {
                assert.ok(isUnknown(gw.kmsKeyArn) && isUnknown(engine.encryptionKeyArn), "the key's ARN is assigned by AWS");
                assert.equal(hubKeyArn, undefined);
            } else {
                const arn = String(stack.resources.find((r) => r.type === "aws:kms/key:Key")!.outputs.arn);
                assert.match(arn, /^arn:aws:kms:us-east-1:111111111111:key\//);
                assert.equal(gw.kmsKeyArn, arn);
                assert.equal(engine.encryptionKeyArn, arn);
                assert.equal(kms.Resource, arn);
                assert.equal(hubKeyArn, arn, "hub.kmsKeyArn is the resolved key (the log group's input)");
            }
            const from = provenance(stack, "aws-native:iam:RolePolicy", "policyDocument");
            assert.deepEqual(checkGatewayRolePermissions(rolePolicy as unknown as ReadValue, { accountId: HUB, unknownProvenance: from }), { problems: [], deferred: [] });
        });
    });

    describe(`a passed key, or AWS-owned keys outside production (${mode} mode)`, function () {
        this.timeout(120_000);
        it("a passed kmsKeyArn is used as is and no key is created", async () => {
            const stack = await runUnderMocks(() => new AgentGatewayHub("hub", { ...base, kmsKeyArn: PASSED_KEY }, { providers: providers() }), { mode, project: "hub-key", stack: mode });
            assert.equal(inputsOf(stack, "aws:kms/key:Key").length, 0);
            assert.equal(only(stack, "aws-native:bedrockagentcore:Gateway").kmsKeyArn, PASSED_KEY);
            assert.equal(only(stack, "aws-native:bedrockagentcore:PolicyEngine").encryptionKeyArn, PASSED_KEY);
        });

        it("admits only the log groups the hub creates: none with logs off and an existing web ACL (non-production)", async () => {
            const webAclArn = `arn:aws:wafv2:us-east-1:${HUB}:regional/webacl/org/1234abcd-12ab-34cd-56ef-1234567890ab`;
            const stack = await runUnderMocks(() => new AgentGatewayHub("hub", { ...base, logs: false, waf: { webAclArn } }, { providers: providers() }), { mode, project: "hub-key", stack: mode, config: { "agentcore-hub:production": "false" } });
            assert.equal(inputsOf(stack, "aws:cloudwatch/logGroup:LogGroup").length, 0);
            const doc = JSON.parse(String(only(stack, "aws:kms/key:Key").policy)) as { Statement: { Sid: string }[] };
            assert.deepEqual(doc.Statement.map((x) => x.Sid), ["EnableIamPoliciesForAccount", "GatewayRoleThroughAgentCoreOnly"]);
        });

        it("encryption.awsOwnedKey in a non-production stack: no key, no KMS permission", async () => {
            let exposed: pulumi.Output<string> | undefined | "unset" = "unset";
            const stack = await runUnderMocks(() => {
                exposed = new AgentGatewayHub("hub", { ...base, encryption: { awsOwnedKey: true } }, { providers: providers() }).kmsKeyArn;
            }, { mode, project: "hub-key", stack: mode, config: { "agentcore-hub:production": "false" } });
            assert.equal(exposed, undefined);
            assert.equal(inputsOf(stack, "aws:kms/key:Key").length, 0);
            assert.equal(only(stack, "aws-native:bedrockagentcore:Gateway").kmsKeyArn, undefined);
            assert.equal(only(stack, "aws-native:bedrockagentcore:PolicyEngine").encryptionKeyArn, undefined);
            const doc = only(stack, "aws-native:iam:RolePolicy").policyDocument as { Statement: { Sid: string }[] };
            assert.ok(!doc.Statement.some((s) => s.Sid === "UseGatewayKmsKey"));
        });
    });
}

describe("hub key: bad input is refused with the exact message", function () {
    this.timeout(120_000);
    async function errorsOf(program: () => void, config: Record<string, string> = {}): Promise<string> {
        try {
            await runUnderMocks(program, { mode: "preview", project: "hub-key", stack: "dev", config });
        } catch (e) {
            if (e instanceof ProgramRunError) return e.errors.join("\n");
            throw e;
        }
        return "";
    }

    it("encryption.awsOwnedKey in a production stack", async () => {
        const text = await errorsOf(() => new AgentGatewayHub("hub", { ...base, encryption: { awsOwnedKey: true } }, { providers: providers() }));
        assert.ok(text.includes('AgentGatewayHub "hub" has 1 problem:\n  - [I15] encryption.awsOwnedKey = true in a production stack: the gateway and policy engine would encrypt with keys AWS owns, which nobody in the organization can audit, rotate or revoke. Fix: Remove encryption.awsOwnedKey (the hub then creates a rotating customer-managed key, about $1 a month), or mark the stack non-production (agentcore-hub:production = false).'), text);
    });

    it("encryption.awsOwnedKey together with kmsKeyArn", async () => {
        const text = await errorsOf(() => new AgentGatewayHub("hub", { ...base, kmsKeyArn: PASSED_KEY, encryption: { awsOwnedKey: true } }, { providers: providers() }), { "agentcore-hub:production": "false" });
        assert.ok(text.includes("  - [I15] encryption.awsOwnedKey = true and kmsKeyArn are both set: the hub would both use and not use a customer-managed key. Fix: Remove one of them."), text);
    });

    it("a key in another account", async () => {
        const other = "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const text = await errorsOf(() => new AgentGatewayHub("hub", { ...base, kmsKeyArn: other }, { providers: providers() }));
        assert.ok(text.includes(`[I3] kmsKeyArn = "${other}" is in account 999999999999, Region us-east-1, not the hub's account 111111111111, Region us-east-1: the gateway role is granted the KMS actions on exactly this key. Fix: Pass the ARN of a customer-managed KMS key (key/<id>, not an alias) in the hub's account and Region.`), text);
    });

    it("a key in another Region", async () => {
        const other = `arn:aws:kms:eu-west-1:${HUB}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const text = await errorsOf(() => new AgentGatewayHub("hub", { ...base, kmsKeyArn: other }, { providers: providers() }));
        assert.ok(text.includes(`[I3] kmsKeyArn = "${other}" is in account 111111111111, Region eu-west-1, not the hub's account 111111111111, Region us-east-1: the gateway role is granted the KMS actions on exactly this key.`), text);
    });

    it("an alias name KMS refuses and a deletion window outside 7-30 days", async () => {
        const text = await errorsOf(() => new AgentGatewayHub("hub", { ...base, encryption: { aliasName: "alias/aws/mine", deletionWindowInDays: 3 } }, { providers: providers() }));
        assert.ok(text.includes('  - [I12] encryption.aliasName = "alias/aws/mine" is not a KMS alias name (alias/ followed by letters, digits, /, _ or -, not alias/aws/). Fix: Use e.g. "alias/agentcore-hub/org-tools".'), text);
        assert.ok(text.includes("  - [I12] encryption.deletionWindowInDays = 3 is outside KMS's 7-30 days. Fix: Use a whole number of days from 7 to 30."), text);
    });
});

type RegisterRequest = Parameters<MockMonitor["registerResource"]>[0];
type RegisterCallback = Parameters<MockMonitor["registerResource"]>[1];

describe("lifecycle: a changed key replaces the policy engine", function () {
    this.timeout(120_000);
    const seen: { type: string; replaceOnChanges: string[]; inputs: Record<string, unknown> }[] = [];
    /** Records the resource options the mocks' newResource never sees. */
    class OptionsMonitor extends MockMonitor {
        async registerResource(req: RegisterRequest, callback: RegisterCallback): Promise<void> {
            seen.push({ type: req.getType(), replaceOnChanges: req.getReplaceonchangesList(), inputs: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown> });
            return super.registerResource(req, callback);
        }
    }
    before(async () => {
        const mocks: pulumi.runtime.Mocks = {
            newResource: (args) => ({ id: `${args.name}-id`, state: args.type === "aws:kms/key:Key" ? { ...args.inputs, arn: `arn:aws:kms:us-east-1:${HUB}:key/0000aaaa-12ab-34cd-56ef-1234567890ab` } : args.inputs }),
            call: () => ({ accountId: HUB, region: "us-east-1", partition: "aws", arn: `arn:aws:iam::${HUB}:user/x`, userId: "x" }),
        };
        await pulumi.runtime.setMocks(mocks, "lifecycle", "dev", false);
        pulumi.runtime.setMockOptions(new OptionsMonitor(mocks), "lifecycle", "dev", false);
        new AgentGatewayHub("life", { ...base, allowDefaultProviders: true });
        await new Promise((r) => setTimeout(r, 500));
    });

    it("encryptionKeyArn is create-only (CFN schema): the engine lists it in replaceOnChanges and gets the hub's key", () => {
        const engines = seen.filter((r) => r.type === "aws-native:bedrockagentcore:PolicyEngine");
        assert.equal(engines.length, 1);
        assert.ok(engines[0].replaceOnChanges.includes("encryptionKeyArn"), JSON.stringify(engines[0].replaceOnChanges));
        assert.equal(engines[0].inputs.encryptionKeyArn, `arn:aws:kms:us-east-1:${HUB}:key/0000aaaa-12ab-34cd-56ef-1234567890ab`);
    });

    it("the gateway's kmsKeyArn is updated in place (AWS lets a gateway's key change: gateway-encryption)", () => {
        const gateways = seen.filter((r) => r.type === "aws-native:bedrockagentcore:Gateway");
        assert.ok(!gateways[0].replaceOnChanges.includes("kmsKeyArn"));
    });
});
