import { AGENTCORE_METRICS_NAMESPACE, GATEWAY_ALARMS } from "./gatewayMetrics";
import { MaybeUnknown, isUnknown } from "./unknown";

/**
 * I14 on the pack's side: a production gateway has at least the alarms that say it is failing
 * (`SystemErrors`, 5xx) or turning callers away (`Throttles`, 429), on its own `Resource`
 * dimension in `AWS/Bedrock-AgentCore` (docs/aws-facts.md §16(e)). User errors, latency and the
 * engine's denials are the hub's defaults too, but their thresholds are the owner's judgement,
 * so the pack does not demand them. Alarm actions are not required: an alarm without one still
 * changes state and reaches EventBridge (§16(f)).
 */
export const REQUIRED_GATEWAY_ALARM_METRICS = [GATEWAY_ALARMS.systemErrors.metric, GATEWAY_ALARMS.throttles.metric] as const;

/** What an alarm watches, as read from either provider's resource. */
export interface AlarmWatch {
    /** Undefined for a metric-math alarm (no single namespace). */
    namespace: MaybeUnknown<string> | undefined;
    metricName: MaybeUnknown<string> | undefined;
    /** The `Resource` dimension's value; undefined when the alarm has none; UNKNOWN when the dimensions are not known yet. */
    resource: MaybeUnknown<string> | undefined;
    /** The alarm's dimensions derive from the gateway (propertyDependencies): at a first preview its ARN, unknown. */
    resourceDerivesFromGateway: boolean;
}

export type AlarmVerdict = { watches: true } | { watches: false; why: string } | { watches: "unknown"; why: string };

/** Whether one alarm watches `metric` of the gateway whose ARN is `gatewayArn`. */
export function alarmWatches(alarm: AlarmWatch, metric: string, gatewayArn: MaybeUnknown<string> | undefined): AlarmVerdict {
    if (alarm.namespace !== undefined && !isUnknown(alarm.namespace) && alarm.namespace !== AGENTCORE_METRICS_NAMESPACE) return { watches: false, why: `its namespace is ${alarm.namespace}` };
    if (alarm.metricName !== undefined && !isUnknown(alarm.metricName) && alarm.metricName !== metric) return { watches: false, why: `it watches ${alarm.metricName}` };
    if (alarm.namespace === undefined || alarm.metricName === undefined) return { watches: false, why: "it names no single metric (namespace and metricName)" };
    if (isUnknown(alarm.namespace)) return { watches: "unknown", why: '"namespace" is unknown' };
    if (isUnknown(alarm.metricName)) return { watches: "unknown", why: '"metricName" is unknown' };
    if (alarm.resource === undefined) return { watches: false, why: "it has no Resource dimension" };
    if (isUnknown(alarm.resource)) {
        // A value still unknown that derives from the gateway is the gateway's (its ARN is what AgentCore publishes under).
        return alarm.resourceDerivesFromGateway ? { watches: true } : { watches: "unknown", why: 'its "Resource" dimension is unknown' };
    }
    if (gatewayArn === undefined || isUnknown(gatewayArn)) return { watches: "unknown", why: "the gateway's ARN is unknown" };
    return alarm.resource === gatewayArn ? { watches: true } : { watches: false, why: `its Resource dimension ${alarm.resource} is not the gateway's ARN` };
}
