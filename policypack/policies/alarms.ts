import { REQUIRED_GATEWAY_ALARM_METRICS, alarmWatches } from "../../invariants/gatewayAlarms";
import { AGENTCORE_METRICS_NAMESPACE } from "../../invariants/gatewayMetrics";
import { PRODUCTION_SETTING } from "../../invariants/production";
import { problem } from "../../invariants/problems";
import { alarmWatch } from "../model/alarms";
import { gatewayArnOf } from "../model/relations";
import { AreaPolicy, describe, findings } from "./framework";

/**
 * I14: every production gateway has alarms on its SystemErrors and Throttles, among the stack's
 * CloudWatch alarms (either provider), unless the pack's config says they live elsewhere.
 * One finding per gateway: a violation naming the metrics no alarm watches, or a deferral
 * naming the alarms that are not decidable yet.
 */
export const gatewayAlarms: AreaPolicy = {
    name: "agentcore-gateway-alarms",
    description: `Every gateway in a production stack has CloudWatch alarms on its ${REQUIRED_GATEWAY_ALARM_METRICS.join(" and ")} (namespace ${AGENTCORE_METRICS_NAMESPACE}, Resource dimension = the gateway's ARN), unless the pack's config says they are managed outside the stack`,
    invariants: ["I14"],
    check: (model, config) => {
        const out = findings();
        if (!config.production || config.alarmsOutsideStack) return out;
        const alarms = model.of("metricAlarm");
        for (const gateway of model.of("gateway")) {
            const label = describe(gateway);
            const arn = gatewayArnOf(gateway);
            const missing: string[] = [];
            const pending: string[] = [];
            for (const metric of REQUIRED_GATEWAY_ALARM_METRICS) {
                const verdicts = alarms.map((a) => ({ alarm: a, v: alarmWatches(alarmWatch(a, gateway), metric, arn) }));
                if (verdicts.some((x) => x.v.watches === true)) continue;
                const open = verdicts.filter((x) => x.v.watches === "unknown");
                if (open.length > 0) pending.push(`${metric}: ${open.map((x) => `${describe(x.alarm)} (${x.v.watches === "unknown" ? x.v.why : ""})`).join(", ")}`);
                else missing.push(metric);
            }
            if (missing.length > 0) {
                out.problems.push({
                    urn: gateway.urn,
                    problem: problem("I14", `${label}: no CloudWatch alarm of the stack watches its ${missing.join(" or ")} (namespace ${AGENTCORE_METRICS_NAMESPACE}, dimension Resource = the gateway's ARN) in a production stack: nobody would learn that it fails or turns callers away.`, `Add a MetricAlarm per metric on the gateway's ARN (AgentGatewayHub's alarms do by default; a topic is optional); if its alarms are managed elsewhere, set the pack config "alarmsOutsideStack": true; or mark the stack non-production (${PRODUCTION_SETTING} = false, pack config "production": false).`),
                });
            } else if (pending.length > 0) {
                out.deferred.push({ urn: gateway.urn, item: `${label}: whether it has alarms on ${pending.join("; ")}; checked at pulumi up` });
            }
        }
        return out;
    },
};
