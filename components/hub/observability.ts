import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_LOG_RETENTION_DAYS, DESTINATION_TYPES, GATEWAY_LOG_TYPES, deliverySourceName, gatewayLogGroupName } from "../../invariants/observability";

/**
 * I14: the gateway's vended logs and traces (docs/aws-facts.md §16(a)): for each log type a
 * delivery source on the gateway's ARN, a destination and the delivery pairing them.
 * APPLICATION_LOGS go to a log group the hub owns (retention set, encrypted with `keyArn` when
 * the hub has a key), TRACES to X-Ray.
 */
export interface GatewayObservabilityInputs {
    name: string;
    gatewayName: string;
    gatewayArn: pulumi.Input<string>;
    logs: false | { retentionInDays?: number };
    traces: boolean;
    /** The hub's KMS key for the log group; one input, whoever creates the key. */
    keyArn?: pulumi.Input<string>;
    tags?: Record<string, string>;
}

export interface GatewayObservability {
    logGroup?: aws.cloudwatch.LogGroup;
    deliveries: aws.cloudwatch.LogDelivery[];
}

export function createGatewayObservability(i: GatewayObservabilityInputs, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): GatewayObservability {
    const deliveries: aws.cloudwatch.LogDelivery[] = [];
    let logGroup: aws.cloudwatch.LogGroup | undefined;
    // One after another: CloudWatch Logs serializes changes to a source's deliveries (assumed
    // harmless to chain; it keeps a first `up` from racing two deliveries of one gateway).
    let previous: pulumi.Resource[] = dependsOn;
    if (i.logs !== false) {
        logGroup = new aws.cloudwatch.LogGroup(`${i.name}-logs`, {
            name: gatewayLogGroupName(i.gatewayName),
            retentionInDays: i.logs.retentionInDays ?? DEFAULT_LOG_RETENTION_DAYS,
            kmsKeyId: i.keyArn,
            tags: i.tags,
        }, { parent });
        const source = new aws.cloudwatch.LogDeliverySource(`${i.name}-logs-source`, {
            name: deliverySourceName(i.gatewayName, "logs"),
            logType: GATEWAY_LOG_TYPES.logs,
            resourceArn: i.gatewayArn,
            tags: i.tags,
        }, { parent, dependsOn: previous });
        const destination = new aws.cloudwatch.LogDeliveryDestination(`${i.name}-logs-destination`, {
            name: deliverySourceName(i.gatewayName, "logs"),
            deliveryDestinationType: DESTINATION_TYPES.logs,
            deliveryDestinationConfiguration: { destinationResourceArn: logGroup.arn },
            tags: i.tags,
        }, { parent });
        const delivery = new aws.cloudwatch.LogDelivery(`${i.name}-logs-delivery`, {
            deliverySourceName: source.name,
            deliveryDestinationArn: destination.arn,
            tags: i.tags,
        }, { parent });
        deliveries.push(delivery);
        previous = [delivery];
    }
    if (i.traces) {
        const source = new aws.cloudwatch.LogDeliverySource(`${i.name}-traces-source`, {
            name: deliverySourceName(i.gatewayName, "traces"),
            logType: GATEWAY_LOG_TYPES.traces,
            resourceArn: i.gatewayArn,
            tags: i.tags,
        }, { parent, dependsOn: previous });
        const destination = new aws.cloudwatch.LogDeliveryDestination(`${i.name}-traces-destination`, {
            name: deliverySourceName(i.gatewayName, "traces"),
            deliveryDestinationType: DESTINATION_TYPES.traces,
            tags: i.tags,
        }, { parent });
        deliveries.push(new aws.cloudwatch.LogDelivery(`${i.name}-traces-delivery`, {
            deliverySourceName: source.name,
            deliveryDestinationArn: destination.arn,
            tags: i.tags,
        }, { parent }));
    }
    return { logGroup, deliveries };
}
