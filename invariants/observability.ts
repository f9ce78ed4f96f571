import { AccountScope, logGroupArn } from "./arns";
import { PRODUCTION_SETTING } from "./production";
import { Problem, problem } from "./problems";

/**
 * I14: a production gateway is observable and audited. What AgentCore documents
 * (docs/aws-facts.md §16): a gateway vends `APPLICATION_LOGS` and `TRACES` through CloudWatch
 * Logs' delivery API (a delivery source on the gateway's ARN, a destination, a delivery), and
 * its tool calls are CloudTrail *data* events (`resources.type` `AWS::BedrockAgentCore::Gateway`,
 * `eventName` `InvokeGateway`) that a trail records only when an advanced event selector asks
 * for them. The components create all three by default; the pack flags a production gateway
 * without them, whoever wrote the program.
 */

/** The log types a gateway vends, as `logType` of a delivery source. */
export const GATEWAY_LOG_TYPES = { logs: "APPLICATION_LOGS", traces: "TRACES" } as const;

/** Delivery destination types: CloudWatch Logs for the application logs, X-Ray for the traces. */
export const DESTINATION_TYPES = { logs: "CWL", traces: "XRAY" } as const;

/** The CloudTrail resource type and event name of a gateway's data events. */
export const GATEWAY_DATA_EVENT = { resourceType: "AWS::BedrockAgentCore::Gateway", eventName: "InvokeGateway", eventSource: "bedrock-agentcore.amazonaws.com" } as const;

/**
 * Retention values CloudWatch Logs accepts (PutRetentionPolicy). Read from the installed SDK
 * declarations (`@pulumi/aws-native/logs/logGroup.d.ts` `retentionInDays`; the bridged
 * `@pulumi/aws/cloudwatch/logGroup.d.ts` adds 0 = never expire, which the hub refuses: a log
 * group it owns always has a retention); tests/invariants/observability.test.ts re-reads both.
 */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** One year: long enough for an annual audit, the cost stays bounded (README "Observability and audit"). */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/**
 * The log group name for a gateway's vended application logs: the `/aws/vendedlogs/` prefix
 * CloudWatch Logs uses for vended logs, then the shape AgentCore's examples use (assumed, see
 * docs/aws-facts.md §16(b)).
 */
export function gatewayLogGroupName(gatewayName: string): string {
    return `/aws/vendedlogs/bedrock-agentcore/gateway/APPLICATION_LOGS/${gatewayName}`;
}

/**
 * The log group's ARN built from its name, as CloudWatch Logs puts it in the encryption context
 * (`kms:EncryptionContext:aws:logs:arn`): the hub's key policy admits Logs for exactly this group,
 * known at a first preview.
 */
export function gatewayLogGroupArn(scope: AccountScope, gatewayName: string): string {
    return logGroupArn(scope, gatewayLogGroupName(gatewayName));
}

/** Delivery source names are unique per account and Region: one per gateway and log type. */
export function deliverySourceName(gatewayName: string, kind: keyof typeof GATEWAY_LOG_TYPES): string {
    return `${gatewayName}-${kind}`;
}

export function checkLogRetention(value: unknown, at = "logs.retentionInDays"): Problem | undefined {
    if (value === undefined) return undefined;
    if (typeof value === "number" && (LOG_RETENTION_DAYS as readonly number[]).includes(value)) return undefined;
    return problem(
        "I14",
        `${at} = ${JSON.stringify(value) ?? String(value)} is not a retention CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")} days).`,
        `Pick one of those values (the default is ${DEFAULT_LOG_RETENTION_DAYS}); the hub's log group always expires its events.`,
    );
}

/** The hub's observability arguments, as the shared check reads them. */
export interface ObservabilityArgs {
    logs?: false | { retentionInDays?: number };
    traces?: false;
    auditTrail?: false | { create: { bucketName?: string } } | { organizationTrail: true };
    alarms?: false | object;
}

/** I14 on the component side: every opt-out is refused in a production stack, each naming the argument. */
export function checkObservabilityOptOuts(args: ObservabilityArgs, production: boolean): Problem[] {
    if (!production) return [];
    const out: Problem[] = [];
    const refuse = (arg: string, lost: string) =>
        out.push(problem("I14", `${arg} = false in a production stack: ${lost}.`, `Remove ${arg} (on by default), or set the stack non-production: pulumi config set ${PRODUCTION_SETTING} false.`));
    if (args.logs === false) refuse("logs", "the gateway's application logs (requests, target errors, authorization failures) would not be kept");
    if (args.traces === false) refuse("traces", "no trace of a tool call through the gateway, its targets and the policy engine would reach X-Ray");
    if (args.auditTrail === false) refuse("auditTrail", "CloudTrail would not record who invoked which tool (InvokeGateway data events)");
    if (args.alarms === false) refuse("alarms", "no CloudWatch alarm would go off when the gateway throttles, fails or slows down, or the policy engine's denials spike");
    return out;
}
