import { checkAlarmArgs } from "../../invariants/gatewayMetrics";
import { checkLogRetention, checkObservabilityOptOuts } from "../../invariants/observability";
import { Problem } from "../../invariants/problems";
import { AgentGatewayHubArgs } from "./args";
import { checkAuditTrailArgs } from "./auditTrail";

/** I14: the hub's logs, traces, audit trail and alarms arguments, checked before anything is registered. */
export function validateObservabilityArgs(args: AgentGatewayHubArgs, production: boolean): Problem[] {
    const out: (Problem | undefined)[] = [...checkObservabilityOptOuts(args, production)];
    if (args.logs !== undefined && args.logs !== false) out.push(checkLogRetention(args.logs.retentionInDays));
    out.push(...checkAuditTrailArgs(args.auditTrail, args.gatewayName ?? ""));
    if (args.alarms !== undefined && args.alarms !== false) out.push(...checkAlarmArgs(args.alarms));
    return out.filter((p): p is Problem => p !== undefined);
}
