import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CapturedStack, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { toReadValue } from "../../checker/engine/wire";
import { AgentCoreHubValidationError, AgentGatewayHub, InvokeGrantee, SpokeCaller } from "../../components";
import { GatewayConsumerGrants, GatewayConsumerGrantsArgs } from "../../components/grants/gatewayConsumerGrants";
import { stackModelOf } from "../../checker/stackModel";
import { ReadValue } from "../../invariants/policyDocument";
import { evaluateStack } from "../../policypack/evaluate";
import { isUnknown } from "../../invariants/unknown";

const RATE_LIMIT = "aws-native:bedrockagentcore:GatewayRateLimit";
const SPOKE = "222222222222";
const GATEWAY_ARN = "arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/org-tools-abcdefghij";

/** Records registrations, so a test can prove that bad input registered nothing. */
const registered: string[] = [];
function recordRegistrations(): void {
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args.type);
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: () => ({ accountId: SPOKE, region: "us-east-1", partition: "aws" }),
        },
        "rate-limits",
        "test",
        false,
    );
}

const gateway = {
    gatewayArn: pulumi.output(GATEWAY_ARN),
    gatewayId: pulumi.output("org-tools-abcdefghij"),
    gateway: undefined as unknown as pulumi.Resource,
    tools: [{ targetName: "refunds", tools: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object" as const } }] }],
};

/** The exact error a GatewayConsumerGrants construction raises, after asserting nothing was registered. */
function constructionError(args: Omit<GatewayConsumerGrantsArgs, "gateway">): string {
    const before = registered.length;
    let message: string | undefined;
    try {
        new GatewayConsumerGrants("bad", { gateway, ...args });
    } catch (e) {
        assert.ok(e instanceof AgentCoreHubValidationError, `a validation error, got ${String(e)}`);
        message = e.message;
    }
    assert.ok(message !== undefined, "construction must fail");
    assert.strictEqual(registered.length, before, "nothing registered");
    return message;
}

function one(problem: string): string {
    return `GatewayConsumerGrants "bad" has 1 problem:\n  - ${problem}`;
}

const role = (name: string, account = SPOKE): string => `arn:aws:iam::${account}:role/agentcore-callers/${name}`;
const perMinute = (requests: number) => ({ requests, per: "minute" as const });

describe("rate limits: construction errors (exact messages)", () => {
    before(recordRegistrations);

    it("a negative rate", () => {
        assert.strictEqual(
            constructionError({ consumers: [{ roleArn: role("a"), rateLimit: perMinute(-1) }] }),
            one("[I12] consumers[0].rateLimit.requests = -1 must be a whole number from 0 to 10,000,000 (0 blocks every matching request). Fix: Set consumers[0].rateLimit.requests to a whole number from 0 to 10,000,000 (0 blocks every matching request)."),
        );
    });

    it("a fractional rate, NaN and a rate above 10,000,000", () => {
        for (const requests of [1.5, Number.NaN, 10_000_001]) {
            const shown = Number.isNaN(requests) ? "NaN" : String(requests);
            assert.match(constructionError({ consumers: [{ roleArn: role("a") }], rateLimits: { perCaller: perMinute(requests) } }), new RegExp(`rateLimits\\.perCaller\\.requests = ${shown.replace(".", "\\.")} must be a whole number from 0 to 10,000,000`));
        }
    });

    it("a string where the rate belongs is a type error, not a wrong number", () => {
        const rateLimit = { requests: "60", per: "minute" } as unknown as { requests: number; per: "minute" };
        assert.strictEqual(
            constructionError({ consumers: [{ roleArn: role("a"), rateLimit }] }),
            one("[I12] consumers[0].rateLimit.requests = \"60\" is a string, not a number. Fix: Set consumers[0].rateLimit.requests to a whole number from 0 to 10,000,000 (0 blocks every matching request), as a number."),
        );
    });

    it("a period that is not second or minute", () => {
        const perCaller = { requests: 10, per: "hour" } as unknown as { requests: number; per: "minute" };
        assert.strictEqual(
            constructionError({ consumers: [{ roleArn: role("a") }], rateLimits: { perCaller } }),
            one("[I12] rateLimits.perCaller.per = \"hour\" is not a rate period: AWS accepts \"second\" or \"minute\". Fix: Set rateLimits.perCaller.per to \"second\" or \"minute\"."),
        );
    });

    it("a rate limit on a role-path grant (also a type error)", () => {
        // @ts-expect-error a role-path grant has no rate of its own
        const consumer: InvokeGrantee = { accountId: SPOKE, rolePath: "/agents/", rateLimit: perMinute(60) };
        assert.strictEqual(
            constructionError({ consumers: [consumer] }),
            one("[I12] consumers[0].rateLimit is set on a role-path grant of account 222222222222: no single principal value binds to it (AWS matches $.context.iam.principal exactly), so the limit would never apply. Fix: Rate-limit exact role ARNs (a SpokeCaller or { roleArn }), or set rateLimits.perCaller, which gives every caller its own bucket."),
        );
    });

    it("a rate limit on a whole-account grant (also a type error)", () => {
        // @ts-expect-error a whole-account grant has no rate of its own
        const consumer: InvokeGrantee = { accountId: SPOKE, wholeAccount: true, rateLimitPerMinute: 60 };
        assert.match(constructionError({ consumers: [consumer], allowWholeAccount: true }), /\[I12\] consumers\[0\]\.rateLimitPerMinute is set on a whole-account grant of account 222222222222: no single principal value binds/);
    });

    it("both rateLimit and the deprecated rateLimitPerMinute", () => {
        assert.strictEqual(
            constructionError({ consumers: [{ roleArn: role("a"), rateLimit: perMinute(1), rateLimitPerMinute: 2 }] }),
            one("[I12] consumers[0] sets both rateLimit and rateLimitPerMinute = 2: a consumer has one rate. Fix: Keep rateLimit and drop the deprecated rateLimitPerMinute."),
        );
    });

    it("the same role ARN twice names both indexes", () => {
        assert.strictEqual(
            constructionError({ consumers: [{ roleArn: role("a") }, { roleArn: role("b") }, { roleArn: role("a"), rateLimit: perMinute(5) }] }),
            one(`[I7] consumers[0] and consumers[2] are the same consumer (role "${role("a")}"). Fix: List each consumer once; give it one rateLimit.`),
        );
    });

    it("the same SpokeCaller twice, and a SpokeCaller with its own ARN", () => {
        const agent = new SpokeCaller("agent", { roleName: "agent", gatewayArns: [GATEWAY_ARN] });
        assert.strictEqual(
            constructionError({ consumers: [agent, { roleArn: role("x") }, agent, { roleArn: agent.roleArn }] }),
            `GatewayConsumerGrants "bad" has 2 problems:\n` +
                `  - [I7] consumers[0] and consumers[2] are the same consumer (SpokeCaller role "agent"). Fix: List each consumer once; give it one rateLimit.\n` +
                `  - [I7] consumers[0] and consumers[3] are the same consumer (SpokeCaller role "agent"). Fix: List each consumer once; give it one rateLimit.`,
        );
    });

    it("an account id that is not 12 digits inside a role ARN", () => {
        assert.strictEqual(
            constructionError({ consumers: [{ roleArn: "arn:aws:iam::12345678901:role/x" }] }),
            one("[I7] consumers[0].roleArn = \"arn:aws:iam::12345678901:role/x\" has account id \"12345678901\", not 12 digits. Fix: Use the spoke account's 12-digit id in the role ARN."),
        );
    });

    it("a per-tool key that is not <target>___<tool>, or names no tool of the gateway", () => {
        assert.strictEqual(
            constructionError({ consumers: [{ roleArn: role("a") }], rateLimits: { perTool: { "refunds___*": perMinute(5) } } }),
            one("[I12] rateLimits.perTool[\"refunds___*\"] key = \"refunds___*\" has a partial wildcard: AWS matches dimension values exactly, and only the whole value \"*\" is a default, so the entry never matches and the limit fails open. Fix: Use a tool name the gateway exposes (<target>___<tool>), or \"*\" for every tool."),
        );
        assert.strictEqual(
            constructionError({ consumers: [{ roleArn: role("a") }], rateLimits: { perTool: { refunds___issue_refund: perMinute(5) } } }),
            one("[I12] rateLimits.perTool[\"refunds___issue_refund\"] key names no tool this gateway exposes, so the entry never matches and the limit fails open. Fix: Use one of the gateway's tool names (refunds___process_refund), or \"*\"."),
        );
        assert.match(constructionError({ consumers: [{ roleArn: role("a") }], rateLimits: { perTool: { process_refund: perMinute(5) } } }), /perTool\["process_refund"\] key = "process_refund" is not a tool name of the form <target>___<tool>/);
    });

    it("more than 1,000 entries in one limit, counting the perCaller default", () => {
        const consumers = Array.from({ length: 1000 }, (_, i) => ({ roleArn: role(`a${i}`), rateLimit: perMinute(10) }));
        assert.strictEqual(
            constructionError({ consumers, rateLimits: { perCaller: perMinute(60) } }),
            one("[I12] the per-caller rate limit (one entry per rate-limited consumer, plus \"*\" for rateLimits.perCaller): entries has 1001 entries; a rate limit holds at most 1000. Fix: Rate-limit fewer callers individually and give the rest the \"*\" default, or split them across dimension keys."),
        );
    });

    it("SpokeCaller: rate 0 is allowed (suspends); a negative one is refused", () => {
        assert.doesNotThrow(() => new SpokeCaller("suspended", { roleName: "suspended", gatewayArns: [GATEWAY_ARN], rateLimit: perMinute(0) }));
        assert.throws(() => new SpokeCaller("neg", { roleName: "neg", gatewayArns: [GATEWAY_ARN], rateLimit: { requests: -5, per: "second" } }), (e: Error) => e.message === `SpokeCaller "neg" has 1 problem:\n  - [I12] rateLimit.requests = -5 must be a whole number from 0 to 10,000,000 (0 blocks every matching request). Fix: Set rateLimit.requests to a whole number from 0 to 10,000,000 (0 blocks every matching request).`);
    });
});

type Mode = "preview" | "update";

function rateLimits(stack: CapturedStack): { name: string; inputs: { [key: string]: ReadValue } }[] {
    // Sorted by name: registration order follows when their inputs resolve.
    return stack.resources.filter((r) => r.type === RATE_LIMIT).map((r) => ({ name: r.name, inputs: toReadValue(r.inputs) as { [key: string]: ReadValue } })).sort((a, b) => a.name.localeCompare(b.name));
}

const SUSPENDED = "arn:aws:iam::333333333333:role/agentcore-callers/suspended";
const FROM_OUTPUT = "arn:aws:iam::444444444444:role/booking-agent";

function program(): void {
    const hub = new AgentGatewayHub("hub", {
        gatewayName: "org-tools",
        targets: [{ kind: "lambda", name: "refunds", create: { code: new pulumi.asset.AssetArchive({}), handler: "index.handler" }, tools: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object", properties: { amount: { type: "integer" } } } }] }],
    });
    const agent = new SpokeCaller("agent", { roleName: "agent", gatewayArns: [hub.gatewayArn], rateLimit: { requests: 600, per: "minute" } });
    const quiet = new SpokeCaller("quiet", { roleName: "quiet", gatewayArns: [hub.gatewayArn] });
    hub.grantInvoke(
        [
            agent,
            quiet,
            { roleArn: SUSPENDED, rateLimit: { requests: 0, per: "minute" } },
            { roleArn: pulumi.output(FROM_OUTPUT), rateLimitPerMinute: 120 },
            { accountId: "555555555555", rolePath: "/agents/" },
        ],
        { rateLimits: { perCaller: { requests: 60, per: "minute" }, perTool: { refunds___process_refund: { requests: 5, per: "second" }, "*": { requests: 50, per: "second" } } } },
    );
}

for (const mode of ["preview", "update"] as Mode[]) {
    describe(`rate limits: registration (${mode} mode)`, () => {
        let stack: CapturedStack;
        before(async () => {
            stack = await runUnderMocks(program, { mode, project: "rate-limits", stack: mode });
        });

        it("registers one GatewayRateLimit per dimension-key list", () => {
            assert.deepStrictEqual(rateLimits(stack).map((l) => [l.name, l.inputs.dimensionKeys]), [
                ["hub-grants-caller-rate-limit", ["$.context.iam.principal"]],
                ["hub-grants-tool-rate-limit", ["toolName"]],
            ]);
        });

        it("per-caller entries are exact role ARNs (outputs resolved), then \"*\"; rate 0 suspends", () => {
            const [caller] = rateLimits(stack);
            // The SpokeCaller's ARN is built from its account lookup (the capture's default account), known at preview.
            assert.deepStrictEqual(caller.inputs.entries, [
                { dimensions: { "$.context.iam.principal": `arn:aws:iam::111111111111:role/agentcore-callers/agent` }, requests: [{ rate: 600, period: "minute" }] },
                { dimensions: { "$.context.iam.principal": SUSPENDED }, requests: [{ rate: 0, period: "minute" }] },
                { dimensions: { "$.context.iam.principal": FROM_OUTPUT }, requests: [{ rate: 120, period: "minute" }] },
                { dimensions: { "$.context.iam.principal": "*" }, requests: [{ rate: 60, period: "minute" }] },
            ]);
        });

        it("per-tool entries name <target>___<tool>, and \"*\" for every other tool", () => {
            const tool = rateLimits(stack)[1];
            assert.deepStrictEqual(tool.inputs.entries, [
                { dimensions: { toolName: "refunds___process_refund" }, requests: [{ rate: 5, period: "second" }] },
                { dimensions: { toolName: "*" }, requests: [{ rate: 50, period: "second" }] },
            ]);
        });

        it("the pack's rate-limit policies pass them, deciding everything at preview", () => {
            const ours = new Set(["agentcore-gateway-rate-limit", "agentcore-gateway-rate-limits"]);
            const result = evaluateStack(stackModelOf(stack));
            assert.deepStrictEqual(result.violations.filter((v) => ours.has(v.policy)), []);
            assert.deepStrictEqual(result.deferred.filter((d) => ours.has(d.policy)), []);
        });

        it("the limits name the gateway and wait for the resource policy", () => {
            for (const l of stack.resources.filter((r) => r.type === RATE_LIMIT)) {
                const gatewayId = (toReadValue(l.inputs) as { [key: string]: ReadValue }).gatewayIdentifier;
                // The gateway id is assigned by AWS: unknown at a first preview.
                if (mode === "update") assert.strictEqual(typeof gatewayId, "string");
                else assert.ok(isUnknown(gatewayId));
                assert.ok(l.dependencies.some((d) => d.includes("bedrockagentcore:ResourcePolicy")), "depends on the resource policy");
            }
        });
    });
}

describe("rate limits: values known only once resolved (update mode)", () => {
    async function runFails(consumers: (hub: AgentGatewayHub) => InvokeGrantee[]): Promise<string> {
        try {
            await runUnderMocks(() => {
                const hub = new AgentGatewayHub("hub", { gatewayName: "org-tools", targets: [] });
                hub.grantInvoke(consumers(hub));
            }, { mode: "update", project: "rate-limits", stack: "resolved" });
        } catch (err) {
            assert.ok(err instanceof ProgramRunError, `expected a ProgramRunError, got ${String(err)}`);
            return err.message;
        }
        return assert.fail("expected the program to fail");
    }

    it("a role ARN given as an output that is a session pattern fails before the limit is created", async () => {
        const message = await runFails(() => [{ roleArn: pulumi.output("arn:aws:sts::222222222222:assumed-role/agent/*"), rateLimit: { requests: 10, per: "minute" } }]);
        assert.match(message, /\[I12\] consumers\[0\]\.roleArn = "arn:aws:sts::222222222222:assumed-role\/agent\/\*" has a partial wildcard/);
    });

    it("a string ARN equal to a SpokeCaller's resolved ARN is the same consumer twice", async () => {
        const message = await runFails((hub) => [new SpokeCaller("agent", { roleName: "agent", gatewayArns: [hub.gatewayArn] }), { roleArn: "arn:aws:iam::111111111111:role/agentcore-callers/agent" }]);
        assert.match(message, /\[I7\] consumers\[0\] and consumers\[1\] resolve to the same role "arn:aws:iam::111111111111:role\/agentcore-callers\/agent"/);
    });
});
