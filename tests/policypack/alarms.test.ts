import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { EngineMode, runUnderMocks } from "../../checker/engine/capture";
import { stackModelOf } from "../../checker/stackModel";
import { DEFAULT_CONFIG, PackConfig } from "../../policypack/config";
import { evaluateStack } from "../../policypack/evaluate";
import { gatewayAlarms } from "../../policypack/policies";

/**
 * I14 in the pack: a production gateway without CloudWatch alarms on its SystemErrors and
 * Throttles (AWS/Bedrock-AgentCore, Resource = its ARN) is a violation in a raw program of
 * either provider; an alarm whose dimension is not decidable yet is deferred by name.
 */
const REGION = "us-east-1";
const HUB = "111111111111";

interface Alarm {
    metric: string;
    namespace?: string;
    /** aws-native `cloudwatch.Alarm` (dimensions as a list) instead of the bridged MetricAlarm. */
    native?: boolean;
    /** The Resource dimension's value: the gateway's ARN unless given (a function of another resource). */
    resource?: (other: aws.sns.Topic) => pulumi.Input<string>;
}

function rawGateway(alarms: Alarm[]): void {
    const provider = new aws.Provider("hub", { region: REGION, allowedAccountIds: [HUB] });
    const native = new awsnative.Provider("hub-native", { region: REGION });
    const gateway = new aws.bedrock.AgentcoreGateway("gateway", { name: "org-tools", roleArn: `arn:aws:iam::${HUB}:role/org-tools-gateway`, protocolType: "MCP", authorizerType: "AWS_IAM" }, { provider });
    const other = new aws.sns.Topic("other", {}, { provider });
    for (const a of alarms) {
        const resource = a.resource ? a.resource(other) : gateway.gatewayArn;
        const common = { namespace: a.namespace ?? "AWS/Bedrock-AgentCore", metricName: a.metric, statistic: "Sum", period: 300, evaluationPeriods: 1, threshold: 1, comparisonOperator: "GreaterThanThreshold" };
        if (a.native) new awsnative.cloudwatch.Alarm(`${a.metric}-native`, { ...common, dimensions: [{ name: "Resource", value: resource }] }, { provider: native });
        else new aws.cloudwatch.MetricAlarm(a.metric, { ...common, dimensions: { Resource: resource } }, { provider });
    }
}

async function judge(alarms: Alarm[], mode: EngineMode, config: PackConfig = DEFAULT_CONFIG): Promise<{ violations: string[]; deferred: string[] }> {
    const stack = await runUnderMocks(() => rawGateway(alarms), { mode, project: "raw-alarms", stack: mode });
    const { violations, deferred } = evaluateStack(stackModelOf(stack), config);
    return {
        violations: violations.filter((v) => v.policy === gatewayAlarms.name).map((v) => `[${v.problem.invariant}] ${v.problem.message} Fix: ${v.problem.fix}`),
        deferred: deferred.filter((d) => d.policy === gatewayAlarms.name).map((d) => d.item),
    };
}

const FIX = 'Fix: Add a MetricAlarm per metric on the gateway\'s ARN (AgentGatewayHub\'s alarms do by default; a topic is optional); if its alarms are managed elsewhere, set the pack config "alarmsOutsideStack": true; or mark the stack non-production (agentcore-hub:production = false, pack config "production": false).';
const missing = (what: string) => `[I14] AgentcoreGateway "gateway": no CloudWatch alarm of the stack watches its ${what} (namespace AWS/Bedrock-AgentCore, dimension Resource = the gateway's ARN) in a production stack: nobody would learn that it fails or turns callers away. ${FIX}`;
const both: Alarm[] = [{ metric: "SystemErrors" }, { metric: "Throttles" }];

for (const mode of ["preview", "update"] as EngineMode[]) {
    describe(`I14 agentcore-gateway-alarms on raw programs (${mode})`, () => {
        it("bridged alarms on SystemErrors and Throttles of the gateway: nothing to report, nothing deferred", async () => {
            assert.deepStrictEqual(await judge(both, mode), { violations: [], deferred: [] });
        });

        it("aws-native alarms (dimensions as a list of name/value) count the same", async () => {
            assert.deepStrictEqual(await judge(both.map((a) => ({ ...a, native: true })), mode), { violations: [], deferred: [] });
        });

        it("no alarm at all: one violation naming both metrics", async () => {
            assert.deepStrictEqual(await judge([], mode), { violations: [missing("SystemErrors or Throttles")], deferred: [] });
        });

        it("Throttles missing, and a Throttles alarm in another namespace does not count", async () => {
            assert.deepStrictEqual(await judge([{ metric: "SystemErrors" }, { metric: "Throttles", namespace: "AWS/Lambda" }], mode), { violations: [missing("Throttles")], deferred: [] });
        });

        it("alarms managed outside the stack (alarmsOutsideStack) and a non-production stack: nothing", async () => {
            assert.deepStrictEqual(await judge([], mode, { ...DEFAULT_CONFIG, alarmsOutsideStack: true }), { violations: [], deferred: [] });
            assert.deepStrictEqual(await judge([], mode, { ...DEFAULT_CONFIG, production: false }), { violations: [], deferred: [] });
        });
    });
}

describe("I14 agentcore-gateway-alarms: what a first preview cannot decide is named", () => {
    it("a Throttles alarm whose Resource derives from another resource is deferred at preview, a violation at update", async () => {
        const alarms: Alarm[] = [{ metric: "SystemErrors" }, { metric: "Throttles", resource: (other) => other.arn }];
        assert.deepStrictEqual(await judge(alarms, "preview"), { violations: [], deferred: ['AgentcoreGateway "gateway": whether it has alarms on Throttles: MetricAlarm "Throttles" (its "Resource" dimension is unknown); checked at pulumi up'] });
        assert.deepStrictEqual(await judge(alarms, "update"), { violations: [missing("Throttles")], deferred: [] });
    });
});
