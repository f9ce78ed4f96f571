import { trailCoverage } from "../../policypack/policies/observability";
import { ModelResource } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { refOf } from "./refs";
import { ToolCallAudit } from "./types";

/**
 * I14 in the access summary: whether a trail of this stack records the gateway's tool calls
 * (InvokeGateway data events), judged by the same coverage the pack's
 * agentcore-gateway-audit-trail uses. A trail outside the stack cannot be seen from here.
 */
export function toolCallAudit(model: StackModel, gateway: ModelResource): ToolCallAudit {
    const verdicts = model.of("trail").map((t) => ({ trail: t, c: trailCoverage(t, gateway) }));
    const yes = verdicts.filter((v) => v.c.covers === true);
    if (yes.length > 0) return { audited: "yes", trails: yes.map((v) => refOf(v.trail)) };
    const open = verdicts.filter((v) => v.c.covers === "unknown");
    if (open.length > 0) return { audited: "unknown", trails: open.map((v) => refOf(v.trail)), why: open.map((v) => (v.c.covers === "unknown" ? v.c.why : "")).join("; ") };
    return { audited: "no", trails: [], why: verdicts.length === 0 ? "no trail of this stack records InvokeGateway data events" : verdicts.map((v) => `Trail "${v.trail.name}": ${v.c.covers === false ? v.c.why : ""}`).join("; ") };
}
