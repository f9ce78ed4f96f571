import * as assert from "assert";
import * as path from "path";
import { CapturedProviderReference, CapturedResource, CapturedStack, ProgramRunError } from "../../checker/engine/capture";
import { runProgramFile } from "../../checker/engine/programFile";
import { WireObject, WireValue, isUnknownValue, toReadValue } from "../../checker/engine/wire";
import { checkGatewayResourcePolicy, checkSpokePermissions, checkSpokeTrustPolicy } from "../../invariants";
import { ReadValue } from "../../invariants/policyDocument";
import { allowPolicy, decide, roleSession } from "../support/iamEvaluator";

/**
 * examples/multi-stack: the hub and each spoke are separate Pulumi projects. The hub grants a
 * role path per spoke account (no dependency on any spoke stack); a spoke reads the hub's
 * gateway ARN from a StackReference. Both programs run from their directories under the
 * engine harness (Pulumi.yaml defaults, Pulumi.<stack>.yaml), the spoke with the hub's own
 * update-mode outputs as its StackReference, in preview and update mode.
 */

type Mode = "preview" | "update";

const EXAMPLE = path.resolve(__dirname, "../../examples/multi-stack");
const HUB_DIR = path.join(EXAMPLE, "hub");
const SPOKE_DIR = path.join(EXAMPLE, "spoke");
const HUB_STACK = "organization/agentcore-hub/prod";
const HUB_ACCOUNT = "111111111111";
const SUPPORT_ACCOUNT = "222222222222";
const BOOKING_ACCOUNT = "333333333333";
const CALLER_PATH = "/agentcore-callers/";
const INVOKE_GATEWAY = "bedrock-agentcore:InvokeGateway";

interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: { AWS?: string | string[] };
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

function ofType(stack: CapturedStack, type: string): CapturedResource[] {
    return stack.resources.filter((r) => r.type === type);
}

function only(stack: CapturedStack, type: string): CapturedResource {
    const found = ofType(stack, type);
    assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.map((r) => r.name).join(", ") || "none"}`);
    return found[0];
}

function str(value: WireValue | undefined): string {
    assert.strictEqual(typeof value, "string", `expected a string, got ${JSON.stringify(value)}`);
    return value as string;
}

function record(value: WireValue | undefined): WireObject {
    assert.ok(value !== null && typeof value === "object" && !Array.isArray(value), `expected an object, got ${JSON.stringify(value)}`);
    return value as WireObject;
}

/** The account a resource acts in: the account of the role its explicit provider assumes. */
function providerAccount(stack: CapturedStack, r: { provider?: CapturedProviderReference }, label: string): string {
    assert.ok(r.provider, `${label} has an explicit provider`);
    const provider = stack.resources.find((p) => p.urn === r.provider!.urn)!;
    const m = /arn:aws:iam::(\d{12}):role\//.exec(JSON.stringify(provider.inputs));
    assert.ok(m, `provider ${provider.name} assumes a role in a known account`);
    return m[1];
}

/** Resources that live in a cloud account (custom, registered, not providers). */
function cloudResources(stack: CapturedStack): CapturedResource[] {
    return stack.resources.filter((r) => r.custom && r.origin !== "read" && !r.type.startsWith("pulumi:providers:"));
}

function runHub(mode: Mode, config: Record<string, string> = {}): Promise<CapturedStack> {
    return runProgramFile(HUB_DIR, { mode, stack: "prod", config });
}

function runSpoke(mode: Mode, stack: string, hubOutputs: WireObject | undefined, config: Record<string, string> = {}): Promise<CapturedStack> {
    return runProgramFile(SPOKE_DIR, { mode, stack, config, stackReferences: hubOutputs ? { [HUB_STACK]: hubOutputs } : {} });
}

function gatewayPolicyOf(hub: CapturedStack): { Statement: Statement[] } {
    return JSON.parse(str(only(hub, "aws-native:bedrockagentcore:ResourcePolicy").inputs.policy)) as { Statement: Statement[] };
}

function callerRole(spoke: CapturedStack): CapturedResource {
    return only(spoke, "aws-native:iam:Role");
}

function invokePolicyOf(spoke: CapturedStack): { Statement: Statement[] } {
    const policies = callerRole(spoke).inputs.policies as WireObject[];
    assert.strictEqual(policies.length, 1);
    return record(policies[0].policyDocument) as unknown as { Statement: Statement[] };
}

describe("examples/multi-stack: hub and spokes in separate stacks", function () {
    this.timeout(300_000);
    const hub: Partial<Record<Mode, CapturedStack>> = {};
    let hubOutputs: WireObject;
    let gatewayArn: string;

    before(async () => {
        hub.update = await runHub("update");
        hub.preview = await runHub("preview");
        hubOutputs = hub.update.stackOutputs!;
        gatewayArn = str(hubOutputs.gatewayArn);
        assert.match(gatewayArn, new RegExp(`^arn:aws:bedrock-agentcore:us-east-1:${HUB_ACCOUNT}:gateway/org-tools-[0-9a-z]{10}$`));
    });

    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`hub stack (${mode} mode)`, () => {
            it("creates the gateway, its Lambda target and Cedar policies, all in the hub account", () => {
                const stack = hub[mode]!;
                only(stack, "aws-native:bedrockagentcore:Gateway");
                assert.strictEqual(str(only(stack, "aws-native:bedrockagentcore:GatewayTarget").inputs.name), "orders");
                assert.deepStrictEqual(ofType(stack, "aws-native:bedrockagentcore:Policy").map((r) => r.inputs.name), ["spokes_lookup_orders", "support_refunds_under_1000"]);
                assert.deepStrictEqual(stack.resources.filter((r) => r.origin === "default-provider"), [], "no default provider: nothing lands in an ambient account");
                for (const r of cloudResources(stack)) assert.strictEqual(providerAccount(stack, r, r.urn), HUB_ACCOUNT, r.urn);
            });

            it("reads no other stack: no StackReference, so no cycle with its spokes", () => {
                assert.deepStrictEqual(ofType(hub[mode]!, "pulumi:pulumi:StackReference"), []);
            });

            it("exports what spokes read, the grants known at preview", () => {
                const outputs = hub[mode]!.stackOutputs!;
                assert.deepStrictEqual(outputs.consumerGrants, { accountIds: [SUPPORT_ACCOUNT, BOOKING_ACCOUNT], rolePath: CALLER_PATH, roleArns: [] });
                if (mode === "preview") assert.ok(isUnknownValue(outputs.gatewayArn), "the gateway ARN is assigned by AWS");
                else assert.strictEqual(outputs.gatewayArn, gatewayArn);
            });

            it("I7: the resource policy grants the path in each spoke account (ArnLike aws:PrincipalArn)", () => {
                const stack = hub[mode]!;
                const rp = only(stack, "aws-native:bedrockagentcore:ResourcePolicy");
                if (mode === "preview") {
                    // A JSON string that embeds the new gateway's ARN: known at `pulumi up` (README).
                    assert.ok(isUnknownValue(rp.inputs.policy));
                    return;
                }
                assert.strictEqual(rp.inputs.resourceArn, gatewayArn);
                const statements = gatewayPolicyOf(stack).Statement;
                assert.deepStrictEqual(
                    statements.map((s) => [s.Principal?.AWS, s.Condition]),
                    [SUPPORT_ACCOUNT, BOOKING_ACCOUNT].map((account) => [`arn:aws:iam::${account}:root`, { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${account}:role${CALLER_PATH}*` } }]),
                );
                for (const s of statements) {
                    assert.deepStrictEqual([s.Effect, s.Action, s.Resource], ["Allow", INVOKE_GATEWAY, gatewayArn]);
                }
                assert.deepStrictEqual(checkGatewayResourcePolicy(toReadValue(rp.inputs.policy), { gatewayArn }), { problems: [], deferred: [] });
            });
        });
    }

    it("hub stack: exact role ARNs from config are granted alongside the paths", async () => {
        const audit = "arn:aws:iam::444444444444:role/agentcore-callers/audit-agent";
        const stack = await runHub("update", { exactCallerRoleArns: JSON.stringify([audit]) });
        const principals = gatewayPolicyOf(stack).Statement.map((s) => s.Principal?.AWS);
        assert.deepStrictEqual(principals, [`arn:aws:iam::${SUPPORT_ACCOUNT}:root`, `arn:aws:iam::${BOOKING_ACCOUNT}:root`, audit]);
        assert.deepStrictEqual(record(stack.stackOutputs!.consumerGrants).roleArns, [audit]);
    });

    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`spoke stack "support" (${mode} mode)`, () => {
            let spoke: CapturedStack;
            before(async () => {
                spoke = await runSpoke(mode, "support", hubOutputs);
            });

            it("reads the hub through the configured StackReference (a read, not a resource)", () => {
                const ref = only(spoke, "pulumi:pulumi:StackReference");
                assert.strictEqual(ref.name, HUB_STACK);
                assert.strictEqual(ref.origin, "read");
            });

            it("creates the caller role under the granted path, in the spoke account", () => {
                const role = callerRole(spoke);
                assert.strictEqual(role.inputs.roleName, "support-agent");
                assert.strictEqual(role.inputs.path, CALLER_PATH);
                assert.strictEqual(providerAccount(spoke, role, role.urn), SUPPORT_ACCOUNT);
                assert.strictEqual(spoke.stackOutputs!.callerRoleArn, `arn:aws:iam::${SUPPORT_ACCOUNT}:role${CALLER_PATH}support-agent`, "known at preview");
                assert.deepStrictEqual(checkSpokeTrustPolicy(toReadValue(role.inputs.assumeRolePolicyDocument)), { problems: [], deferred: [] });
            });

            it("I8: its only permission is InvokeGateway on the hub ARN read from the StackReference (known at preview)", () => {
                const doc = invokePolicyOf(spoke);
                assert.deepStrictEqual(doc.Statement.map((s) => [s.Effect, s.Action, s.Resource]), [["Allow", INVOKE_GATEWAY, [gatewayArn]]]);
                assert.deepStrictEqual(checkSpokePermissions(toReadValue(doc as unknown as WireObject) as ReadValue), { problems: [], deferred: [] });
                assert.strictEqual(spoke.stackOutputs!.gatewayArn, gatewayArn);
            });

            it("makes no hub-account resource: every resource uses the spoke account's providers", () => {
                assert.deepStrictEqual(spoke.resources.filter((r) => r.origin === "default-provider"), []);
                const resources = cloudResources(spoke);
                assert.deepStrictEqual(resources.map((r) => r.type), ["aws-native:iam:Role"]);
                for (const r of resources) assert.strictEqual(providerAccount(spoke, r, r.urn), SUPPORT_ACCOUNT);
                for (const p of ofType(spoke, "pulumi:providers:aws").concat(ofType(spoke, "pulumi:providers:aws-native"))) {
                    assert.ok(!JSON.stringify(p.inputs).includes(HUB_ACCOUNT), `${p.name} never acts in the hub account`);
                }
                for (const i of spoke.invokes) assert.strictEqual(providerAccount(spoke, i, i.token), SUPPORT_ACCOUNT, i.token);
            });

            it("does not warn: the hub's grants cover the role", () => {
                assert.deepStrictEqual(spoke.logs.filter((l) => l.severity === "warning" || l.severity === "error"), []);
            });
        });
    }

    it("spoke stack \"booking\": a second spoke account from Pulumi.booking.yaml, with the hub unchanged", async () => {
        const spoke = await runSpoke("update", "booking", hubOutputs);
        const role = callerRole(spoke);
        assert.strictEqual(role.inputs.roleName, "booking-agent");
        assert.strictEqual(role.inputs.path, CALLER_PATH);
        assert.strictEqual(providerAccount(spoke, role, role.urn), BOOKING_ACCOUNT);
        assert.deepStrictEqual(invokePolicyOf(spoke).Statement[0].Resource, [gatewayArn]);
        assert.deepStrictEqual(spoke.logs.filter((l) => l.severity === "warning"), []);
    });

    it("spoke stack: warns at preview when the hub does not grant the role's path", async () => {
        const spoke = await runSpoke("preview", "support", hubOutputs, { callerPath: "/other-agents/" });
        const warnings = spoke.logs.filter((l) => l.severity === "warning").map((l) => l.message);
        assert.strictEqual(warnings.length, 1, JSON.stringify(spoke.logs));
        assert.match(warnings[0], /arn:aws:iam::222222222222:role\/other-agents\/support-agent is not granted by the hub stack's resource-based policy \(role path "\/agentcore-callers\/" in accounts 222222222222, 333333333333\)/);
    });

    it("spoke stack: fails when the hub stack's outputs are not given (as the engine fails on an unknown stack)", async () => {
        await assert.rejects(runSpoke("preview", "support", undefined), (e: unknown) => {
            assert.ok(e instanceof ProgramRunError, String(e));
            assert.match(e.message, /unknown stack "organization\/agentcore-hub\/prod": the program reads it through a StackReference, and its outputs were not given/);
            return true;
        });
    });

    it("spoke stack: refuses a hub output that is not one exact gateway ARN", async () => {
        const wildcard = { ...hubOutputs, gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:${HUB_ACCOUNT}:gateway/*` };
        await assert.rejects(runSpoke("preview", "support", wildcard), (e: unknown) => {
            assert.ok(e instanceof ProgramRunError, String(e));
            assert.match(e.message, /hub stack output gatewayArn = ".*gateway\/\*" is not one gateway's exact ARN/);
            return true;
        });
    });

    describe("who can invoke the hub gateway (iam-simulate over both stacks' documents)", () => {
        let resourcePolicy: unknown;
        let support: { roleArn: string; policy: unknown };
        let booking: { roleArn: string; policy: unknown };

        before(async () => {
            resourcePolicy = gatewayPolicyOf(hub.update!);
            const load = async (stackName: string) => {
                const spoke = await runSpoke("update", stackName, hubOutputs);
                return { roleArn: str(spoke.stackOutputs!.callerRoleArn), policy: invokePolicyOf(spoke) };
            };
            support = await load("support");
            booking = await load("booking");
        });

        const invoke = (roleArn: string, identityPolicies: unknown[]) =>
            decide({ caller: roleSession(roleArn), action: INVOKE_GATEWAY, resource: gatewayArn, resourceAccount: HUB_ACCOUNT, identityPolicies, resourcePolicy });

        it("allows each spoke's caller role, created under the granted path", async () => {
            assert.strictEqual(await invoke(support.roleArn, [support.policy]), "Allowed");
            assert.strictEqual(await invoke(booking.roleArn, [booking.policy]), "Allowed");
        });

        it("allows any future role under the path in a granted account (no hub change), given its own policy", async () => {
            assert.strictEqual(await invoke(`arn:aws:iam::${SUPPORT_ACCOUNT}:role${CALLER_PATH}new-agent`, [support.policy]), "Allowed");
        });

        it("denies a role outside the path in the same spoke account, even as an administrator", async () => {
            for (const roleArn of [`arn:aws:iam::${SUPPORT_ACCOUNT}:role/support-agent`, `arn:aws:iam::${SUPPORT_ACCOUNT}:role/other/support-agent`, `arn:aws:iam::${SUPPORT_ACCOUNT}:role/agentcore-callers-admin/x`]) {
                assert.strictEqual(await invoke(roleArn, [support.policy, allowPolicy()]), "ImplicitlyDenied", roleArn);
            }
        });

        it("denies a role under the path in an account the hub does not grant", async () => {
            assert.strictEqual(await invoke(`arn:aws:iam::444444444444:role${CALLER_PATH}support-agent`, [allowPolicy()]), "ImplicitlyDenied");
        });

        it("denies the spoke role on another gateway: its identity policy names only the hub ARN", async () => {
            const other = `arn:aws:bedrock-agentcore:us-east-1:${HUB_ACCOUNT}:gateway/other-abcdefghij`;
            const otherPolicy = JSON.parse(JSON.stringify(resourcePolicy).split(gatewayArn).join(other)) as unknown;
            const decision = await decide({ caller: roleSession(support.roleArn), action: INVOKE_GATEWAY, resource: other, resourceAccount: HUB_ACCOUNT, identityPolicies: [support.policy], resourcePolicy: otherPolicy });
            assert.strictEqual(decision, "ImplicitlyDenied");
        });
    });
});
