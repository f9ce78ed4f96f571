import { AlarmWatch } from "../../invariants/gatewayAlarms";
import { UNKNOWN, isUnknown } from "../../invariants/unknown";
import { propertyValue } from "./propertyValue";
import { ModelResource, at, isObject, knownObjects, str } from "./resource";
import { isBridged } from "./types";

/** The metric dimension AgentCore publishes a resource's ARN under (docs/aws-facts.md §16(e)). */
const RESOURCE_DIMENSION = "Resource";

/**
 * What a CloudWatch alarm watches (I14), in both providers' shapes: bridged `MetricAlarm`
 * `dimensions` is a map `{ Resource: arn }`; aws-native `Alarm` `dimensions` a list of
 * `{ name, value }`. A metric-math alarm (`metricQueries` / `metrics`) has no namespace.
 */
export function alarmWatch(alarm: ModelResource, gateway: ModelResource): AlarmWatch {
    const dims = propertyValue(alarm, "dimensions");
    let resource: AlarmWatch["resource"];
    if (isUnknown(dims)) resource = UNKNOWN;
    else if (dims === undefined || dims === null) resource = undefined;
    else if (isBridged(alarm.type)) resource = isObject(dims) ? str(at(dims, RESOURCE_DIMENSION)) : undefined;
    else {
        const entries = knownObjects(dims);
        if (isUnknown(entries)) resource = UNKNOWN;
        else {
            const named = entries.filter((d) => isUnknown(d.name) || str(d.name) === RESOURCE_DIMENSION);
            const exact = named.find((d) => str(d.name) === RESOURCE_DIMENSION);
            resource = exact ? str(exact.value) : named.length > 0 ? UNKNOWN : undefined;
        }
    }
    return {
        namespace: str(propertyValue(alarm, "namespace")),
        metricName: str(propertyValue(alarm, "metricName")),
        resource,
        resourceDerivesFromGateway: (alarm.propertyDependencies["dimensions"] ?? []).includes(gateway.urn),
    };
}
