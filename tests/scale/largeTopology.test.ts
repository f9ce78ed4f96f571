import * as assert from "node:assert/strict";
import { CapturedResource, CapturedStack, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { UNKNOWN, WireValue, containsUnknownValue } from "../../checker/engine/wire";
import { AgentGatewayHub, CedarPolicySpec, LambdaTargetSpec, TargetSpec, cedarPolicy } from "../../components";
import { LIMITS, jsonSize } from "../../invariants/limits";
import { CALLER_PATH, HUB_ACCOUNT_ID, LARGE, accountProviders, callerRoleName, spokeAccountId, topologyProgram } from "../../bench/workloads";
import { IamCaller, allowPolicy, decide, roleSession } from "../support/iamEvaluator";
import { concurrencyOf, maxAntichain, transitiveDependencies } from "./graph";

/**
 * The L topology (100 targets, 1,000 caller roles in 100 spoke accounts granted by role path,
 * 200 Cedar policies) under the mock engine, in preview and update mode: every AWS limit holds
 * on the registered inputs, the engine can never run more than five target operations at once
 * (derived from the dependency graph), Cedar policies are created one at a time, and only the
 * declared callers can invoke the gateway (IAM evaluator).
 */

const T = {
    role: "aws-native:iam:Role",
    rolePolicy: "aws-native:iam:RolePolicy",
    managedPolicy: "aws-native:iam:ManagedPolicy",
    classicRole: "aws:iam/role:Role",
    restApi: "aws-native:apigateway:RestApi",
    gateway: "aws-native:bedrockagentcore:Gateway",
    target: "aws-native:bedrockagentcore:GatewayTarget",
    cedar: "aws-native:bedrockagentcore:Policy",
    resourcePolicy: "aws-native:bedrockagentcore:ResourcePolicy",
    grants: "agentcore-hub:index:GatewayConsumerGrants",
} as const;

type Json = { [key: string]: WireValue };

function ofType(stack: CapturedStack, type: string): CapturedResource[] {
    return stack.resources.filter((r) => r.type === type);
}

function one(stack: CapturedStack, type: string): CapturedResource {
    const found = ofType(stack, type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}

/** A registered policy document as AWS sizes it (minified JSON), or undefined while any leaf is unknown. */
function knownSize(document: WireValue | undefined): number | undefined {
    if (document === undefined || containsUnknownValue(document)) return undefined;
    return typeof document === "string" ? document.length : jsonSize(document);
}

/** The account a resource's provider acts in (the spoke or hub account of every role). */
function accountOf(stack: CapturedStack, r: CapturedResource): string {
    const provider = stack.resources.find((p) => p.urn === r.provider?.urn);
    const roles = provider?.inputs.assumeRole ?? provider?.inputs.assumeRoles;
    const text = typeof roles === "string" ? roles : JSON.stringify(roles ?? "");
    return /iam::(\d{12}):role/.exec(text)?.[1] ?? "default";
}

/** Inline policy documents per role (`<account>/<roleName>`): the role's own `policies` and its RolePolicy resources. */
function inlineDocumentsByRole(stack: CapturedStack): Map<string, WireValue[]> {
    const out = new Map<string, WireValue[]>();
    const add = (key: string, doc: WireValue) => out.set(key, [...(out.get(key) ?? []), doc]);
    for (const r of ofType(stack, T.role)) {
        const key = `${accountOf(stack, r)}/${String(r.inputs.roleName)}`;
        out.set(key, out.get(key) ?? []);
        for (const p of (r.inputs.policies as Json[] | undefined) ?? []) add(key, p.policyDocument);
    }
    for (const r of ofType(stack, T.rolePolicy)) add(`${accountOf(stack, r)}/${String(r.inputs.roleName)}`, r.inputs.policyDocument);
    return out;
}

/** Every fully known document must fit; returns how many were checked. */
function assertSizes(label: string, documents: (WireValue | undefined)[], limit: number): number {
    let checked = 0;
    for (const doc of documents) {
        const size = knownSize(doc);
        if (size === undefined) continue;
        checked++;
        assert.ok(size <= limit, `${label}: ${size} > ${limit}`);
    }
    return checked;
}

interface ModeExpectations {
    /** Update mode knows every value: nothing may be skipped for being unknown. */
    everythingKnown: boolean;
}

function limitsHold(getStack: () => CapturedStack, expect: ModeExpectations): void {
    it("role inline policies total at most 10,240 characters per role; the gateway role spills into managed policies", () => {
        const stack = getStack();
        const byRole = inlineDocumentsByRole(stack);
        assert.ok(byRole.size >= 1001, `${byRole.size} roles with inline policies (1,000 callers and the gateway role)`);
        for (const [role, docs] of byRole) {
            const sizes = docs.map(knownSize);
            if (sizes.some((s) => s === undefined)) {
                assert.ok(!expect.everythingKnown, `${role} has an unknown inline policy in update mode`);
                continue;
            }
            const total = (sizes as number[]).reduce((a, b) => a + b, 0);
            assert.ok(total <= LIMITS.roleInlinePolicyChars, `${role}: ${total} > ${LIMITS.roleInlinePolicyChars}`);
        }
        const managed = ofType(stack, T.managedPolicy);
        assert.ok(managed.length >= 1 && managed.length <= LIMITS.managedPoliciesPerRole, `${managed.length} managed policies for the gateway role`);
        const checked = assertSizes("managed policy", managed.map((m) => m.inputs.policyDocument), LIMITS.managedPolicyChars);
        if (expect.everythingKnown) assert.equal(checked, managed.length);
    });

    it("trust policies fit 2,048 characters", () => {
        const stack = getStack();
        const trusts = [...ofType(stack, T.role).map((r) => r.inputs.assumeRolePolicyDocument), ...ofType(stack, T.classicRole).map((r) => r.inputs.assumeRolePolicy)];
        const checked = assertSizes("trust policy", trusts, LIMITS.trustPolicyChars);
        // Trust documents are built from known parts: decided even at a first preview.
        assert.equal(checked, trusts.length);
    });

    it("REST API resource policies fit 8,192 characters", () => {
        const apis = ofType(getStack(), T.restApi);
        assert.equal(apis.length, LARGE.restTargets);
        assert.equal(assertSizes("REST API policy", apis.map((a) => a.inputs.policy), LIMITS.restApiPolicyChars), apis.length);
    });

    it("at most 100 targets on the gateway, at most 1,000 tools each", () => {
        const targets = ofType(getStack(), T.target);
        assert.equal(targets.length, LARGE.lambdaTargets + LARGE.restTargets);
        assert.ok(targets.length <= LIMITS.targetsPerGateway);
        for (const t of targets) {
            const mcp = (t.inputs.targetConfiguration as Json).mcp as Json;
            const tools = mcp.lambda ? (((mcp.lambda as Json).toolSchema as Json).inlinePayload as WireValue[]) : (((mcp.apiGateway as Json).apiGatewayToolConfiguration as Json).toolOverrides as WireValue[]);
            assert.ok(tools.length >= 1 && tools.length <= LIMITS.toolsPerTarget, `${t.name}: ${tools.length} tools`);
        }
    });

    it("the engine can run at most 5 target operations at once (maximum antichain of the dependency graph)", () => {
        assert.equal(concurrencyOf(getStack().resources, T.target), LIMITS.concurrentTargetOperations);
    });

    it("Cedar policies: at most 1,000, each within 10,000 characters, created one at a time after every target", () => {
        const stack = getStack();
        const policies = ofType(stack, T.cedar);
        assert.equal(policies.length, LARGE.cedarPolicies);
        assert.ok(policies.length <= LIMITS.cedarPoliciesPerEngine);
        for (const p of policies) assert.ok(String(p.inputs.name).length <= LIMITS.policyNameLength, String(p.inputs.name));
        const statements = policies.map((p) => ((p.inputs.definition as Json).cedar as Json).statement);
        const checked = assertSizes("Cedar policy", statements, LIMITS.cedarPolicyBytes);
        if (expect.everythingKnown) assert.equal(checked, policies.length);
        assert.equal(concurrencyOf(stack.resources, T.cedar), 1, "a chain: never two policy operations at once");
        // Policies name tools, so each waits for every target (and the gateway) to exist.
        const mustPrecede = [...ofType(stack, T.target), one(stack, T.gateway)].map((r) => r.urn);
        for (const p of policies) {
            const before = transitiveDependencies(stack.resources, p.urn);
            assert.ok(mustPrecede.every((urn) => before.has(urn)), `${p.name} waits for the gateway and every target`);
        }
    });
}

describe("scale: the L topology under the mock engine", function () {
    this.timeout(600_000);
    let preview: CapturedStack;
    let update: CapturedStack;
    const stackTraceLimit = Error.stackTraceLimit;

    before(async () => {
        // Pulumi's SDK records a stack trace for every internal promise (runtime/debuggable.js);
        // under ts-node each one is source-mapped, which is most of the time of a 3,000-resource
        // program. Nothing here reads stack traces.
        Error.stackTraceLimit = 0;
        try {
            preview = await runUnderMocks(topologyProgram(LARGE), { mode: "preview", project: "scale", stack: "preview" });
            update = await runUnderMocks(topologyProgram(LARGE), { mode: "update", project: "scale", stack: "update" });
        } finally {
            Error.stackTraceLimit = stackTraceLimit;
        }
    });

    it("registers the whole organization: 1,000 caller roles in 100 accounts, 100 targets, 200 policies", () => {
        for (const stack of [preview, update]) {
            const callerRoles = ofType(stack, T.role).filter((r) => String(r.inputs.path) === CALLER_PATH);
            assert.equal(callerRoles.length, 1000);
            assert.equal(new Set(callerRoles.map((r) => accountOf(stack, r))).size, 100);
        }
    });

    describe("preview (a first preview: ids and the gateway ARN unknown)", () => {
        limitsHold(() => preview, { everythingKnown: false });

        it("the grant's form, statements and maximum size are known; the policy itself waits for the gateway ARN", () => {
            const grants = one(preview, T.grants).outputs;
            assert.equal(grants.form, "merged");
            assert.equal(grants.statements, 1);
            assert.ok((grants.maxBytes as number) <= LIMITS.gatewayResourcePolicyBytes);
            assert.equal(one(preview, T.resourcePolicy).inputs.policy, UNKNOWN);
        });
    });

    describe("update (every output known)", () => {
        limitsHold(() => update, { everythingKnown: true });

        it("the width measure is not vacuous: without the target-to-target edges all 100 could run at once", () => {
            const targets = new Set(ofType(update, T.target).map((t) => t.urn));
            const unchained = update.resources.map((r) => (targets.has(r.urn) ? { ...r, dependencies: r.dependencies.filter((d) => !targets.has(d)) } : r));
            assert.equal(concurrencyOf(unchained, T.target), targets.size);
        });

        it("the gateway resource policy fits 20,480 bytes and 100 statements", () => {
            const text = one(update, T.resourcePolicy).inputs.policy as string;
            const doc = JSON.parse(text) as { Statement: unknown[] };
            assert.ok(text.length <= LIMITS.gatewayResourcePolicyBytes, `${text.length} bytes`);
            assert.ok(doc.Statement.length <= LIMITS.gatewayResourcePolicyStatements);
            assert.equal(one(update, T.grants).outputs.bytes, text.length);
        });
    });

    describe("least privilege at scale (IAM evaluator on the update-mode documents)", () => {
        let gatewayArn: string;
        let resourcePolicy: unknown;
        let callerPolicies: Map<string, unknown[]>;
        const ADMIN = allowPolicy("*", "*");

        before(() => {
            gatewayArn = String(one(update, T.gateway).outputs.gatewayArn);
            resourcePolicy = JSON.parse(one(update, T.resourcePolicy).inputs.policy as string);
            callerPolicies = new Map(
                ofType(update, T.role)
                    .filter((r) => String(r.inputs.path) === CALLER_PATH)
                    .map((r) => [`arn:aws:iam::${accountOf(update, r)}:role${CALLER_PATH}${String(r.inputs.roleName)}`, ((r.inputs.policies as Json[]) ?? []).map((p) => p.policyDocument)]),
            );
        });

        const invoke = (caller: IamCaller, identityPolicies: unknown[]) =>
            decide({ caller, action: "bedrock-agentcore:InvokeGateway", resource: gatewayArn, resourceAccount: HUB_ACCOUNT_ID, identityPolicies, resourcePolicy });
        const role = (account: string, path: string, name: string) => `arn:aws:iam::${account}:role${path}${name}`;
        /** Accounts 0, 1, 37, 63, 98, 99 and roles 0, 4, 9 of each: both ends and the middle. */
        const sample = [0, 1, 37, 63, 98, 99].flatMap((a) => [0, 4, 9].map((r) => ({ account: a, role: r })));

        it("allows sampled declared callers with their own (generated) identity policies", async () => {
            for (const { account, role: r } of sample) {
                const arn = role(spokeAccountId(account), CALLER_PATH, callerRoleName(account, r));
                const policies = callerPolicies.get(arn);
                assert.ok(policies, `caller ${arn} registered`);
                assert.equal(await invoke(roleSession(arn), policies), "Allowed", arn);
            }
        });

        it("denies roles of the same accounts outside the declared path, even as administrators", async () => {
            for (const a of [0, 50, 99]) {
                const account = spokeAccountId(a);
                for (const arn of [
                    role(account, "/", "admin"),
                    role(account, "/other/", callerRoleName(a, 0)),
                    role(account, "/agentcore-callers-evil/", "x"),
                    role(account, "/nested/agentcore-callers/", "x"),
                ]) {
                    assert.equal(await invoke(roleSession(arn), [ADMIN]), "ImplicitlyDenied", arn);
                }
            }
        });

        it("denies an IAM user of a granted account, even under the same path", async () => {
            const account = spokeAccountId(7);
            const userArn = `arn:aws:iam::${account}:user${CALLER_PATH}agent`;
            const user: IamCaller = { principal: userArn, context: { "aws:PrincipalArn": userArn, "aws:PrincipalAccount": account, "aws:PrincipalType": "User" }, label: userArn };
            assert.equal(await invoke(user, [ADMIN]), "ImplicitlyDenied");
        });

        it("denies roles of undeclared accounts, whatever their path", async () => {
            for (const account of [spokeAccountId(100), spokeAccountId(1000), "999999999999"]) {
                for (const arn of [role(account, CALLER_PATH, callerRoleName(0, 0)), role(account, "/", "admin")]) {
                    assert.equal(await invoke(roleSession(arn), [ADMIN]), "ImplicitlyDenied", arn);
                }
            }
        });

        it("a path grant admits any role the spoke creates under its path (the documented meaning), no wider", async () => {
            const arn = role(spokeAccountId(42), CALLER_PATH, "created-later-by-the-spoke");
            assert.equal(await invoke(roleSession(arn), [allowPolicy("bedrock-agentcore:InvokeGateway", gatewayArn)]), "Allowed");
        });
    });
});

describe("scale: the dependency-graph width measure itself", () => {
    const chain = (n: number, lanes: number) => new Map(Array.from({ length: n }, (_, i) => [`t${i}`, new Set(Array.from({ length: Math.floor(i / lanes) }, (_, k) => `t${i - (k + 1) * lanes}`))]));

    it("counts unordered operations: 100 independent ones are 100, five lanes are 5, one chain is 1", () => {
        assert.equal(maxAntichain(new Map(Array.from({ length: 100 }, (_, i) => [`t${i}`, new Set<string>()]))), 100);
        assert.equal(maxAntichain(chain(100, 5)), 5);
        assert.equal(maxAntichain(chain(100, 1)), 1);
        assert.equal(maxAntichain(chain(7, 6)), 6);
    });
});

describe("scale: construction errors name the number and the limit", function () {
    this.timeout(300_000);
    const fn = (i: number): LambdaTargetSpec => ({
        kind: "lambda",
        name: `fn-${i}`,
        function: { arn: `arn:aws:lambda:us-east-1:${HUB_ACCOUNT_ID}:function:fn-${i}`, name: `fn-${i}` },
        tools: [{ name: "get_order", description: "Read an order", inputSchema: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] } }],
    });

    async function failure(targets: TargetSpec[], policies: CedarPolicySpec[] = []): Promise<ProgramRunError> {
        const program = () => {
            const hubAccount = accountProviders("hub", HUB_ACCOUNT_ID);
            new AgentGatewayHub("hub", { gatewayName: "org-tools", targets, policyEngine: { policies } }, { providers: hubAccount.list });
        };
        try {
            await runUnderMocks(program, { mode: "preview", project: "scale-errors", stack: "preview" });
        } catch (err) {
            assert.ok(err instanceof ProgramRunError, String(err));
            assert.ok(!err.captured.resources.some((r) => r.type.startsWith("aws-native:bedrockagentcore")), "nothing of the hub was registered");
            return err;
        }
        assert.fail("expected a construction error");
    }

    it("101 targets", async () => {
        const err = await failure(Array.from({ length: 101 }, (_, i) => fn(i)));
        assert.match(err.message, /targets has 101 entries; a gateway holds at most 100/);
    });

    it("1,001 Cedar policies", async () => {
        const policies = Array.from({ length: 1001 }, (_, k) => ({ name: `p${k}`, statement: cedarPolicy().permit().principalAccount(spokeAccountId(k)).tool("fn-0", "get_order") }));
        const err = await failure([fn(0)], policies);
        assert.match(err.message, /policies has 1001 policies; a policy engine holds at most 1000/);
    });

    it("a Cedar schema over 400 KB", async () => {
        // 1,000 tools with 12 described inputs each: the generated schema is well over 400 KB.
        const properties = Object.fromEntries(Array.from({ length: 12 }, (_, n) => [`attribute_number_${n}`, { type: "string" as const, description: "a described input" }]));
        const tools = Array.from({ length: 1000 }, (_, n) => ({ name: `tool_${n}`, description: "A tool", inputSchema: { type: "object" as const, properties } }));
        const err = await failure([{ ...fn(0), tools }]);
        assert.match(err.message, /The Cedar schema generated from the gateway's tools is \d{6,} bytes; AgentCore allows 409600 bytes/);
    });
});
