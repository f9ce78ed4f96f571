import { Coverage, GatewayEvent, selectorCovers } from "../../invariants/auditSelector";
import { GATEWAY_LOG_TYPES } from "../../invariants/observability";
import { PRODUCTION_SETTING } from "../../invariants/production";
import { problem } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { unknownReason } from "../model/propertyValue";
import { ModelResource } from "../model/resource";
import { StackModel } from "../model/stack";
import { gatewayArnOf } from "../model/relations";
import { deliveriesFrom, deliverySourceView, deliverySourcesOf, trailLogging, trailSelectors, unplacedDeliverySources } from "../model/observability";
import { AreaPolicy, Findings, describe, findings } from "./framework";

const NON_PRODUCTION = `or mark the stack non-production (${PRODUCTION_SETTING} = false, pack config "production": false)`;

/** One log type of one gateway: delivered, missing, or not decidable yet (by name). */
function checkDelivery(model: StackModel, gateway: ModelResource, kind: keyof typeof GATEWAY_LOG_TYPES, out: Findings): void {
    const logType = GATEWAY_LOG_TYPES[kind];
    const label = describe(gateway);
    const sources = deliverySourcesOf(model, gateway).filter((s) => {
        const t = deliverySourceView(s).logType;
        return t === logType || isUnknown(t);
    });
    const delivered = sources.filter((s) => deliverySourceView(s).logType === logType && deliveriesFrom(model, s).length > 0);
    if (delivered.length > 0) return;
    const pending = [...sources.filter((s) => isUnknown(deliverySourceView(s).logType)), ...unplacedDeliverySources(model)];
    if (pending.length > 0) {
        out.deferred.push({ urn: gateway.urn, item: `${label}: whether its ${logType} are delivered depends on ${pending.map((s) => `${describe(s)} (${unknownReason(s, isUnknown(deliverySourceView(s).logType) ? "logType" : "resourceArn")})`).join(", ")}; checked at pulumi up` });
        return;
    }
    const undelivered = sources.filter((s) => deliverySourceView(s).logType === logType);
    const what = undelivered.length > 0
        ? `its ${logType} delivery source ${undelivered.map(describe).join(", ")} has no delivery (no LogDelivery names it as deliverySourceName)`
        : `no delivery source of the stack sends its ${logType} (a LogDeliverySource with logType ${logType} and resourceArn = the gateway's ARN)`;
    const to = kind === "logs" ? "a CloudWatch log group (or S3, Firehose)" : "X-Ray (deliveryDestinationType XRAY)";
    out.problems.push({
        urn: gateway.urn,
        problem: problem("I14", `${label}: ${what}, in a production stack: ${kind === "logs" ? "requests, target errors and authorization failures" : "the path of each tool call"} would not be recorded.`, `Deliver them to ${to}: a LogDeliverySource (logType ${logType}, resourceArn the gateway's ARN), a LogDeliveryDestination and a LogDelivery pairing them (AgentGatewayHub does by default), ${NON_PRODUCTION}.`),
    });
}

/** I14: every production gateway delivers both its APPLICATION_LOGS and its TRACES. */
export const gatewayLogDeliveries: AreaPolicy = {
    name: "agentcore-gateway-log-deliveries",
    description: "Every gateway in a production stack delivers its vended APPLICATION_LOGS and TRACES (delivery source on the gateway, a delivery to a destination)",
    invariants: ["I14"],
    check: (model, config) => {
        const out = findings();
        if (!config.production) return out;
        for (const gateway of model.of("gateway")) {
            checkDelivery(model, gateway, "logs", out);
            checkDelivery(model, gateway, "traces", out);
        }
        return out;
    },
};

/** Whether one trail records the gateway's tool calls (also read by the checker's access summary). */
export function trailCoverage(trail: ModelResource, gateway: ModelResource): Coverage {
    const logging = trailLogging(trail);
    if (logging === false) return { covers: false, why: "its logging is off" };
    const selectors = trailSelectors(trail);
    if (isUnknown(selectors)) return { covers: "unknown", why: unknownReason(trail, "advancedEventSelectors") };
    if (selectors.length === 0) return { covers: false, why: "it has no advanced event selectors (AgentCore's data events need them; basic event selectors cannot select them)" };
    const event: GatewayEvent = { arn: gatewayArnOf(gateway), selectorsDeriveFromGateway: (trail.propertyDependencies["advancedEventSelectors"] ?? []).includes(gateway.urn) };
    const results = selectors.map((s) => selectorCovers(s, event));
    const found = results.find((r) => r.covers === true);
    if (found) return isUnknown(logging) ? { covers: "unknown", why: unknownReason(trail, "enableLogging") } : found;
    const unknown = results.find((r): r is { covers: "unknown"; why: string } => r.covers === "unknown");
    if (unknown) return unknown;
    return { covers: false, why: results.map((r) => (r.covers === false ? r.why : "")).filter(Boolean).join("; ") };
}

/** I14: every production gateway's InvokeGateway data events are recorded by a trail of the stack. */
export const gatewayAuditTrail: AreaPolicy = {
    name: "agentcore-gateway-audit-trail",
    description: "Every gateway in a production stack has its tool calls (InvokeGateway data events) recorded by a CloudTrail trail whose advanced event selectors cover it, unless the pack's config says an organization trail outside the stack does",
    invariants: ["I14"],
    check: (model, config) => {
        const out = findings();
        if (!config.production || config.auditTrailOutsideStack) return out;
        for (const gateway of model.of("gateway")) {
            const label = describe(gateway);
            const verdicts = model.of("trail").map((t) => ({ trail: t, c: trailCoverage(t, gateway) }));
            if (verdicts.some((v) => v.c.covers === true)) continue;
            const open = verdicts.filter((v) => v.c.covers === "unknown");
            if (open.length > 0) {
                out.deferred.push({ urn: gateway.urn, item: `${label}: whether ${open.map((v) => `${describe(v.trail)} records its tool calls (${v.c.covers === "unknown" ? v.c.why : ""})`).join(", ")} is checked at pulumi up` });
                continue;
            }
            const why = verdicts.length === 0 ? "the stack has no CloudTrail trail" : verdicts.map((v) => `${describe(v.trail)} does not record them: ${v.c.covers === false ? v.c.why : ""}`).join("; ");
            out.problems.push({
                urn: gateway.urn,
                problem: problem("I14", `${label}: no trail records its tool calls (CloudTrail data events with resources.type AWS::BedrockAgentCore::Gateway, eventName InvokeGateway) in a production stack: ${why}.`, `Add an advanced event selector { eventCategory = Data, resources.type = AWS::BedrockAgentCore::Gateway, resources.ARN = the gateway's ARN } to a trail (AgentGatewayHub's auditTrail does by default); if an organization trail outside this stack records them, set the pack config "auditTrailOutsideStack": true; ${NON_PRODUCTION}.`),
            });
        }
        return out;
    },
};
