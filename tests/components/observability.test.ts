import * as assert from "assert";
import { CapturedStack, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { toReadValue } from "../../checker/engine/wire";
import { ReadValue } from "../../invariants/policyDocument";
import { isUnknown } from "../../invariants/unknown";
import { AgentGatewayHub, AgentGatewayHubArgs } from "../../components";
import { stackModelOf } from "../../checker/stackModel";
import { evaluateStack } from "../../policypack/evaluate";
import { DEFAULT_CONFIG } from "../../policypack/config";

type Mode = "preview" | "update";

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC = "arn:aws:sns:us-east-1:111111111111:agentcore-alarms";
const tools = [{ name: "process_refund", description: "Refund", inputSchema: { type: "object" as const } }];
const base: AgentGatewayHubArgs = {
    gatewayName: "org-tools",
    allowDefaultProviders: true,
    kmsKeyArn: KEY,
    targets: [{ kind: "lambda", name: "refunds", function: { arn: "arn:aws:lambda:us-east-1:111111111111:function:refunds", name: "refunds" }, tools }],
};

/** The resources of a type, by logical name (registration order is the order RPCs arrive in). */
function all(stack: CapturedStack, type: string): { name: string; inputs: { [key: string]: ReadValue }; deps: Record<string, string[]>; urn: string }[] {
    return stack.resources
        .filter((r) => r.type === type)
        .map((r) => ({ name: r.name, inputs: toReadValue(r.inputs) as { [key: string]: ReadValue }, deps: r.propertyDependencies, urn: r.urn }))
        .sort((a, b) => a.name.localeCompare(b.name));
}
function typeOf(stack: CapturedStack, urn: string): string {
    return stack.resources.find((r) => r.urn === urn)!.type;
}
const GATEWAY = "aws-native:bedrockagentcore:Gateway";

for (const mode of ["preview", "update"] as Mode[]) {
    describe(`I14: the hub's logs, traces, audit trail and alarms (${mode} mode)`, () => {
        let stack: CapturedStack;
        let gatewayArn: string | undefined;
        before(async () => {
            stack = await runUnderMocks(() => new AgentGatewayHub("hub", { ...base, alarms: { topicArn: TOPIC, thresholds: { systemErrors: 1 } } }), { mode, project: "observe", stack: mode });
            gatewayArn = mode === "update" ? String(stack.resources.find((r) => r.type === GATEWAY)!.outputs.gatewayArn) : undefined;
        });

        it("a log group the hub owns: the vended-logs name, 365 days, the hub's key", () => {
            const [group] = all(stack, "aws:cloudwatch/logGroup:LogGroup");
            assert.deepStrictEqual({ name: group.inputs.name, retentionInDays: group.inputs.retentionInDays, kmsKeyId: group.inputs.kmsKeyId }, { name: "/aws/vendedlogs/bedrock-agentcore/gateway/APPLICATION_LOGS/org-tools", retentionInDays: 365, kmsKeyId: KEY });
        });

        it("APPLICATION_LOGS and TRACES delivery sources on the gateway's ARN (unknown at preview, derived from the gateway)", () => {
            const sources = all(stack, "aws:cloudwatch/logDeliverySource:LogDeliverySource");
            assert.deepStrictEqual(sources.map((s) => [s.inputs.name, s.inputs.logType]), [["org-tools-logs", "APPLICATION_LOGS"], ["org-tools-traces", "TRACES"]]);
            for (const s of sources) {
                if (mode === "preview") assert.ok(isUnknown(s.inputs.resourceArn), "the gateway's ARN is unknown at a first preview");
                else assert.strictEqual(s.inputs.resourceArn, gatewayArn);
                assert.deepStrictEqual(s.deps.resourceArn.map((u) => typeOf(stack, u)), [GATEWAY]);
            }
        });

        it("logs to the log group (CWL), traces to X-Ray, each paired by a delivery", () => {
            const destinations = all(stack, "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination");
            assert.deepStrictEqual(destinations.map((d) => d.inputs.deliveryDestinationType), ["CWL", "XRAY"]);
            assert.deepStrictEqual(destinations[0].deps.deliveryDestinationConfiguration.map((u) => typeOf(stack, u)), ["aws:cloudwatch/logGroup:LogGroup"]);
            const deliveries = all(stack, "aws:cloudwatch/logDelivery:LogDelivery");
            assert.deepStrictEqual(deliveries.map((d) => [d.deps.deliverySourceName.map((u) => typeOf(stack, u)), d.deps.deliveryDestinationArn.map((u) => typeOf(stack, u))]), [
                [["aws:cloudwatch/logDeliverySource:LogDeliverySource"], ["aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"]],
                [["aws:cloudwatch/logDeliverySource:LogDeliverySource"], ["aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination"]],
            ]);
        });

        it("a trail of this gateway's data events only, into its own bucket with a policy known at preview", () => {
            const [trail] = all(stack, "aws:cloudtrail/trail:Trail");
            assert.strictEqual(trail.inputs.name, "org-tools-audit");
            assert.strictEqual(trail.inputs.enableLogFileValidation, true);
            assert.strictEqual(trail.inputs.s3KeyPrefix, "agentcore-gateway");
            const selectors = trail.inputs.advancedEventSelectors as { fieldSelectors: { field: string; equals: ReadValue[] }[] }[];
            assert.deepStrictEqual(selectors[0].fieldSelectors.slice(0, 2), [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::BedrockAgentCore::Gateway"] }]);
            const arn = selectors[0].fieldSelectors[2];
            assert.strictEqual(arn.field, "resources.ARN");
            if (mode === "preview") assert.ok(isUnknown(arn.equals[0]));
            else assert.deepStrictEqual(arn.equals, [gatewayArn]);
            assert.ok(trail.deps.advancedEventSelectors.map((u) => typeOf(stack, u)).includes(GATEWAY));
            const [policy] = all(stack, "aws:s3/bucketPolicy:BucketPolicy");
            assert.ok(typeof policy.inputs.policy === "string", "the bucket policy is decided at a first preview");
            assert.match(policy.inputs.policy, /arn:aws:s3:::org-tools-audit-111111111111\/agentcore-gateway\/AWSLogs\/111111111111\/\*/);
            const [block] = all(stack, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
            assert.deepStrictEqual([block.inputs.blockPublicAcls, block.inputs.blockPublicPolicy, block.inputs.ignorePublicAcls, block.inputs.restrictPublicBuckets], [true, true, true, true]);
        });

        it("five alarms in AWS/Bedrock-AgentCore, on the gateway's and the engine's Resource dimension, notifying the topic", () => {
            const alarms = all(stack, "aws:cloudwatch/metricAlarm:MetricAlarm");
            assert.deepStrictEqual(alarms.map((a) => [a.inputs.metricName, a.inputs.threshold, a.inputs.statistic ?? a.inputs.extendedStatistic]), [
                ["Latency", 5000, "p99"], ["DenyDecisions", 20, "Sum"], ["SystemErrors", 1, "Sum"], ["Throttles", 10, "Sum"], ["UserErrors", 50, "Sum"],
            ]);
            for (const a of alarms) {
                assert.strictEqual(a.inputs.namespace, "AWS/Bedrock-AgentCore");
                assert.deepStrictEqual(a.inputs.alarmActions, [TOPIC]);
                assert.deepStrictEqual(a.deps.dimensions.map((u) => typeOf(stack, u)), [a.inputs.metricName === "DenyDecisions" ? "aws-native:bedrockagentcore:PolicyEngine" : GATEWAY]);
            }
        });

        it("the pack finds nothing to object to in the hub's observability (production)", () => {
            const { violations } = evaluateStack(stackModelOf(stack), DEFAULT_CONFIG);
            assert.deepStrictEqual(violations.filter((v) => v.problem.invariant === "I14").map((v) => v.problem.message), []);
        });
    });
}

for (const mode of ["preview", "update"] as Mode[]) {
    describe(`I14: alarms on by default, without actions when no topic is given (${mode} mode)`, () => {
        let stack: CapturedStack;
        before(async () => {
            stack = await runUnderMocks(() => new AgentGatewayHub("hub", base), { mode, project: "observe", stack: `default-${mode}` });
        });

        it("the five alarms are registered with no alarm or OK actions, on the gateway's and the engine's Resource dimension", () => {
            const alarms = all(stack, "aws:cloudwatch/metricAlarm:MetricAlarm");
            assert.deepStrictEqual(alarms.map((a) => [a.inputs.metricName, a.inputs.threshold]), [["Latency", 5000], ["DenyDecisions", 20], ["SystemErrors", 5], ["Throttles", 10], ["UserErrors", 50]]);
            for (const a of alarms) {
                assert.strictEqual(a.inputs.namespace, "AWS/Bedrock-AgentCore");
                assert.strictEqual(a.inputs.alarmActions, undefined);
                assert.strictEqual(a.inputs.okActions, undefined);
                assert.deepStrictEqual(a.deps.dimensions.map((u) => typeOf(stack, u)), [a.inputs.metricName === "DenyDecisions" ? "aws-native:bedrockagentcore:PolicyEngine" : GATEWAY]);
            }
        });

        it("the pack's agentcore-gateway-alarms finds the gateway's alarms: no violation, no deferral", () => {
            const result = evaluateStack(stackModelOf(stack), DEFAULT_CONFIG);
            assert.deepStrictEqual(result.violations.filter((v) => v.policy === "agentcore-gateway-alarms"), []);
            assert.deepStrictEqual(result.deferred.filter((d) => d.policy === "agentcore-gateway-alarms"), []);
        });
    });
}

describe("I14: opting out outside production, and the organization trail", () => {
    it("a non-production stack may turn logs, traces and the trail off: none of their resources is registered", async () => {
        const stack = await runUnderMocks(() => new AgentGatewayHub("hub", { ...base, logs: false, traces: false, auditTrail: false, alarms: false }), { mode: "preview", project: "observe", stack: "dev", config: { "agentcore-hub:production": "false" } });
        const types = stack.resources.map((r) => r.type);
        // The WAF's own log group (aws-waf-logs-…, README "Perimeter") is not the gateway's.
        assert.deepEqual(stack.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup").map((r) => String(r.inputs.name)).filter((n) => !n.startsWith("aws-waf-logs-")), [], "no gateway log group");
        for (const t of ["aws:cloudwatch/logDeliverySource:LogDeliverySource", "aws:cloudtrail/trail:Trail", "aws:s3/bucket:Bucket", "aws:cloudwatch/metricAlarm:MetricAlarm"]) assert.ok(!types.includes(t), `${t} not registered`);
    });

    it("organizationTrail: no trail or bucket; the hub exports the selector for this gateway", async () => {
        let hub: AgentGatewayHub | undefined;
        const stack = await runUnderMocks(() => { hub = new AgentGatewayHub("hub", { ...base, auditTrail: { organizationTrail: true } }); }, { mode: "update", project: "observe", stack: "org" });
        assert.ok(!stack.resources.some((r) => r.type === "aws:cloudtrail/trail:Trail" || r.type === "aws:s3/bucket:Bucket"));
        const gatewayArn = String(stack.resources.find((r) => r.type === GATEWAY)!.outputs.gatewayArn);
        const selector = await new Promise((resolve) => hub!.observability.auditSelector.apply(resolve));
        assert.deepStrictEqual(selector, { name: "AgentCoreGatewayToolCalls", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::BedrockAgentCore::Gateway"] }, { field: "resources.ARN", equals: [gatewayArn] }] });
        assert.strictEqual(hub!.observability.auditTrailArn, undefined);
    });
});

describe("I14: bad input is refused before registration, with the exact message", () => {
    /** The construction error's text, after asserting that no cloud resource was registered. */
    async function refused(args: Partial<AgentGatewayHubArgs>): Promise<string> {
        try {
            await runUnderMocks(() => new AgentGatewayHub("hub", { ...base, ...args }), { mode: "preview", project: "observe", stack: "bad" });
        } catch (e) {
            if (!(e instanceof ProgramRunError)) throw e;
            assert.deepStrictEqual(e.captured.resources.filter((r) => r.custom).map((r) => r.type), [], "nothing registered");
            assert.strictEqual(e.errors.length, 1);
            const text = e.errors[0];
            return text.slice(text.indexOf('AgentGatewayHub "hub" has'));
        }
        assert.fail("construction must fail");
    }

    it("a retention CloudWatch Logs does not accept", async () => {
        assert.strictEqual(await refused({ logs: { retentionInDays: 366 } }), 'AgentGatewayHub "hub" has 1 problem:\n  - [I14] logs.retentionInDays = 366 is not a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days). Fix: Pick one of those values (the default is 365); the hub\'s log group always expires its events.');
    });

    it("logs, traces and the audit trail turned off in a production stack: one problem each", async () => {
        assert.strictEqual(await refused({ logs: false, traces: false, auditTrail: false }),
            'AgentGatewayHub "hub" has 3 problems:\n' +
            "  - [I14] logs = false in a production stack: the gateway's application logs (requests, target errors, authorization failures) would not be kept. Fix: Remove logs (on by default), or set the stack non-production: pulumi config set agentcore-hub:production false.\n" +
            "  - [I14] traces = false in a production stack: no trace of a tool call through the gateway, its targets and the policy engine would reach X-Ray. Fix: Remove traces (on by default), or set the stack non-production: pulumi config set agentcore-hub:production false.\n" +
            "  - [I14] auditTrail = false in a production stack: CloudTrail would not record who invoked which tool (InvokeGateway data events). Fix: Remove auditTrail (on by default), or set the stack non-production: pulumi config set agentcore-hub:production false.");
    });

    it("alarms turned off in a production stack, refused like logs: false", async () => {
        assert.strictEqual(await refused({ alarms: false }),
            'AgentGatewayHub "hub" has 1 problem:\n' +
            "  - [I14] alarms = false in a production stack: no CloudWatch alarm would go off when the gateway throttles, fails or slows down, or the policy engine's denials spike. Fix: Remove alarms (on by default), or set the stack non-production: pulumi config set agentcore-hub:production false.");
    });

    it("an alarm topic that is not an SNS ARN, and a negative threshold", async () => {
        assert.strictEqual(await refused({ alarms: { topicArn: "arn:aws:sqs:us-east-1:111111111111:q", thresholds: { throttles: -1 } } }),
            'AgentGatewayHub "hub" has 2 problems:\n' +
            '  - [I14] alarms.topicArn = "arn:aws:sqs:us-east-1:111111111111:q" is not an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>). Fix: Pass the ARN of the SNS topic the alarms notify (e.g. topic.arn).\n' +
            "  - [I14] alarms.thresholds.throttles = -1 must be a number of at least 0. Fix: Pass a threshold (default 10).");
    });

    it("an invalid audit bucket name", async () => {
        assert.strictEqual(await refused({ auditTrail: { create: { bucketName: "Audit_Bucket" } } }), 'AgentGatewayHub "hub" has 1 problem:\n  - [I14] auditTrail.create.bucketName = "Audit_Bucket" is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens). Fix: Choose a valid, globally unique bucket name.');
    });
});
