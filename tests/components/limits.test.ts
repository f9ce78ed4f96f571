import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { AgentGatewayHub, AgentGatewayHubArgs, AgentCoreHubValidationError, SpokeCaller, TargetSpec } from "../../components";
import { CFN_LIMITS, CfnTypeName } from "../../invariants/cfnLimits.generated";
import { formatProblem } from "../../invariants/problems";

/**
 * Every published limit (CloudFormation schemas, AWS docs where the schema has none), the
 * target placement rule, the pinned MCP versions and the lifecycle options, at construction.
 */

const lambdaTarget: TargetSpec = {
    kind: "lambda",
    name: "refunds",
    function: { arn: "arn:aws:lambda:us-east-1:111111111111:function:refunds", name: "refunds" },
    tools: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object", properties: { amount: { type: "integer" } }, required: ["amount"] } }],
};
// Default providers on purpose: these tests are about limits, under the mocks' default account.
const good: AgentGatewayHubArgs = { gatewayName: "org-tools", allowDefaultProviders: true, targets: [lambdaTarget] };
const STATEMENT = 'permit(principal, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"{{agentcore-hub:gateway-arn}}");';

interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    replaceOnChanges: string[];
    deleteBeforeReplace: boolean;
}
const registrations: Registration[] = [];

type RegisterRequest = Parameters<MockMonitor["registerResource"]>[0];
type RegisterCallback = Parameters<MockMonitor["registerResource"]>[1];

/** Records the resource options the mocks' newResource never sees. */
class OptionsMonitor extends MockMonitor {
    async registerResource(req: RegisterRequest, callback: RegisterCallback): Promise<void> {
        registrations.push({
            type: req.getType(),
            name: req.getName(),
            inputs: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
            replaceOnChanges: req.getReplaceonchangesList(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
        });
        return super.registerResource(req, callback);
    }
}

function install(): void {
    const mocks: pulumi.runtime.Mocks = {
        newResource: (args) => ({
            id: `${args.name}-id`,
            // The gateway's ARN and id, as AWS assigns them: the Cedar policies wait for the ARN.
            state: args.type === "aws-native:bedrockagentcore:Gateway"
                ? { ...args.inputs, gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${String(args.inputs.name)}-abcde12345`, gatewayIdentifier: `${String(args.inputs.name)}-abcde12345` }
                : args.inputs,
        }),
        call: () => ({ accountId: "111111111111", region: "us-east-1", partition: "aws" }),
    };
    void pulumi.runtime.setMocks(mocks, "limits", "test", false);
    settings.setMockOptions(new OptionsMonitor(mocks), "limits", "test", false);
}

function problemsOf(args: Partial<AgentGatewayHubArgs>): string[] {
    const before = registrations.length;
    try {
        new AgentGatewayHub("bad", { ...good, ...args } as AgentGatewayHubArgs);
    } catch (e) {
        assert.ok(e instanceof AgentCoreHubValidationError, String(e));
        assert.strictEqual(registrations.length, before, "nothing may be registered for bad input");
        return e.problems.map(formatProblem);
    }
    assert.fail("expected AgentCoreHubValidationError");
}

// Registrations wait for their inputs and dependencies: give the chain time to finish.
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe("limits from the CloudFormation schemas, at construction", () => {
    before(install);

    const cases: [string, Partial<AgentGatewayHubArgs>, string[]][] = [
        ["gateway description over 200", { description: "d".repeat(201) }, [
            `[I12] description = "${"d".repeat(57)}..." has 201 characters; AWS::BedrockAgentCore::Gateway Description (CloudFormation schema) allows 1-200 characters. Fix: Use 1-200 characters.`,
        ]],
        ["empty gateway description", { description: "" }, [
            '[I12] description = "" has 0 characters; AWS::BedrockAgentCore::Gateway Description (CloudFormation schema) allows 1-200 characters. Fix: Leave it unset, or give it a value.',
        ]],
        ["target description over 200", { targets: [{ ...lambdaTarget, description: "t".repeat(201) }] }, [
            `[I12] targets[0].description = "${"t".repeat(57)}..." has 201 characters; AWS::BedrockAgentCore::GatewayTarget Description (CloudFormation schema) allows 1-200 characters. Fix: Use 1-200 characters.`,
        ]],
        ["51 tags", { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, [
            "[I12] tags has 51 entries; AWS::BedrockAgentCore::Gateway Tags (CloudFormation schema) allows at most 50 entries. Fix: Keep it to at most 50 entries.",
            "[I12] tags has 51 entries; AWS::IAM::Role Tags (AWS documentation) allows at most 50 entries. Fix: Keep it to at most 50 entries.",
        ]],
        ["tag key with a character the gateway refuses", { tags: { "cost#center": "1" } }, [
            '[I12] tags key "cost#center" = "cost#center" does not match AWS::BedrockAgentCore::Gateway Tags{key} (CloudFormation schema): ^[a-zA-Z0-9\\s._:/=+@-]*$. Fix: Use only what the pattern ^[a-zA-Z0-9\\s._:/=+@-]*$ allows.',
        ]],
        ["tag key over 128 (IAM)", { tags: { ["k".repeat(129)]: "v" } }, [
            `[I12] tags key "${"k".repeat(129)}" = "${"k".repeat(57)}..." has 129 characters; AWS::IAM::Role Tags[].Key (AWS documentation) allows 1-128 characters. Fix: Use 1-128 characters.`,
        ]],
        ["tag value over 256", { tags: { team: "v".repeat(257) } }, [
            `[I12] tags["team"] = "${"v".repeat(57)}..." has 257 characters; AWS::BedrockAgentCore::Gateway Tags{} (CloudFormation schema) allows at most 256 characters. Fix: Use at most 256 characters.`,
        ]],
        ["policy description over 4,096", { policyEngine: { policies: [{ name: "refunds", statement: STATEMENT, description: "p".repeat(4097) }] } }, [
            `[I12] policyEngine.policies[0].description = "${"p".repeat(57)}..." has 4097 characters; AWS::BedrockAgentCore::Policy Description (CloudFormation schema) allows 1-4,096 characters. Fix: Use 1-4,096 characters.`,
        ]],
        ["unsupported MCP version", { mcpVersions: ["2024-11-05" as never] }, [
            '[I12] mcpVersions[0] = "2024-11-05" is not an MCP version AgentCore supports (2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28). Fix: Use versions from 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28.',
        ]],
        ["no MCP version", { mcpVersions: [] }, [
            "[I12] mcpVersions is empty: the gateway would accept no MCP client. Fix: List at least one of 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28.",
        ]],
        ["MCP version twice", { mcpVersions: ["2025-06-18", "2025-06-18"] }, [
            '[I12] mcpVersions[1] = "2025-06-18" is listed twice. Fix: List each version once.',
        ]],
    ];
    for (const [title, args, expected] of cases) {
        it(`AgentGatewayHub: ${title}`, () => assert.deepStrictEqual(problemsOf(args), expected));
    }

    it("AgentGatewayHub: a Cedar statement under the schema's 35 characters", () => {
        // Shorter than any policy that parses, so only the length problem is listed.
        assert.deepStrictEqual(problemsOf({ policyEngine: { policies: [{ name: "tiny", statement: "forbid(principal,action,resource);" }] } }).filter((p) => p.includes("35")), [
            '[I12] policyEngine.policies[0].statement = "forbid(principal,action,resource);" has 34 characters; AWS::BedrockAgentCore::Policy Definition.Cedar.Statement (CloudFormation schema) allows at least 35 characters. Fix: Use at least 35 characters.',
        ]);
    });

    it("values within the limits pass", () => {
        new AgentGatewayHub("ok-limits", { ...good, description: "d".repeat(200), tags: { "cost:center": "v".repeat(256) }, targets: [{ ...lambdaTarget, description: "t".repeat(200) }] });
    });
});

describe("lifecycle: what AWS cannot update in place is replaced", () => {
    before(install);
    let regs: Registration[];
    before(async () => {
        const from = registrations.length;
        new AgentGatewayHub("life", { ...good, mcpVersions: ["2025-06-18", "2025-11-25"], policyEngine: { policies: [{ name: "refunds", statement: STATEMENT }] } });
        await settle();
        regs = registrations.slice(from);
    });
    const one = (type: string) => {
        const found = regs.filter((r) => r.type === type);
        assert.strictEqual(found.length, 1, type);
        // aws-native merges its own list with ours: compare as sets.
        return { ...found[0], replaceOnChanges: [...new Set(found[0].replaceOnChanges)].sort() };
    };

    it("the gateway pins the MCP versions it was given", () => {
        assert.deepStrictEqual(one("aws-native:bedrockagentcore:Gateway").inputs.protocolConfiguration, { mcp: { supportedVersions: ["2025-06-18", "2025-11-25"] } });
    });

    it("without mcpVersions, the schema's default version is pinned", async () => {
        const from = registrations.length;
        new AgentGatewayHub("default-mcp", good);
        await settle();
        const gw = registrations.slice(from).find((r) => r.type === "aws-native:bedrockagentcore:Gateway");
        assert.deepStrictEqual(gw?.inputs.protocolConfiguration, { mcp: { supportedVersions: ["2025-03-26"] } });
    });

    it("the gateway is replaced, old one first, when its authorizer type or MCP versions change", () => {
        const gw = one("aws-native:bedrockagentcore:Gateway");
        assert.deepStrictEqual(gw.replaceOnChanges, ["authorizerType", "protocolConfiguration.mcp.supportedVersions"]);
        assert.strictEqual(gw.deleteBeforeReplace, true);
    });

    it("createOnly properties of every other resource are replaced; names that must stay unique go first", () => {
        assert.deepStrictEqual(one("aws-native:iam:Role").replaceOnChanges, ["path", "roleName"]);
        assert.strictEqual(one("aws-native:iam:Role").deleteBeforeReplace, true);
        assert.deepStrictEqual(one("aws-native:bedrockagentcore:PolicyEngine").replaceOnChanges, ["encryptionKeyArn", "name"]);
        assert.deepStrictEqual(one("aws-native:bedrockagentcore:Policy").replaceOnChanges, ["name", "policyEngineId"]);
        assert.deepStrictEqual(one("aws-native:bedrockagentcore:GatewayTarget").replaceOnChanges, ["gatewayIdentifier"]);
        assert.strictEqual(one("aws-native:bedrockagentcore:GatewayTarget").deleteBeforeReplace, false);
    });

    it("SpokeCaller's role is replaced, old one first, when its name or path changes (role names are unique per account)", async () => {
        const from = registrations.length;
        new SpokeCaller("caller-life", { roleName: "support-agent", gatewayArns: ["arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/org-tools-abcde12345"] });
        await settle();
        const roles = registrations.slice(from).filter((r) => r.type === "aws-native:iam:Role");
        assert.strictEqual(roles.length, 1);
        assert.strictEqual(roles[0].name, "caller-life-role");
        // As a set: aws-native's Role class appends its own copy of the same list
        // (@pulumi/aws-native iam/role.js:630-631; pulumi.mergeOptions concatenates arrays, @pulumi/pulumi resource.js:789-793).
        assert.deepStrictEqual([...new Set(roles[0].replaceOnChanges)].sort(), ["path", "roleName"]);
        assert.strictEqual(roles[0].deleteBeforeReplace, true);
    });

    it("@pulumi/aws-native already replaces exactly the schemas' createOnly properties (what we add is the rest)", () => {
        const dir = path.dirname(require.resolve("@pulumi/aws-native/package.json"));
        for (const [type, t] of Object.entries(CFN_LIMITS) as [CfnTypeName, (typeof CFN_LIMITS)[CfnTypeName]][]) {
            if (t.token === undefined || t.replaceOnChanges.length === 0) continue;
            const [, module, name] = t.token.split(":");
            const js = fs.readFileSync(path.join(dir, module, `${name.charAt(0).toLowerCase()}${name.slice(1)}.js`), "utf8");
            const listed = /replaceOnChanges: (\[.*?\]) \}/.exec(js);
            assert.ok(listed, `${type}: aws-native sets replaceOnChanges`);
            const sdk = JSON.parse(listed[1]) as string[];
            assert.deepStrictEqual(sdk.map((p) => p.replace(/\[\*\]$/, "")).sort(), [...t.replaceOnChanges].sort(), type);
        }
    });
});

async function failure(run: Promise<unknown>): Promise<string> {
    try {
        await run;
    } catch (e) {
        assert.ok(e instanceof ProgramRunError, `expected a ProgramRunError, got ${String(e)}`);
        return e.message;
    }
    assert.fail("expected the program to fail");
}

describe("targets outside the gateway's Region (or, for REST APIs, account)", () => {
    it("a Lambda function ARN in another Region stops the program with the rule", async () => {
        const message = await failure(runUnderMocks(() => {
            new AgentGatewayHub("hub", { gatewayName: "org-tools", allowDefaultProviders: true, targets: [{ ...lambdaTarget, function: { arn: "arn:aws:lambda:eu-west-1:111111111111:function:refunds" } }] });
        }, { mode: "update", project: "placement", stack: "lambda", config: { "aws:region": "us-east-1" } }));
        assert.match(message, /LambdaTarget "hub-refunds": \[I12\] target "refunds" function: the Lambda function arn:aws:lambda:eu-west-1:111111111111:function:refunds is in Region eu-west-1, the gateway in us-east-1; a Lambda target must be in the gateway's Region \(assumed\)\. Fix: Use a function in us-east-1, or a hub in the function's Region\./);
    });

    it("a REST API in another Region stops the program with AWS's rule", async () => {
        const message = await failure(runUnderMocks(() => {
            const west = new aws.Provider("west", { region: "us-west-2" });
            const api = new aws.apigateway.RestApi("orders-api", { name: "orders-api" }, { provider: west });
            const orders = new aws.apigateway.Resource("orders", { restApi: api.id, parentId: api.rootResourceId, pathPart: "orders" }, { provider: west });
            const get = new aws.apigateway.Method("get", { restApi: api.id, resourceId: orders.id, httpMethod: "GET", authorization: "AWS_IAM" }, { provider: west });
            new AgentGatewayHub("hub", {
                gatewayName: "org-tools",
                allowDefaultProviders: true,
                targets: [{ kind: "restApi", name: "orders", existing: { restApi: api, methods: [get], operations: [{ path: "/orders", method: "GET", toolName: "ListOrders", description: "List" }] } }],
            });
        }, { mode: "update", project: "placement", stack: "rest", config: { "aws:region": "us-east-1" } }));
        assert.match(message, /RestApiTarget "hub-orders": \[I12\] target "orders" REST API: the REST API arn:aws:execute-api:us-west-2:\d{12}:[0-9a-z]+ is in Region us-west-2, the gateway in us-east-1; AgentCore requires a REST API target in the gateway's own account and Region\./);
    });

    it("a Lambda function in the gateway's Region is accepted", async () => {
        await runUnderMocks(() => {
            new AgentGatewayHub("hub", good);
        }, { mode: "update", project: "placement", stack: "ok", config: { "aws:region": "us-east-1" } });
    });
});
