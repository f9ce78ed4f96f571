import { Problem, problem } from "./problems";

/**
 * The gateway and policy metrics the hub alarms on, as AgentCore publishes them
 * (docs/aws-facts.md §16(e)): namespace `AWS/Bedrock-AgentCore`, batched each minute,
 * dimension `Resource` = the resource's ARN. That an alarm on `Resource` alone receives data
 * (AgentCore also publishes finer dimension sets: Operation, Protocol, Method, Name) is
 * assumed, not documented.
 */
export const AGENTCORE_METRICS_NAMESPACE = "AWS/Bedrock-AgentCore";

export interface MetricAlarmSpec {
    metric: string;
    /** Which ARN goes in the `Resource` dimension. */
    resource: "gateway" | "policyEngine";
    statistic?: "Sum";
    extendedStatistic?: "p99";
    /** Human text for the alarm description. */
    what: string;
}

/** Alarm keys, their metrics, and the default thresholds (per 5 minutes; latency in ms). */
export const GATEWAY_ALARMS = {
    throttles: { metric: "Throttles", resource: "gateway", statistic: "Sum", what: "requests throttled (429)" },
    systemErrors: { metric: "SystemErrors", resource: "gateway", statistic: "Sum", what: "requests failed with a 5xx" },
    userErrors: { metric: "UserErrors", resource: "gateway", statistic: "Sum", what: "requests failed with a 4xx other than 429" },
    latencyP99Ms: { metric: "Latency", resource: "gateway", extendedStatistic: "p99", what: "p99 time to first response byte, in milliseconds" },
    /** Published by the policy engine (observability-policy-metrics.html): a spike means callers try tools Cedar denies them. */
    policyDenials: { metric: "DenyDecisions", resource: "policyEngine", statistic: "Sum", what: "policy-engine decisions that resulted in DENY" },
} as const satisfies Record<string, MetricAlarmSpec>;

export type AlarmKey = keyof typeof GATEWAY_ALARMS;

export const DEFAULT_ALARM_THRESHOLDS: Record<AlarmKey, number> = {
    throttles: 10,
    systemErrors: 5,
    userErrors: 50,
    latencyP99Ms: 5000,
    policyDenials: 20,
};

/** Every alarm judges one five-minute period (AgentCore batches metrics per minute). */
export const ALARM_PERIOD_SECONDS = 300;
export const ALARM_EVALUATION_PERIODS = 1;

/** `arn:<partition>:sns:<region>:<account>:<topic>` */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

export function checkAlarmArgs(alarms: { topicArn?: unknown; thresholds?: Partial<Record<string, unknown>> }, at = "alarms"): Problem[] {
    const out: Problem[] = [];
    if (typeof alarms.topicArn === "string" && !SNS_TOPIC_ARN.test(alarms.topicArn)) {
        out.push(problem("I14", `${at}.topicArn = ${JSON.stringify(alarms.topicArn)} is not an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>).`, "Pass the ARN of the SNS topic the alarms notify (e.g. topic.arn)."));
    }
    for (const [key, value] of Object.entries(alarms.thresholds ?? {})) {
        if (!(key in GATEWAY_ALARMS)) {
            out.push(problem("I14", `${at}.thresholds.${key} is not an alarm of the hub.`, `Use one of ${Object.keys(GATEWAY_ALARMS).join(", ")}.`));
            continue;
        }
        if (value === undefined) continue;
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            out.push(problem("I14", `${at}.thresholds.${key} = ${JSON.stringify(value) ?? String(value)} must be a number of at least 0.`, `Pass a threshold (default ${DEFAULT_ALARM_THRESHOLDS[key as AlarmKey]}).`));
        }
    }
    return out;
}
