import * as pulumi from "@pulumi/pulumi";
import { AccountScope } from "../../invariants/arns";
import { AuditEventSelector, gatewayAuditSelector } from "../../invariants/auditSelector";
import { createGatewayAlarms } from "./alarms";
import { AgentGatewayHubArgs } from "./args";
import { createAuditTrail } from "./auditTrail";
import { createGatewayObservability } from "./observability";

/** What the hub exports about its logs, traces, audit trail and alarms. */
export interface HubObservability {
    /** Undefined with `logs: false`. */
    logGroupName?: pulumi.Output<string>;
    /** Undefined unless the hub creates the trail (`auditTrail: { create }`, the default). */
    auditTrailArn?: pulumi.Output<string>;
    /** The advanced event selector recording this gateway's tool calls: add it to an organization trail. */
    auditSelector: pulumi.Output<AuditEventSelector>;
    alarmNames: pulumi.Output<string>[];
}

export interface HubObservabilityInputs {
    name: string;
    args: AgentGatewayHubArgs;
    gateway: pulumi.Resource;
    gatewayArn: pulumi.Output<string>;
    policyEngineArn: pulumi.Output<string>;
    scope: pulumi.Output<AccountScope>;
    /** The key the hub resolved (args.kmsKeyArn, checked against its account and Region). */
    keyArn?: pulumi.Input<string>;
}

/** I14: the hub's observability children, created after the gateway (they name its ARN). */
export function createHubObservability(i: HubObservabilityInputs, parent: pulumi.Resource): HubObservability {
    const { args } = i;
    const observed = createGatewayObservability({
        name: i.name,
        gatewayName: args.gatewayName,
        gatewayArn: i.gatewayArn,
        logs: args.logs ?? {},
        traces: args.traces !== false,
        keyArn: i.keyArn,
        tags: args.tags,
    }, parent, [i.gateway]);
    const audit = args.auditTrail ?? { create: {} };
    const trail = audit !== false && "create" in audit
        ? createAuditTrail({ name: i.name, gatewayName: args.gatewayName, gatewayArn: i.gatewayArn, scope: i.scope, bucketName: audit.create.bucketName, tags: args.tags }, parent).trail
        : undefined;
    // On by default (I14): `alarms: false` is refused in production by checkObservabilityOptOuts.
    const alarms = args.alarms !== false ? createGatewayAlarms(i.name, args.gatewayName, args.alarms ?? {}, { gateway: i.gatewayArn, policyEngine: i.policyEngineArn }, parent, args.tags) : [];
    return {
        logGroupName: observed.logGroup?.name,
        auditTrailArn: trail?.arn,
        auditSelector: i.gatewayArn.apply((arn) => gatewayAuditSelector(arn)),
        alarmNames: alarms.map((a) => a.name),
    };
}
