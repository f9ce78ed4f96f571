import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AgentGatewayHub, AgentGatewayHubArgs, AgentCoreHubValidationError, SpokeCaller, SpokeCallerArgs, TargetSpec } from "../../components";
import { GatewayConsumerGrants } from "../../components/grants/gatewayConsumerGrants";

/** Records registrations, so a test can prove that bad input registered nothing. */
const registered: string[] = [];
function recordRegistrations(): void {
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args.type);
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: () => ({ accountId: "111111111111", region: "us-east-1", partition: "aws" }),
        },
        "validation",
        "test",
        false,
    );
}

const lambdaTarget: TargetSpec = {
    kind: "lambda",
    name: "refunds",
    function: { arn: "arn:aws:lambda:us-east-1:111111111111:function:refunds", name: "refunds" },
    tools: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object", properties: { amount: { type: "integer" } }, required: ["amount"] } }],
};
const restTarget: TargetSpec = {
    kind: "restApi",
    name: "reservations",
    create: { operations: [{ path: "/reservations/{phone}", method: "GET", toolName: "CheckReservation", description: "Look up", integration: { mock: {} } }] },
};
const good: AgentGatewayHubArgs = { gatewayName: "org-tools", targets: [lambdaTarget, restTarget], allowDefaultProviders: true };

function hubFails(args: Partial<AgentGatewayHubArgs>, expected: RegExp): void {
    const before = registered.length;
    const full = { ...good, ...args } as AgentGatewayHubArgs;
    assert.throws(
        () => new AgentGatewayHub("bad", full),
        (e: unknown) => {
            assert.ok(e instanceof AgentCoreHubValidationError, `expected AgentCoreHubValidationError, got ${String(e)}`);
            assert.match(e.message, expected);
            assert.match(e.message, /Fix: /, "every problem says how to fix it");
            return true;
        },
    );
    assert.strictEqual(registered.length, before, "nothing may be registered for bad input");
}

const withTarget = (patch: Partial<TargetSpec> & Record<string, unknown>, base: TargetSpec = lambdaTarget) => ({ targets: [{ ...base, ...patch } as TargetSpec] });
const withOperation = (patch: Record<string, unknown>) =>
    withTarget({ create: { operations: [{ path: "/reservations", method: "GET", toolName: "Check", description: "d", integration: { mock: {} }, ...patch }] } } as Partial<TargetSpec>, restTarget);

describe("components reject bad input before registering anything", () => {
    // Installed here, not at load time: other test files install their own mocks.
    before(recordRegistrations);

    it("the recorder sees what a valid component registers", async () => {
        const before = registered.length;
        new SpokeCaller("good", { roleName: "agent", gatewayArns: ["arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/org-tools-abcdefghij"] });
        await new Promise((r) => setTimeout(r, 200));
        assert.ok(registered.length > before, "so the 'nothing registered' assertions below can fail");
    });

    const cases: [string, Partial<AgentGatewayHubArgs>, RegExp][] = [
        ["gateway name with underscore", { gatewayName: "org_tools" }, /gatewayName = "org_tools" is not a valid gateway name/],
        ["gateway name too long", { gatewayName: "a".repeat(49) }, /gatewayName = "a{49}" is not a valid gateway name.*49 characters, the limit is 48/],
        ["gateway name with capitals", { gatewayName: "OrgTools" }, /capital letters.*Use "orgtools"/],
        ["empty gateway name", { gatewayName: "" }, /gatewayName = "" is not a valid gateway name/],
        ["no inbound auth (NONE)", { inboundAuth: { type: "NONE" } as unknown as AgentGatewayHubArgs["inboundAuth"] }, /\[I1\].*inbound authorizer is "NONE"/],
        ["JWT without audiences or clients", { inboundAuth: { type: "CUSTOM_JWT", discoveryUrl: "https://idp.example.com/.well-known/openid-configuration" } }, /\[I1\].*neither allowed audiences nor allowed clients/],
        ["JWT with a non-discovery URL", { inboundAuth: { type: "CUSTOM_JWT", discoveryUrl: "http://idp.example.com", allowedClients: ["c"] } }, /\[I1\].*without a valid discoveryUrl/],
        ["debug exceptions in production", { exceptionLevel: "DEBUG" }, /\[I11\].*DEBUG in a production stack/],
        ["LOG_ONLY engine in production", { policyEngine: { mode: "LOG_ONLY" } }, /\[I9\].*"LOG_ONLY" in a production stack/],
        ["bad role name", { role: { name: "role with spaces" } }, /role.name = "role with spaces" is not a valid IAM role name/],
        ["bad role path", { role: { path: "agents" } }, /role.path = "agents" is not a valid IAM role path/],
        ["too many targets", { targets: Array.from({ length: 101 }, (_, i) => ({ ...lambdaTarget, name: `t${i}` })) }, /targets has 101 entries; a gateway holds at most 100/],
        ["duplicate target names", { targets: [lambdaTarget, { ...lambdaTarget }] }, /targets\[1\].name = "refunds" is also the name of targets\[0\]/],
        ["target name with underscore", withTarget({ name: "my_refunds" }), /targets\[0\].name = "my_refunds" is not a valid target name/],
        ["lambda target with function and create", withTarget({ create: { code: new pulumi.asset.AssetArchive({}), handler: "i.h" } } as Partial<TargetSpec>), /sets both `function` and `create`/],
        ["lambda target with neither", withTarget({ function: undefined } as Partial<TargetSpec>), /sets neither `function` nor `create`/],
        ["existing function whose name is not the one its ARN names", withTarget({ function: { arn: "arn:aws:lambda:us-east-1:111111111111:function:refunds", name: "orders" } } as Partial<TargetSpec>), /\[I3\] targets\[0\]\.function\.name = "orders" is not the function targets\[0\]\.function\.arn = "arn:aws:lambda:us-east-1:111111111111:function:refunds" names \("refunds"\): the gateway role would be granted one function and the target would call another\. Fix: Set targets\[0\]\.function\.name to the function name in the ARN, or leave it out\./],
        ["tool schema not an object", withTarget({ tools: [{ name: "t", description: "d", inputSchema: { type: "string" } as unknown as never }] } as Partial<TargetSpec>), /targets\[0\].tools\[0\].inputSchema/],
        ["duplicate tool names", withTarget({ tools: [...(lambdaTarget as { tools: unknown[] }).tools, ...(lambdaTarget as { tools: unknown[] }).tools] } as Partial<TargetSpec>), /process_refund/],
        ["tool name with triple underscore", withTarget({ tools: [{ name: "a___b", description: "d", inputSchema: { type: "object" } }] } as Partial<TargetSpec>), /tool name/],
        ["REST target with create and existing", withTarget({ existing: {} } as Partial<TargetSpec>, restTarget), /sets both `create` and `existing`/],
        ["REST target without operations", withTarget({ create: { operations: [] } } as Partial<TargetSpec>, restTarget), /declares no operations/],
        ["greedy proxy path", withOperation({ path: "/{proxy+}" }), /greedy proxy path: AgentCore does not support \{proxy\+\}/],
        ["operation without tool name", withOperation({ toolName: "" }), /has no toolName: target creation fails/],
        ["path without leading slash", withOperation({ path: "reservations" }), /path = "reservations" must start with "\/"/],
        ["duplicate operation", withTarget({ create: { operations: [0, 1].map(() => ({ path: "/r", method: "GET", toolName: "T", description: "d", integration: { mock: {} } })) } } as Partial<TargetSpec>, restTarget), /declares GET \/r twice/],
        ["bad stage name", withTarget({ stageName: "v-1" } as Partial<TargetSpec>, restTarget), /stageName = "v-1" is not a valid API Gateway stage name/],
        ["Cedar syntax error", { policyEngine: { policies: [{ name: "broken", statement: "permit(principal, action, resource" }] } }, /\[I10\] Cedar policy "broken" \(policies\[0\]\) does not parse as Cedar: unexpected end of input/],
        ["Cedar permit-all", { policyEngine: { policies: [{ name: "everything", statement: "permit(principal, action, resource);" }] } }, /Cedar policy "everything" \(policies\[0\]\) permits every caller to call every tool on every gateway, unconditionally/],
        ["Cedar policy on an undeclared tool", { policyEngine: { policies: [{ name: "ghost", statement: 'permit(principal, action == AgentCore::Action::"refunds___delete_everything", resource == AgentCore::Gateway::"{{agentcore-hub:gateway-arn}}");' }] } }, /Cedar policy "ghost" \(policies\[0\]\) names the action AgentCore::Action::"refunds___delete_everything", which is no tool this gateway exposes/],
        ["Cedar policy name with hyphen", { policyEngine: { policies: [{ name: "bad-name", statement: 'permit(principal, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"{{agentcore-hub:gateway-arn}}");' }] } }, /policies\[0\].name = "bad-name" is not a valid Cedar policy name/],
        ["duplicate Cedar policy names", { policyEngine: { policies: [0, 1].map(() => ({ name: "same", statement: 'permit(principal, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"{{agentcore-hub:gateway-arn}}");' })) } }, /"same" is used twice/],
        ["bad engine name", { policyEngine: { name: "engine-1" } }, /policyEngine.name = "engine-1" is not a valid policy engine name/],
    ];
    for (const [title, args, expected] of cases) {
        it(`AgentGatewayHub: ${title}`, () => hubFails(args, expected));
    }

    it("AgentGatewayHub: lists every problem at once", () => {
        assert.throws(() => new AgentGatewayHub("bad", { gatewayName: "Bad_Name", exceptionLevel: "DEBUG", allowDefaultProviders: true }), (e: Error) => {
            assert.match(e.message, /has 3 problems/);
            return true;
        });
    });

    const spoke: SpokeCallerArgs = { roleName: "agent", gatewayArns: ["arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/org-tools-abcdefghij"] };
    const spokeCases: [string, Partial<SpokeCallerArgs>, RegExp][] = [
        ["no gateways", { gatewayArns: [] }, /\[I8\] gatewayArns is empty/],
        ["wildcard gateway", { gatewayArns: ["arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/*"] }, /gatewayArns\[0\] = .* is not one gateway's exact ARN/],
        ["bad role name", { roleName: "a".repeat(65) }, /roleName = .* is not a valid IAM role name/],
        ["wildcard trusted role", { assumedBy: [{ roleArn: "arn:aws:iam::222222222222:role/*" }] }, /assumedBy\[0\].roleArn = .* is not one exact IAM role ARN/],
        ["not a service principal", { assumedBy: [{ service: "*" }] }, /assumedBy\[0\].service = "\*" is not an AWS service principal/],
        ["bad rate limit", { rateLimitPerMinute: 1.5 }, /rateLimitPerMinute = 1.5 must be a whole number/],
    ];
    for (const [title, args, expected] of spokeCases) {
        it(`SpokeCaller: ${title}`, () => {
            const before = registered.length;
            assert.throws(() => new SpokeCaller("bad", { ...spoke, ...args }), (e: Error) => e instanceof AgentCoreHubValidationError && expected.test(e.message));
            assert.strictEqual(registered.length, before);
        });
    }

    const gateway = { gatewayArn: pulumi.output("arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/org-tools-abcdefghij"), gatewayId: pulumi.output("org-tools-abcdefghij"), gateway: undefined as unknown as pulumi.Resource };
    const grantCases: [string, ConstructorParameters<typeof GatewayConsumerGrants>[1], RegExp][] = [
        ["no consumers", { gateway, consumers: [] }, /grantInvoke got no consumers/],
        ["whole account without opt-in", { gateway, consumers: [{ accountId: "222222222222", wholeAccount: true }] }, /\[I7\] consumers\[0\] grants the whole account 222222222222/],
        ["wildcard role ARN", { gateway, consumers: [{ roleArn: "arn:aws:iam::222222222222:role/*" }] }, /consumers\[0\].roleArn = .* is not one exact IAM role ARN/],
        ["root role path", { gateway, consumers: [{ accountId: "222222222222", rolePath: "/" }] }, /must be a non-root path/],
        ["bad account id", { gateway, consumers: [{ accountId: "2222", rolePath: "/agents/" }] }, /consumers\[0\].accountId = "2222" is not a 12-digit account id/],
    ];
    for (const [title, args, expected] of grantCases) {
        it(`grantInvoke: ${title}`, () => {
            const before = registered.length;
            assert.throws(() => new GatewayConsumerGrants("bad", args), (e: Error) => e instanceof AgentCoreHubValidationError && expected.test(e.message));
            assert.strictEqual(registered.length, before);
        });
    }
});
