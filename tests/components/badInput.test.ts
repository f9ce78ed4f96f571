import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AgentCoreHubValidationError, AgentGatewayHub, AgentGatewayHubArgs, TargetSpec, accountProviders, cedarPolicy } from "../../components";

/**
 * Bad input that used to pass, or was reported as something else (issue 11): each is refused
 * before anything is registered, with the exact message naming the argument, the value, the
 * rule and the fix.
 */
const registered: string[] = [];

function refuses(construct: () => unknown, expected: string): void {
    const before = registered.length;
    assert.throws(construct, (e: unknown) => {
        assert.ok(e instanceof AgentCoreHubValidationError, `expected AgentCoreHubValidationError, got ${String(e)}`);
        assert.equal(e.message, expected);
        return true;
    });
    assert.deepEqual(registered.slice(before), [], "nothing may be registered for bad input");
}

const tools = [{ name: "process_refund", description: "Refund", inputSchema: { type: "object" as const, properties: { amount: { type: "integer" as const } }, required: ["amount"] } }];
const existing: TargetSpec = { kind: "lambda", name: "refunds", function: { arn: "arn:aws:lambda:us-east-1:111111111111:function:refunds", name: "refunds" }, tools };
const base: AgentGatewayHubArgs = { gatewayName: "org-tools", targets: [existing], allowDefaultProviders: true };

describe("bad input is refused before registration, with the exact message", () => {
    before(() =>
        pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push(args.type);
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: () => ({ accountId: "111111111111", region: "us-east-1", partition: "aws" }),
            },
            "bad-input",
            "test",
            false,
        ),
    );

    it("accountProviders: an 11-digit account", () =>
        refuses(
            () => accountProviders("hub", "11111111111", "us-east-1"),
            'accountProviders "hub" has 1 problem:\n' +
                '  - [I12] accountId = "11111111111" has 11 digits: an AWS account id is exactly 12 digits. Fix: Pass the account\'s 12-digit id as a string (keep leading zeros), e.g. "012345678901".',
        ));

    it("accountProviders: an Availability Zone where the Region belongs", () =>
        refuses(
            () => accountProviders("hub", "111111111111", "us-east-1a"),
            'accountProviders "hub" has 1 problem:\n' + '  - [I12] region = "us-east-1a" is an Availability Zone code, not a Region: providers and ARNs take the Region. Fix: Use the Region "us-east-1".',
        ));

    it("accountProviders: a valid account and Region registers both providers", () => {
        const before = registered.length;
        const providers = accountProviders("ok", "012345678901", "eu-central-1");
        assert.equal(providers.accountId, "012345678901");
        assert.equal(providers.list.length, 2);
        return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
            assert.deepEqual(registered.slice(before).sort(), ["pulumi:providers:aws", "pulumi:providers:aws-native"]);
        });
    });

    it("a hub without providers (it would act with the ambient credentials)", () =>
        refuses(
            () => new AgentGatewayHub("hub", { gatewayName: "org-tools", targets: [existing] }),
            'AgentGatewayHub "hub" has 1 problem:\n' +
                "  - [I12] AgentGatewayHub has no explicit aws and aws-native provider in its options (opts.providers = undefined): its resources would use the default providers, acting in whatever account the ambient credentials reach. " +
                "Fix: Pass the hub account's providers: `{ providers: accountProviders(name, accountId, region).list }`, or set `allowDefaultProviders: true` if the default credentials and `aws:region` are intended.",
        ));

    it("a hub with only the aws provider names the missing aws-native one", () => {
        const hubAccount = accountProviders("hub-only-aws", "111111111111", "us-east-1");
        refuses(
            () => new AgentGatewayHub("hub", { gatewayName: "org-tools", targets: [existing] }, { providers: [hubAccount.aws] }),
            'AgentGatewayHub "hub" has 1 problem:\n' +
                "  - [I12] AgentGatewayHub has no explicit aws-native provider in its options (opts.providers = [aws]): its resources would use the default provider, acting in whatever account the ambient credentials reach. " +
                "Fix: Pass the hub account's providers: `{ providers: accountProviders(name, accountId, region).list }`, or set `allowDefaultProviders: true` if the default credentials and `aws:region` are intended.",
        );
    });

    it("a hub whose parent carries both providers is accepted (the SDK hands them down)", () => {
        const hubAccount = accountProviders("hub-parent", "111111111111", "us-east-1");
        const parent = new pulumi.ComponentResource("test:index:Parent", "parent", {}, { providers: hubAccount.list });
        assert.ok(new AgentGatewayHub("hub-child", { gatewayName: "org-tools", targets: [existing] }, { parent }) instanceof AgentGatewayHub);
    });

    it("a builder error names its policy and is collected with the hub's other problems", () =>
        refuses(
            () =>
                new AgentGatewayHub("hub", {
                    ...base,
                    gatewayName: "Bad_Name",
                    policyEngine: { policies: [{ name: "support_refunds", statement: cedarPolicy().permit().principalAccount("222222222222") }] },
                }),
            'AgentGatewayHub "hub" has 3 problems:\n' +
                '  - [I12] gatewayName = "Bad_Name" is not a valid gateway name: 1-48 letters or digits, single hyphens between them. Fix: Choose a gateway name of 1-48 letters or digits, single hyphens between them.\n' +
                '  - [I2] gatewayName = "Bad_Name" has capital letters; AgentCore derives a lowercase gateway id from it, so the role trust scoped to "<name>-??????????" would never match. Fix: Use "bad-name".\n' +
                '  - [I10] policyEngine.policies[0].statement (policy "support_refunds") cannot be rendered: Name the tools: tool(), tools(), target() or anyTool(). Fix: Correct the cedarPolicy() chain of policy "support_refunds" as the message says, or give its statement as Cedar text.',
        ));

    it("a builder call's own error (an 11-digit account) waits for the hub, which names the policy and lists it with the rest", () =>
        refuses(
            () =>
                new AgentGatewayHub("hub", {
                    ...base,
                    exceptionLevel: "DEBUG",
                    policyEngine: { policies: [{ name: "support_refunds", statement: cedarPolicy().permit().principalIamRole({ accountId: "22222222222", roleName: "support-agent" }).tool("refunds", "process_refund") }] },
                }),
            'AgentGatewayHub "hub" has 2 problems:\n' +
                "  - [I11] The gateway's exceptionLevel is DEBUG in a production stack: error details reach every caller. Fix: Remove exceptionLevel, or mark the stack non-production.\n" +
                '  - [I10] policyEngine.policies[0].statement (policy "support_refunds") cannot be rendered: role.accountId = "22222222222" is not a 12-digit AWS account id. Fix: Correct the cedarPolicy() chain of policy "support_refunds" as the message says, or give its statement as Cedar text.',
        ));

    it("a string where a number belongs is a type error naming the type; an out-of-range number says the range", () =>
        refuses(
            () =>
                new AgentGatewayHub("hub", {
                    ...base,
                    targets: [{ kind: "lambda", name: "refunds", create: { code: new pulumi.asset.AssetArchive({}), handler: "index.handler", memorySize: "512" as unknown as number, timeout: 901 }, tools }],
                }),
            'AgentGatewayHub "hub" has 2 problems:\n' +
                '  - [I12] targets[0].create.memorySize = "512" is a string, not a number: it must be a whole number from 128 to 10,240 MB. Fix: Pass the number itself: targets[0].create.memorySize: 512 (from config, read it with config.requireNumber()).\n' +
                "  - [I12] targets[0].create.timeout = 901 is out of range: it must be a whole number from 1 to 900 seconds. Fix: Pass a whole number from 1 to 900 seconds.",
        ));

    it("a mock integration's status code given as a string", () =>
        refuses(
            () =>
                new AgentGatewayHub("hub", {
                    ...base,
                    targets: [{ kind: "restApi", name: "reservations", create: { operations: [{ path: "/r", method: "GET", toolName: "Check", description: "d", integration: { mock: { statusCode: "200" as unknown as number } } }] } }],
                }),
            'AgentGatewayHub "hub" has 1 problem:\n' +
                '  - [I12] targets[0].create.operations[0].integration.mock.statusCode = "200" is a string, not a number: it must be a whole number from 100 to 599. Fix: Pass the number itself: targets[0].create.operations[0].integration.mock.statusCode: 200 (from config, read it with config.requireNumber()).',
        ));
});
