import * as assert from "assert";
import { CapturedResource, CapturedStack, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { WireObject, WireValue, isUnknownValue } from "../../checker/engine/wire";
import { AgentGatewayHub, TargetSpec } from "../../components";
import { LIMITS, jsonSize } from "../../invariants/limits";

/**
 * The gateway role's permissions spill from the inline policy (IAM: 10,240 characters for all
 * inline policies of a role) into managed policies (6,144 each), planned at construction from
 * upper-bound sizes (components/hub/rolePermissions.ts, gatewayRole.ts). When they cannot fit
 * at all, the hub refuses to construct, naming the count and the limit (I12).
 */

type Mode = "preview" | "update";

const ACCOUNT = "111111111111";
const ROLE_NAME = "org-tools-gateway";
const LAMBDA_TARGETS = 40;
const REST_TARGETS = 8;
const OPERATIONS_PER_API = 12;

function functionName(i: number): string {
    return `order-processing-function-${String(i).padStart(3, "0")}`;
}

function lambdaTargets(count: number): TargetSpec[] {
    return Array.from({ length: count }, (_, i): TargetSpec => ({
        kind: "lambda",
        name: `fn${i}`,
        function: { arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${functionName(i)}`, name: functionName(i) },
        tools: [{ name: "run", description: "Run it", inputSchema: { type: "object" } }],
    }));
}

function restTargets(count: number, operations: number, namePrefix = "api"): TargetSpec[] {
    return Array.from({ length: count }, (_, t): TargetSpec => ({
        kind: "restApi",
        name: `${namePrefix}${t}`,
        create: {
            operations: Array.from({ length: operations }, (_, i) => ({
                path: `/inventory/items-${i}/{id}`,
                method: "GET" as const,
                toolName: `GetItem${i}`,
                description: `Read item kind ${i}`,
                integration: { mock: {} },
            })),
        },
    }));
}

function hubWith(targets: TargetSpec[]): () => void {
    return () => {
        new AgentGatewayHub("hub", { gatewayName: "org-tools", targets, allowDefaultProviders: true });
    };
}

const TARGETS = [...lambdaTargets(LAMBDA_TARGETS), ...restTargets(REST_TARGETS, OPERATIONS_PER_API)];

interface Statement {
    Sid: string;
    Action: WireValue;
    Resource: WireValue;
}

/** IAM accepts one resource or a list. */
function resourcesOf(s: Statement): WireValue[] {
    return Array.isArray(s.Resource) ? s.Resource : [s.Resource];
}

function ofType(stack: CapturedStack, type: string): CapturedResource[] {
    return stack.resources.filter((r) => r.type === type);
}

function only(stack: CapturedStack, type: string): CapturedResource {
    const found = ofType(stack, type);
    assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.length}`);
    return found[0];
}

function documentOf(r: CapturedResource): { Version: string; Statement: Statement[] } {
    return r.inputs.policyDocument as unknown as { Version: string; Statement: Statement[] };
}

/** Managed policies in their planned order (`…-targets-1`, `-2`, …). */
function managedPolicies(stack: CapturedStack): CapturedResource[] {
    const n = (r: CapturedResource) => Number(/-(\d+)$/.exec(r.name)?.[1]);
    return ofType(stack, "aws-native:iam:ManagedPolicy").sort((a, b) => n(a) - n(b));
}

function sidsOf(r: CapturedResource): string[] {
    return documentOf(r).Statement.map((s) => s.Sid);
}

describe("gateway role permissions spill into managed policies", function () {
    this.timeout(300_000);
    const stacks: Partial<Record<Mode, CapturedStack>> = {};

    before(async () => {
        stacks.preview = await runUnderMocks(hubWith(TARGETS), { mode: "preview", project: "spill", stack: "preview" });
        stacks.update = await runUnderMocks(hubWith(TARGETS), { mode: "update", project: "spill", stack: "update" });
    });

    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`${mode} mode`, () => {
            it("registers one inline RolePolicy and several ManagedPolicies, all attached to the gateway role", () => {
                const stack = stacks[mode]!;
                const role = stack.resources.find((r) => r.type === "aws-native:iam:Role" && r.inputs.roleName === ROLE_NAME)!;
                assert.ok(role, "the gateway role");
                assert.strictEqual(role.inputs.policies, undefined, "no inline policy on the role itself: the RolePolicy is the whole inline budget");
                const inline = only(stack, "aws-native:iam:RolePolicy");
                assert.strictEqual(inline.inputs.roleName, ROLE_NAME);
                assert.strictEqual(inline.inputs.policyName, "gateway-targets");
                const managed = managedPolicies(stack);
                assert.ok(managed.length >= 2 && managed.length <= LIMITS.managedPoliciesPerRole, `${managed.length} managed policies`);
                managed.forEach((m, i) => {
                    assert.strictEqual(m.inputs.managedPolicyName, `${ROLE_NAME}-targets-${i + 1}`);
                    assert.strictEqual(m.inputs.path, "/agentcore-hub/");
                    assert.deepStrictEqual(m.inputs.roles, [ROLE_NAME]);
                    assert.ok(m.dependencies.includes(role.urn), `${m.name} waits for the role`);
                });
            });

            it("the gateway and every target wait for all permission policies", () => {
                const stack = stacks[mode]!;
                const permissions = [only(stack, "aws-native:iam:RolePolicy"), ...managedPolicies(stack)].map((r) => r.urn);
                for (const r of [only(stack, "aws-native:bedrockagentcore:Gateway"), ...ofType(stack, "aws-native:bedrockagentcore:GatewayTarget")]) {
                    for (const urn of permissions) assert.ok(r.dependencies.includes(urn), `${r.name} depends on ${urn}`);
                }
            });

            it("every target's statement, and the policy-engine statements, appear exactly once across the documents", () => {
                const stack = stacks[mode]!;
                const all = [only(stack, "aws-native:iam:RolePolicy"), ...managedPolicies(stack)].flatMap(sidsOf);
                // UseGatewayKmsKey: the hub's own customer-managed key (I15, components/hub/hubKey.ts).
                const expected = [...TARGETS.map((t) => `Invoke${t.name}`), "EvaluateCedarPolicies", "ReadPolicyEngine", "UseGatewayKmsKey"];
                assert.deepStrictEqual([...all].sort(), [...expected].sort());
                assert.strictEqual(new Set(all).size, all.length, "no statement twice");
            });

            it("keeps the planned split in both modes (decided at preview, not by unknown sizes)", () => {
                const split = (stack: CapturedStack) => [only(stack, "aws-native:iam:RolePolicy"), ...managedPolicies(stack)].map(sidsOf);
                assert.deepStrictEqual(split(stacks[mode]!), split(stacks.update!));
            });

            it("leaves only the REST API ids and the hub key's ARN unknown at preview; Lambda ARNs are known", () => {
                const stack = stacks[mode]!;
                const statements = [only(stack, "aws-native:iam:RolePolicy"), ...managedPolicies(stack)].flatMap((r) => documentOf(r).Statement);
                for (const s of statements) {
                    const unknown = resourcesOf(s).filter(isUnknownValue).length;
                    const restApi = s.Sid.startsWith("Invokeapi");
                    const expected = mode !== "preview" ? 0 : restApi ? OPERATIONS_PER_API : s.Sid === "UseGatewayKmsKey" ? 1 : 0;
                    assert.strictEqual(unknown, expected, s.Sid);
                }
            });
        });
    }

    describe("update mode: rendered documents", () => {
        it("each document is within IAM's limits", () => {
            const stack = stacks.update!;
            const inline = only(stack, "aws-native:iam:RolePolicy");
            assert.ok(jsonSize(inline.inputs.policyDocument) <= LIMITS.roleInlinePolicyChars, `inline ${jsonSize(inline.inputs.policyDocument)}`);
            for (const m of managedPolicies(stack)) {
                const size = jsonSize(m.inputs.policyDocument);
                assert.ok(size <= LIMITS.managedPolicyChars, `${m.name}: ${size} > ${LIMITS.managedPolicyChars}`);
                assert.ok(String(m.inputs.managedPolicyName).length <= 128);
            }
            const total = [inline, ...managedPolicies(stack)].reduce((sum, r) => sum + jsonSize(r.inputs.policyDocument), 0);
            assert.ok(total > LIMITS.roleInlinePolicyChars, `the case really exceeds the inline budget (${total})`);
        });

        it("the documents allow exactly the targets' ARNs", () => {
            const stack = stacks.update!;
            const resources = [only(stack, "aws-native:iam:RolePolicy"), ...managedPolicies(stack)]
                .flatMap((r) => documentOf(r).Statement)
                .filter((s) => s.Sid.startsWith("Invoke"))
                .flatMap(resourcesOf);
            const apiIds = ofType(stack, "aws-native:apigateway:RestApi").map((api) => String((api.outputs as WireObject).restApiId));
            assert.strictEqual(apiIds.length, REST_TARGETS);
            const expected = [
                ...Array.from({ length: LAMBDA_TARGETS }, (_, i) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${functionName(i)}`),
                ...apiIds.flatMap((id) => Array.from({ length: OPERATIONS_PER_API }, (_, i) => `arn:aws:execute-api:us-east-1:${ACCOUNT}:${id}/v1/GET/inventory/items-${i}/*`)),
            ];
            assert.deepStrictEqual([...resources].sort(), expected.sort());
        });
    });

    describe("when the permissions cannot fit, the hub refuses to construct (I12)", () => {
        async function constructionError(targets: TargetSpec[]): Promise<ProgramRunError> {
            try {
                await runUnderMocks(hubWith(targets), { mode: "preview" });
            } catch (e) {
                assert.ok(e instanceof ProgramRunError, String(e));
                assert.deepStrictEqual(e.captured.resources.map((r) => r.type), ["pulumi:pulumi:Stack"], "nothing registered");
                return e;
            }
            assert.fail("expected the hub to refuse its arguments");
        }

        it("more managed policies than a role holds: names the count and the limits", async () => {
            const err = await constructionError(restTargets(100, 8));
            assert.match(err.message, /AgentGatewayHub "hub" has 1 problem/);
            const m = /\[I12\] The gateway role's permissions need about (\d+) characters: the gateway role would need (\d+) managed policies besides its inline policy; a role holds at most 10 \(inline total limit 10240, 6144 per managed policy\)\. Fix: Split targets over several hubs, or expose fewer operations per target\./.exec(err.message);
            assert.ok(m, err.message);
            assert.ok(Number(m[1]) > LIMITS.roleInlinePolicyChars + LIMITS.managedPoliciesPerRole * LIMITS.managedPolicyChars, m[1]);
            assert.ok(Number(m[2]) > LIMITS.managedPoliciesPerRole, m[2]);
        });

        it("one target's statement larger than a managed policy, once the inline policy is full", async () => {
            const huge = (name: string): TargetSpec => ({
                kind: "restApi",
                name,
                create: { operations: Array.from({ length: 90 }, (_, i) => ({ path: `/resource-${i}`, method: "POST" as const, toolName: `Op${i}`, description: "d", integration: { mock: {} } })) },
            });
            const err = await constructionError([huge("first"), huge("second")]);
            assert.match(err.message, /\[I12\] The gateway role's permissions need about \d+ characters: a statement of \d+ characters does not fit in a managed policy \(limit 6144\)/);
        });
    });
});
