import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { CapturedStack, EngineMode, runUnderMocks } from "../../checker/engine/capture";
import { toReadValue } from "../../checker/engine/wire";
import { stackModelOf } from "../../checker/stackModel";
import { AgentCoreHubValidationError, AgentGatewayHub, AgentGatewayHubArgs, SpokeCaller } from "../../components";
import { checkEndpointPolicy } from "../../invariants/documents/endpointPolicy";
import { checkGatewayResourcePolicy } from "../../invariants/documents/gatewayGrants";
import { ReadValue } from "../../invariants/policyDocument";
import { isUnknown } from "../../invariants/unknown";
import { UNKNOWN } from "../../invariants/unknown";
import { checkGatewayWaf, checkWafArgs, checkWebAclArn } from "../../invariants/waf";
import { DEFAULT_CONFIG } from "../../policypack/config";
import { RawCase, rawPerimeter } from "../policypack/support/rawPerimeter";
import { evaluateStack } from "../../policypack/evaluate";
import { clearDeclarations } from "../../policypack/model/declared";

/**
 * The perimeter (issue 12 part 5): the hub's fail-closed WAF, a spoke's private endpoint and the
 * grant bound to it, registered in preview and update mode; bad input refused with exact messages;
 * the pack's rules (agentcore-gateway-waf, agentcore-gateway-endpoint-policy) on our components
 * and on raw programs.
 */

const HUB = "111111111111";
const SPOKE = "222222222222";
const REGION = "us-east-1";
const tools = [{ name: "process_refund", description: "Refund", inputSchema: { type: "object" as const, properties: { amount: { type: "integer" as const } }, required: ["amount"] } }];
const base: AgentGatewayHubArgs = {
    gatewayName: "org-tools",
    allowDefaultProviders: true,
    targets: [{ kind: "lambda", name: "refunds", function: { arn: `arn:aws:lambda:${REGION}:${HUB}:function:refunds`, name: "refunds" }, tools }],
};
const ENDPOINT = { vpcId: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718"], securityGroupIds: ["sg-0a1b2c3d4e5f60718"] };

function inputsOf(stack: CapturedStack, type: string): { [key: string]: ReadValue }[] {
    return stack.resources.filter((r) => r.type === type).map((r) => toReadValue(r.inputs) as { [key: string]: ReadValue });
}

function only(stack: CapturedStack, type: string): { [key: string]: ReadValue } {
    const found = inputsOf(stack, type);
    assert.equal(found.length, 1, `expected one ${type}, got ${found.length}`);
    return found[0];
}

function urnOf(stack: CapturedStack, type: string): string {
    return stack.resources.find((r) => r.type === type)!.urn;
}

function verdict(stack: CapturedStack, policies: string[], config = DEFAULT_CONFIG): { violations: string[]; deferred: string[] } {
    clearDeclarations();
    const r = evaluateStack(stackModelOf(stack), config);
    return {
        violations: r.violations.filter((v) => policies.includes(v.policy)).map((v) => `${v.policy}: [${v.problem.invariant}] ${v.problem.message}`),
        deferred: r.deferred.filter((d) => policies.includes(d.policy)).map((d) => `${d.policy}: ${d.item}`),
    };
}

const PERIMETER = ["agentcore-gateway-waf", "agentcore-gateway-endpoint-policy"];

function hubAndPrivateSpoke(): void {
    const hub = new AgentGatewayHub("hub", base);
    const agent = new SpokeCaller("agent", { roleName: "agent", gatewayArns: [hub.gatewayArn], privateEndpoint: ENDPOINT });
    const open = new SpokeCaller("open-agent", { roleName: "open-agent", gatewayArns: [hub.gatewayArn] });
    hub.grantInvoke([agent, open]);
}

for (const mode of ["preview", "update"] as EngineMode[]) {
    describe(`perimeter components register (${mode} mode)`, function () {
        this.timeout(300_000);
        let stack: CapturedStack;
        before(async () => {
            stack = await runUnderMocks(hubAndPrivateSpoke, { mode, project: "perimeter", stack: mode });
        });

        it("the gateway fails closed, and a REGIONAL web ACL with the rate rule and the managed rules is associated with it", () => {
            const gw = only(stack, "aws-native:bedrockagentcore:Gateway");
            assert.deepEqual(gw.wafConfiguration, { failureMode: "FAIL_CLOSE" });
            const acl = only(stack, "aws:wafv2/webAcl:WebAcl");
            assert.equal(acl.scope, "REGIONAL");
            assert.deepEqual(acl.defaultAction, { allow: {} });
            const rules = acl.rules as { name: string; priority: number; statement: Record<string, unknown> }[];
            assert.deepEqual(rules.map((r) => r.name), ["rate-per-ip", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]);
            assert.deepEqual(rules[0].statement, { rateBasedStatement: { limit: 3000, aggregateKeyType: "IP", evaluationWindowSec: 300 } });
            assert.deepEqual(rules[1].statement, { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } });
            const association = stack.resources.find((r) => r.type === "aws:wafv2/webAclAssociation:WebAclAssociation")!;
            // resourceArn is the gateway's ARN: its value comes from the gateway resource.
            const gatewayUrn = urnOf(stack, "aws-native:bedrockagentcore:Gateway");
            assert.deepEqual(association.propertyDependencies.resourceArn, [gatewayUrn]);
            assert.ok(association.dependencies.includes(gatewayUrn), "associated after the gateway exists (AWS: the gateway must be READY)");
            const resourceArn = (toReadValue(association.inputs) as { [key: string]: ReadValue }).resourceArn;
            if (mode === "update") assert.match(String(resourceArn), /^arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway\//);
            else assert.ok(isUnknown(resourceArn), "the gateway ARN is unknown at a first preview");
        });

        it("WAF logging goes to a log group named aws-waf-logs-…, with retention", () => {
            // The other log group is the gateway's vended logs (README "Observability and audit").
            const wafGroups = stack.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && String(r.inputs.name).startsWith("aws-waf-logs-"));
            assert.equal(wafGroups.length, 1, "one WAF log group");
            const group = toReadValue(wafGroups[0].inputs) as { [key: string]: ReadValue };
            assert.equal(group.name, "aws-waf-logs-agentcore-org-tools");
            assert.equal(group.retentionInDays, 365);
            const logging = stack.resources.find((r) => r.type === "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")!;
            assert.deepEqual(logging.propertyDependencies.logDestinationConfigs, [wafGroups[0].urn]);
            assert.deepEqual(logging.propertyDependencies.resourceArn, [urnOf(stack, "aws:wafv2/webAcl:WebAcl")]);
        });

        it("the spoke's interface endpoint: AgentCore's gateway service, its VPC, an endpoint policy of the caller role to this gateway only", () => {
            const ep = only(stack, "aws-native:ec2:VpcEndpoint");
            assert.equal(ep.serviceName, "com.amazonaws.us-east-1.bedrock-agentcore.gateway");
            assert.equal(ep.vpcEndpointType, "Interface");
            assert.equal(ep.vpcId, ENDPOINT.vpcId);
            assert.deepEqual(ep.subnetIds, ENDPOINT.subnetIds);
            assert.deepEqual(ep.securityGroupIds, ENDPOINT.securityGroupIds);
            assert.equal(ep.privateDnsEnabled, true);
            const doc = ep.policyDocument as { Statement: { Principal: ReadValue; Condition: ReadValue; Action: string; Resource: ReadValue[] }[] };
            assert.equal(doc.Statement.length, 1);
            assert.equal(doc.Statement[0].Principal, "*");
            assert.deepEqual(doc.Statement[0].Condition, { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${HUB}:role/agentcore-callers/agent` } });
            assert.equal(doc.Statement[0].Action, "bedrock-agentcore:InvokeGateway");
            assert.equal(doc.Statement[0].Resource.length, 1);
            if (mode === "preview") assert.ok(isUnknown(doc.Statement[0].Resource[0]), "the gateway ARN is one unknown leaf at a first preview");
            else assert.match(String(doc.Statement[0].Resource[0]), /gateway\/org-tools-/);
            const endpoint = stack.resources.find((r) => r.type === "aws-native:ec2:VpcEndpoint")!;
            assert.equal(endpoint.parent, stack.resources.find((r) => r.type === "agentcore-hub:index:SpokeCaller" && r.name === "agent")!.urn, "created in the spoke caller (with its providers)");
        });

        it("the grant of the caller with an endpoint holds only through it (aws:SourceVpce); the other caller's grant is unconditioned", () => {
            const policy = stack.resources.find((r) => r.type === "aws-native:bedrockagentcore:ResourcePolicy")!;
            if (mode === "preview") {
                assert.ok(isUnknown((toReadValue(policy.inputs) as { [key: string]: ReadValue }).policy), "the policy embeds the new gateway ARN");
                const grants = stack.resources.find((r) => r.type === "agentcore-hub:index:GatewayConsumerGrants")!;
                assert.match(String((grants.inputs as Record<string, unknown>).resourcePolicyTemplateOmitted), /conditioned on its VPC endpoint/);
                return;
            }
            const doc = JSON.parse(String((policy.inputs as Record<string, unknown>).policy)) as { Statement: { Principal: { AWS: string }; Condition?: unknown }[] };
            const byRole = new Map(doc.Statement.map((s) => [s.Principal.AWS, s.Condition]));
            const vpce = String(stack.resources.find((r) => r.type === "aws-native:ec2:VpcEndpoint")!.outputs.awsId);
            assert.match(vpce, /.+/);
            assert.deepEqual(byRole.get(`arn:aws:iam::${HUB}:role/agentcore-callers/agent`), { StringEquals: { "aws:SourceVpce": vpce } });
            assert.equal(byRole.get(`arn:aws:iam::${HUB}:role/agentcore-callers/open-agent`), undefined);
            assert.deepEqual(checkGatewayResourcePolicy(doc as unknown as ReadValue), { problems: [], deferred: [] });
        });

        it("the pack: no perimeter violation, nothing perimeter-related deferred", () => {
            assert.deepEqual(verdict(stack, PERIMETER), { violations: [], deferred: [] });
        });
    });
}

describe("perimeter: hub with an existing web ACL, and waf: false", function () {
    this.timeout(300_000);
    const existing = `arn:aws:wafv2:${REGION}:${HUB}:regional/webacl/org-acl/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;

    it("webAclArn: only the association is created, to that ACL; the gateway still fails closed", async () => {
        const stack = await runUnderMocks(() => new AgentGatewayHub("hub", { ...base, waf: { webAclArn: existing } }), { mode: "preview", project: "perimeter", stack: "existing" });
        assert.equal(inputsOf(stack, "aws:wafv2/webAcl:WebAcl").length, 0);
        assert.equal(only(stack, "aws:wafv2/webAclAssociation:WebAclAssociation").webAclArn, existing);
        assert.deepEqual(only(stack, "aws-native:bedrockagentcore:Gateway").wafConfiguration, { failureMode: "FAIL_CLOSE" });
        assert.deepEqual(verdict(stack, PERIMETER), { violations: [], deferred: [] });
    });

    it("an existing web ACL of another Region fails the registration that reads it, naming the value and the rule", async () => {
        const other = `arn:aws:wafv2:eu-west-1:${HUB}:regional/webacl/org-acl/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
        await assert.rejects(
            runUnderMocks(() => new AgentGatewayHub("hub", { ...base, waf: { webAclArn: pulumi.output(other) } }), { mode: "preview", project: "perimeter", stack: "region" }),
            (e: unknown) => {
                assert.match(String(e), new RegExp(`\\[I13\\] waf\\.webAclArn = "${other.replace(/[/.]/g, "\\$&")}" is in Region eu-west-1, but the gateway is in us-east-1; the web ACL must be in the gateway's Region\\.`));
                return true;
            },
        );
    });

    it("waf: false outside production: no web ACL, no wafConfiguration; the pack agrees outside production and refuses it in production", async () => {
        const stack = await runUnderMocks(() => new AgentGatewayHub("hub", { ...base, waf: false }), { mode: "preview", project: "perimeter", stack: "dev", config: { "agentcore-hub:production": "false" } });
        assert.equal(inputsOf(stack, "aws:wafv2/webAclAssociation:WebAclAssociation").length, 0);
        assert.equal(only(stack, "aws-native:bedrockagentcore:Gateway").wafConfiguration, undefined);
        assert.deepEqual(verdict(stack, PERIMETER, { ...DEFAULT_CONFIG, production: false }), { violations: [], deferred: [] });
        assert.deepEqual(verdict(stack, PERIMETER, { ...DEFAULT_CONFIG, production: true, requireWaf: false }), { violations: [], deferred: [] });
        assert.deepEqual(verdict(stack, PERIMETER).violations, [
            `agentcore-gateway-waf: [I13] Gateway "hub-gateway": no WAF web ACL is associated with this gateway in a production stack.`,
        ]);
    });
});

describe("perimeter: bad input is refused before registration, with the exact message", () => {
    const refuses = (construct: () => unknown, expected: string) =>
        assert.throws(construct, (e: unknown) => {
            assert.ok(e instanceof AgentCoreHubValidationError, String(e));
            assert.equal(e.message, expected);
            return true;
        });
    before(() => pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({ accountId: HUB, region: REGION, partition: "aws" }) }, "perimeter-bad", "test", false));

    it("a CLOUDFRONT (global) web ACL", () => {
        const arn = `arn:aws:wafv2:us-east-1:${HUB}:global/webacl/edge/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
        refuses(() => new AgentGatewayHub("hub", { ...base, waf: { webAclArn: arn } }), `AgentGatewayHub "hub" has 1 problem:\n  - [I13] waf.webAclArn = "${arn}" is a CLOUDFRONT (global) web ACL; AgentCore gateways accept only a regional web ACL. Fix: Pass a REGIONAL web ACL (\`arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>\`) of the hub's account and Region, or let the hub create one (omit webAclArn).`);
    });

    it("waf: false in production", () => {
        refuses(() => new AgentGatewayHub("hub", { ...base, waf: false }), `AgentGatewayHub "hub" has 1 problem:\n  - [I13] waf = false in a production stack: the gateway would take requests with no web ACL in front of it. Fix: Remove \`waf: false\` (the hub then creates a fail-closed web ACL), or mark the stack non-production: pulumi config set agentcore-hub:production false.`);
    });

    it("a rate outside WAF's range, an unknown rule group, a webAclArn with rules", () => {
        assert.deepEqual(checkWafArgs({ ratePer5Minutes: 5 }, true).map((p) => p.message), ["waf.ratePer5Minutes = 5 is outside WAF's range for a rate-based rule (an integer from 10 to 2000000000)."]);
        assert.deepEqual(checkWafArgs({ managedRuleGroups: ["CommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesSQLiRuleSet"] }, true).map((p) => p.message), [
            `waf.managedRuleGroups[0] = "CommonRuleSet" is not the name of an AWS managed rule group.`,
            `waf.managedRuleGroups names ["AWSManagedRulesSQLiRuleSet"] more than once.`,
        ]);
        assert.match(checkWafArgs({ webAclArn: "x", ratePer5Minutes: 100 }, true)[0].message, /^waf\.webAclArn is set together with waf\.ratePer5Minutes/);
    });

    it("a web ACL of another account (checked against the provider's account)", () => {
        const arn = `arn:aws:wafv2:${REGION}:999999999999:regional/webacl/a/0f1e2d3c`;
        assert.deepEqual(checkWebAclArn(arn, { partition: "aws", region: REGION, accountId: HUB }, "waf.webAclArn").map((p) => p.message), [`waf.webAclArn = "${arn}" belongs to account 999999999999, not the hub's account ${HUB}.`]);
    });

    it("a private endpoint without subnets, or with ids that are not ids", () => {
        refuses(
            () => new SpokeCaller("agent", { roleName: "agent", gatewayArns: ["arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/org-tools-a1b2c3d4e5"], privateEndpoint: { vpcId: "my-vpc", subnetIds: [] } }),
            `SpokeCaller "agent" has 2 problems:\n  - [I8] privateEndpoint.subnetIds is empty: an interface endpoint needs at least one subnet. Fix: Pass the subnets the agents run in (one per Availability Zone).\n  - [I8] privateEndpoint.vpcId = "my-vpc" is not a vpc-… id. Fix: Pass the vpc-… id from the spoke's network stack.`,
        );
    });
});

describe("perimeter rules on raw programs", function () {
    this.timeout(300_000);
    const cases: [string, RawCase, EngineMode, string[], string[]][] = [
        ["aws-native gateway, web ACL, FAIL_CLOSE", { gateway: "native", waf: "failClose" }, "preview", [], []],
        ["aws-native gateway, web ACL, FAIL_CLOSE", { gateway: "native", waf: "failClose" }, "update", [], []],
        ["aws-native gateway without a web ACL", { gateway: "native", waf: "none" }, "update", [`agentcore-gateway-waf: [I13] Gateway "gateway": no WAF web ACL is associated with this gateway in a production stack.`], []],
        ["aws-native gateway, web ACL, FAIL_OPEN", { gateway: "native", waf: "failOpen" }, "preview", [`agentcore-gateway-waf: [I13] Gateway "gateway": the gateway has a web ACL with wafConfiguration.failureMode = "FAIL_OPEN": when WAF cannot be evaluated, requests pass uninspected.`], []],
        ["aws-native gateway, web ACL, failure mode unset", { gateway: "native", waf: "unset" }, "update", [`agentcore-gateway-waf: [I13] Gateway "gateway": the gateway has a web ACL with wafConfiguration.failureMode = unset: when WAF cannot be evaluated, requests may pass uninspected (AWS documents no default).`], []],
        ["@pulumi/aws gateway with a web ACL (cannot set a failure mode)", { gateway: "bridged", waf: "unset" }, "preview", [`agentcore-gateway-waf: [I13] AgentcoreGateway "gateway": the gateway has a web ACL, but its resource type cannot set wafConfiguration.failureMode (the @pulumi/aws gateway has no such property) and AWS documents no default.`], []],
        // A bridged policy is one JSON string: embedding the new gateway's ARN makes all of it unknown (BRIEF §4).
        ["a gateway endpoint policy of the caller to this gateway (JSON embedding the new gateway's ARN)", { gateway: "native", waf: "failClose", endpointPolicy: "caller" }, "preview", [], [`agentcore-gateway-endpoint-policy: VpcEndpoint "to-hub": the endpoint policy is unknown (its JSON embeds a value not known yet)`]],
        ["a gateway endpoint policy of the caller to this gateway", { gateway: "native", waf: "failClose", endpointPolicy: "caller" }, "update", [], []],
        ["a gateway endpoint policy allowing *", { gateway: "native", waf: "failClose", endpointPolicy: "star" }, "preview", [
            `agentcore-gateway-endpoint-policy: [I8] VpcEndpoint "to-hub": statement 0 allows Principal "*" with no exact aws:PrincipalArn condition: anyone with network access to the endpoint.`,
            `agentcore-gateway-endpoint-policy: [I8] VpcEndpoint "to-hub": statement 0 allows Resource "*": every gateway in every account, not only the hub's.`,
        ], []],
        ["a gateway endpoint without a policy", { gateway: "native", waf: "failClose", endpointPolicy: "none" }, "update", [`agentcore-gateway-endpoint-policy: [I8] VpcEndpoint "to-hub": the gateway endpoint has no policy: AWS then allows full access through it (any principal, any gateway).`], []],
    ];
    for (const [what, c, mode, violations, deferred] of cases) {
        it(`${what} (${mode})`, async () => {
            const stack = await runUnderMocks(() => rawPerimeter(c), { mode, project: "raw-perimeter", stack: "dev" });
            assert.deepEqual(verdict(stack, PERIMETER), { violations, deferred });
        });
    }

    it("an association whose resourceArn derives from another resource (not a gateway) does not count for the gateway", async () => {
        const stack = await runUnderMocks(() => {
            new awsnative.bedrockagentcore.Gateway("gateway", { name: "org-tools", roleArn: `arn:aws:iam::${HUB}:role/r`, protocolType: "MCP", authorizerType: "AWS_IAM", wafConfiguration: { failureMode: "FAIL_CLOSE" } });
            const acl = new aws.wafv2.WebAcl("acl", { scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "acl", sampledRequestsEnabled: true } });
            // An ARN read from an ACL's output: unknown at a first preview, and not a gateway's.
            new aws.wafv2.WebAclAssociation("acl-other", { resourceArn: acl.description.apply((d) => d ?? "x"), webAclArn: acl.arn });
        }, { mode: "preview", project: "raw-perimeter", stack: "dev" });
        assert.deepEqual(verdict(stack, PERIMETER), { violations: [`agentcore-gateway-waf: [I13] Gateway "gateway": no WAF web ACL is associated with this gateway in a production stack.`], deferred: [] });
    });

    it("the endpoint policy rule directly: unknown leaves that do not derive from a gateway are deferred by name", () => {
        const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/agent" }, Action: "bedrock-agentcore:InvokeGateway", Resource: [Symbol.for("pulumi-agentcore-hub.unknown")] }] } as unknown as ReadValue;
        assert.deepEqual(checkEndpointPolicy(doc).deferred, ["statement 0: a Resource is unknown and does not derive from a gateway"]);
        assert.deepEqual(checkEndpointPolicy(doc, { unknownFromGateway: true }), { problems: [], deferred: [] });
    });

    it("Principal \"*\" passes only narrowed by an exact aws:PrincipalArn; an unknown association is deferred by name", () => {
        const doc = (arn: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "bedrock-agentcore:InvokeGateway", Resource: "arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/org-tools-a1b2c3d4e5", Condition: { ArnEquals: { "aws:PrincipalArn": arn } } }] });
        assert.deepEqual(checkEndpointPolicy(doc(`arn:aws:iam::${SPOKE}:role/agent`)), { problems: [], deferred: [] });
        assert.match(checkEndpointPolicy(doc(`arn:aws:iam::${SPOKE}:role/*`)).problems[0].message, /allows Principal "\*" with no exact aws:PrincipalArn condition/);
        assert.deepEqual(checkGatewayWaf({ associated: UNKNOWN, failureMode: "FAIL_CLOSE" }, { production: true, requireWaf: true }), { problems: [], deferred: ["whether a web ACL is associated: a WebAclAssociation's resourceArn is unknown"] });
    });
});
