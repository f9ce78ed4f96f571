import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AGENTCORE_METRICS_NAMESPACE, ALARM_EVALUATION_PERIODS, ALARM_PERIOD_SECONDS, AlarmKey, DEFAULT_ALARM_THRESHOLDS, GATEWAY_ALARMS } from "../../invariants/gatewayMetrics";

/** Where the alarms notify, and thresholds over the defaults (invariants/gatewayMetrics.ts). */
export interface AlarmsSpec {
    /**
     * SNS topic ARN notified on ALARM and back to OK. Without it the alarms have no actions: they
     * still change state, visible in CloudWatch and sent to EventBridge as "CloudWatch Alarm State
     * Change" events (docs/aws-facts.md §16(f)), so a rule there can route them.
     */
    topicArn?: pulumi.Input<string>;
    thresholds?: Partial<Record<AlarmKey, number>>;
}

/**
 * I14: one CloudWatch alarm per gateway metric that signals trouble, plus the policy engine's
 * DenyDecisions (AgentCore publishes it: docs/aws-facts.md §16(e)). Missing data is "not
 * breaching": a quiet gateway publishes nothing and is not in alarm.
 */
export function createGatewayAlarms(name: string, gatewayName: string, spec: AlarmsSpec, arns: { gateway: pulumi.Input<string>; policyEngine: pulumi.Input<string> }, parent: pulumi.Resource, tags?: Record<string, string>): aws.cloudwatch.MetricAlarm[] {
    return (Object.keys(GATEWAY_ALARMS) as AlarmKey[]).map((key) => {
        const a = GATEWAY_ALARMS[key];
        const threshold = spec.thresholds?.[key] ?? DEFAULT_ALARM_THRESHOLDS[key];
        return new aws.cloudwatch.MetricAlarm(`${name}-alarm-${key}`, {
            name: `${gatewayName}-${key}`,
            alarmDescription: `AgentCore gateway ${gatewayName}: ${a.what} above ${threshold} in ${ALARM_PERIOD_SECONDS / 60} minutes.`,
            namespace: AGENTCORE_METRICS_NAMESPACE,
            metricName: a.metric,
            dimensions: { Resource: arns[a.resource] },
            ...("extendedStatistic" in a ? { extendedStatistic: a.extendedStatistic } : { statistic: a.statistic }),
            period: ALARM_PERIOD_SECONDS,
            evaluationPeriods: ALARM_EVALUATION_PERIODS,
            threshold,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            ...(spec.topicArn === undefined ? {} : { alarmActions: [spec.topicArn], okActions: [spec.topicArn] }),
            tags,
        }, { parent });
    });
}
