import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, CapturedStack, ProgramRunError, RunOptions, runUnderMocks } from "../../checker/engine/capture";
import { UNKNOWN } from "../../checker/engine/wire";
import { AgentGatewayHub, InvokeGrantee, SpokeCaller, TargetSpec } from "../../components";
import { LIMITS } from "../../invariants/limits";
import { HUB_ACCOUNT_ID, accountProviders, spokeAccountId } from "../../bench/workloads/accounts";

/**
 * The gateway's resource-based policy at organization scale (issue 5): the form is chosen
 * automatically and reported, checked at construction from bounds, and never wider than what
 * was declared. Reachability at scale is proven with the IAM evaluator in largeTopology.test.ts.
 */

const GRANTS_TYPE = "agentcore-hub:index:GatewayConsumerGrants";
const POLICY_TYPE = "aws-native:bedrockagentcore:ResourcePolicy";
const CALLER_PATH = "/agentcore-callers/";

const refunds: TargetSpec = {
    kind: "lambda",
    name: "refunds",
    function: { arn: `arn:aws:lambda:us-east-1:${HUB_ACCOUNT_ID}:function:refunds`, name: "refunds" },
    tools: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object", properties: { amount: { type: "integer" } }, required: ["amount"] } }],
};

interface GrantProgram {
    /** Role-path grants, one per spoke account. */
    pathAccounts?: number;
    /** SpokeCallers (exact roles), spread over spoke accounts after the path accounts. */
    spokeCallers?: number;
    /** Consumers given as plain role ARNs. */
    extra?: (hub: AgentGatewayHub) => InvokeGrantee[];
    targets?: TargetSpec[];
}

function program(p: GrantProgram): () => void {
    return () => {
        const hubAccount = accountProviders("hub", HUB_ACCOUNT_ID);
        const hub = new AgentGatewayHub("hub", { gatewayName: "org-tools", targets: p.targets ?? [refunds] }, { providers: hubAccount.list });
        const consumers: InvokeGrantee[] = [];
        for (let i = 0; i < (p.pathAccounts ?? 0); i++) consumers.push({ accountId: spokeAccountId(i), rolePath: CALLER_PATH });
        for (let i = 0; i < (p.spokeCallers ?? 0); i++) {
            const account = accountProviders(`exact-${i}`, spokeAccountId(1000 + (i % 10)));
            consumers.push(new SpokeCaller(`exact-${i}`, { roleName: `exact-agent-${i}`, path: "/exact/", gatewayArns: [hub.gatewayArn] }, { providers: account.list }));
        }
        consumers.push(...(p.extra?.(hub) ?? []));
        hub.grantInvoke(consumers);
    };
}

function run(p: GrantProgram, mode: RunOptions["mode"]): Promise<CapturedStack> {
    return runUnderMocks(program(p), { mode, project: "scale-grants", stack: mode });
}

async function failure(p: GrantProgram, mode: RunOptions["mode"] = "preview"): Promise<ProgramRunError> {
    try {
        await run(p, mode);
    } catch (err) {
        assert.ok(err instanceof ProgramRunError, `expected a ProgramRunError, got ${String(err)}`);
        return err;
    }
    assert.fail("expected the program to fail");
}

function one(stack: CapturedStack, type: string): CapturedResource {
    const found = stack.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}

interface PolicyStatement {
    Sid: string;
    Principal: { AWS: string | string[] };
    Condition?: { ArnLike: { "aws:PrincipalArn": string | string[] } };
}

function statementsOf(stack: CapturedStack): PolicyStatement[] {
    const text = one(stack, POLICY_TYPE).inputs.policy;
    assert.equal(typeof text, "string");
    return (JSON.parse(text as string) as { Statement: PolicyStatement[] }).Statement;
}

const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

describe("scale: the gateway resource policy's form, size and limits", function () {
    this.timeout(300_000);

    describe("100 spoke accounts by role path plus 10 exact roles", () => {
        let preview: CapturedStack;
        let update: CapturedStack;
        before(async () => {
            preview = await run({ pathAccounts: 100, spokeCallers: 10 }, "preview");
            update = await run({ pathAccounts: 100, spokeCallers: 10 }, "update");
        });

        it("chooses the merged form at construction and reports it at a first preview", () => {
            const grants = one(preview, GRANTS_TYPE).outputs;
            assert.equal(grants.form, "merged");
            assert.equal(grants.statements, 2);
            assert.equal(grants.bytes, UNKNOWN, "the exact size needs the gateway ARN");
            assert.ok(typeof grants.maxBytes === "number" && grants.maxBytes <= LIMITS.gatewayResourcePolicyBytes, `maxBytes ${String(grants.maxBytes)}`);
            const log = preview.logs.find((l) => l.severity === "info" && l.message.includes("GatewayConsumerGrants"));
            assert.ok(log, "a log line names the form");
            assert.match(log.message, /110 consumer grants \(10 exact roles, 100 role paths, 0 whole accounts; 100 accounts.*form "merged", 2 of 100 statements, at most \d+ of 20480 bytes/);
        });

        it("keeps the form at update; the exact size is within the bound and the limit", () => {
            const grants = one(update, GRANTS_TYPE).outputs;
            assert.equal(grants.form, "merged");
            const bytes = grants.bytes as number;
            assert.ok(bytes <= (grants.maxBytes as number) && bytes <= LIMITS.gatewayResourcePolicyBytes, `${bytes} bytes`);
            assert.equal((one(update, POLICY_TYPE).inputs.policy as string).length, bytes);
            assert.ok(update.logs.some((l) => new RegExp(`form "merged", 2 of 100 statements, ${bytes} of 20480 bytes`).test(l.message)));
        });

        it("never widens: exact roles stay exact, each path pattern stays in its own account", () => {
            const [roles, paths] = statementsOf(update);
            assert.equal(roles.Sid, "DeclaredRoles");
            assert.equal(roles.Condition, undefined);
            assert.deepEqual(list(roles.Principal.AWS).sort(), Array.from({ length: 10 }, (_, i) => `arn:aws:iam::${spokeAccountId(1000 + i)}:role/exact/exact-agent-${i}`).sort());
            assert.equal(paths.Sid, "RolesUnderDeclaredPaths");
            const roots = list(paths.Principal.AWS);
            const patterns = list(paths.Condition!.ArnLike["aws:PrincipalArn"]);
            assert.equal(roots.length, 100);
            assert.deepEqual(patterns.map((p) => p.split(":")[4]).sort(), roots.map((r) => r.split(":")[4]).sort(), "one pattern per granted account, in that account");
            for (const p of patterns) assert.match(p, /^arn:aws:iam::\d{12}:role\/agentcore-callers\/\*$/);
        });
    });

    it("keeps one readable statement per consumer while it fits", async () => {
        const stack = await run({ pathAccounts: 40, spokeCallers: 10 }, "update");
        const grants = one(stack, GRANTS_TYPE).outputs;
        assert.equal(grants.form, "statement-per-consumer");
        assert.equal(grants.statements, 50);
        assert.equal(statementsOf(stack).length, 50);
    });

    it("refuses 1,000 exact roles at construction, with the size and the limit, registering no grant", async () => {
        const roleArns = Array.from({ length: 1000 }, (_, i) => ({ roleArn: `arn:aws:iam::${spokeAccountId(i % 100)}:role/agentcore-callers/agent-${i}` }));
        const err = await failure({ extra: () => roleArns });
        assert.match(err.message, /1000 consumer grants \(1000 exact roles.*need at least \d{5} bytes and 1 statement\(s\).*the limit is 20480 bytes and 100 statements/);
        assert.match(err.message, /rolePath/, "the fix names the compact alternative");
        assert.ok(!err.captured.resources.some((r) => r.type === GRANTS_TYPE || r.type === POLICY_TYPE));
    });

    it("refuses role ARNs given as outputs once they are known (construction cannot size them)", async () => {
        const extra = () => Array.from({ length: 400 }, (_, i) => ({ roleArn: pulumi.output(`arn:aws:iam::${spokeAccountId(i % 100)}:role/agentcore-callers/agent-${i}`) }));
        // At preview the gateway ARN is unknown, so the policy is not planned yet.
        await run({ extra }, "preview");
        const err = await failure({ extra }, "update");
        assert.match(err.message, /400 consumer grants \(400 exact roles.*need \d{5} bytes.*the limit is 20480 bytes/);
    });

    it("refuses more rate-limited consumers than a gateway rate limit holds", async () => {
        const extra = () => Array.from({ length: 1001 }, (_, i) => ({ roleArn: `arn:aws:iam::${spokeAccountId(0)}:role/a${i}`, rateLimitPerMinute: 60 }));
        const err = await failure({ extra });
        assert.match(err.message, /the per-caller rate limit .*: entries has 1001 entries; a rate limit holds at most 1000\./);
    });

    it("refuses a REST API target whose resource policy would exceed 8,192 characters", async () => {
        const operations = Array.from({ length: 120 }, (_, i) => ({ path: `/orders/operation-${i}/{id}`, method: "GET" as const, toolName: `op${i}`, description: "d", integration: { mock: {} } }));
        const err = await failure({ targets: [{ kind: "restApi", name: "orders", create: { operations } }], pathAccounts: 1 });
        assert.match(err.message, /targets\[0\] \(target "orders"\) exposes 120 operations: its REST API resource policy would be up to \d+ characters; API Gateway accepts 8192/);
    });
});
