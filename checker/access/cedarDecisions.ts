import { Clause, EntityJson, EntityUidJson, PolicyJson, preparsePolicySet, statefulIsAuthorized } from "@cedar-policy/cedar-wasm/nodejs";
import { CALL_TOOL_ACTION, CEDAR_NAMESPACE, GATEWAY_ENTITY_TYPE, IAM_ENTITY_TYPE, MCP_ACTION } from "../../invariants/cedar/schema";
import { readsContext } from "./cedarPolicyJson";
import { ToolDecision, ToolRef } from "./types";

/**
 * Which tools a caller may call, decided by Cedar's own authorizer for every input at once.
 * A condition on the tool call's input cannot be decided without the input, so each policy is
 * evaluated twice with such conditions fixed: once as favourable to the call as they can be
 * (permits' input conditions hold, forbids' do not) and once as unfavourable. Allowed in the
 * unfavourable case: `allowed` for every input. Allowed only in the favourable case:
 * `conditional`. Denied in both: `denied`. Conditions on the caller stay real Cedar.
 */

export interface NamedPolicy {
    name: string;
    json: PolicyJson;
}

type Bound = "favourable" | "unfavourable";

const ACTION_TYPE = `${CEDAR_NAMESPACE}::Action`;

/** The clause with its input condition fixed to `holds` (an `unless` holds when its body is false). */
function fixed(clause: Clause, holds: boolean): Clause {
    return { kind: clause.kind, body: { Value: clause.kind === "when" ? holds : !holds } };
}

function bounded(policy: PolicyJson, bound: Bound): PolicyJson {
    const holds = (policy.effect === "permit") === (bound === "favourable");
    return { ...policy, conditions: policy.conditions.map((c) => (readsContext(c) ? fixed(c, holds) : c)) };
}

/** Action entities with AgentCore's hierarchy (tool in its target group and CallTool, CallTool in Mcp). */
function actionEntities(tools: readonly ToolRef[]): EntityJson[] {
    const uid = (id: string) => ({ type: ACTION_TYPE, id });
    const targets = [...new Set(tools.map((t) => t.target))];
    return [
        { uid: uid(MCP_ACTION), attrs: {}, parents: [] },
        { uid: uid(CALL_TOOL_ACTION), attrs: {}, parents: [uid(MCP_ACTION)] },
        ...targets.map((t) => ({ uid: uid(t), attrs: {}, parents: [uid(CALL_TOOL_ACTION)] })),
        ...tools.map((t) => ({ uid: uid(t.action), attrs: {}, parents: [uid(t.target), uid(CALL_TOOL_ACTION)] })),
    ];
}

function uidId(uid: EntityUidJson): string {
    return "__entity" in uid ? uid.__entity.id : uid.id;
}

/**
 * Whether a policy's action scope can match this tool: `==` the tool, or `in` the tool, its
 * target group, CallTool or Mcp (AgentCore's hierarchy), or any action. Policies that cannot are
 * left out of the call: they could never be determining, and Cedar would parse each per call.
 */
function mayApply(policy: PolicyJson, tool: ToolRef): boolean {
    const scope = policy.action;
    if (scope.op === "All") return true;
    const ids = "entities" in scope ? scope.entities.map(uidId) : "entity" in scope ? [uidId(scope.entity)] : undefined;
    if (ids === undefined) return true;
    const matches = scope.op === "==" ? [tool.action] : [tool.action, tool.target, CALL_TOOL_ACTION, MCP_ACTION];
    return ids.some((id) => matches.includes(id));
}

interface Answer {
    allow: boolean;
    reasons: string[];
}

/**
 * The policy set Cedar decides one tool with, in one bound, parsed once (`preparsePolicySet`)
 * and reused for every caller: the set depends on the policies, the tool and the bound only,
 * and parsing it per caller made the access summary callers x tools x policies (issue 13).
 * Kept per policy list (one per gateway's summary), so a new list never sees a stale set.
 */
const preparsed = new WeakMap<readonly NamedPolicy[], Map<string, string>>();
let preparsedCount = 0;

function policySetId(policies: readonly NamedPolicy[], bound: Bound, tool: ToolRef): string {
    let sets = preparsed.get(policies);
    if (sets === undefined) preparsed.set(policies, (sets = new Map()));
    const key = `${bound}\u0000${tool.action}\u0000${tool.target}`;
    const existing = sets.get(key);
    if (existing !== undefined) return existing;
    const id = `agentcore-hub-access-${preparsedCount++}`;
    const staticPolicies = Object.fromEntries(policies.filter((p) => mayApply(p.json, tool)).map((p) => [p.name, bounded(p.json, bound)]));
    const parsed = preparsePolicySet(id, { staticPolicies });
    if (parsed.type === "failure") throw new Error(`Cedar could not parse the policies for ${tool.action}: ${parsed.errors.map((e) => e.message).join("; ")}`);
    sets.set(key, id);
    return id;
}

function authorize(policies: readonly NamedPolicy[], bound: Bound, principalId: string, tool: ToolRef, gatewayArn: string, tools: readonly ToolRef[]): Answer {
    const principal = { type: `${CEDAR_NAMESPACE}::${IAM_ENTITY_TYPE}`, id: principalId };
    const resource = { type: `${CEDAR_NAMESPACE}::${GATEWAY_ENTITY_TYPE}`, id: gatewayArn };
    const answer = statefulIsAuthorized({
        principal,
        action: { type: ACTION_TYPE, id: tool.action },
        resource,
        // Every condition that reads the context is fixed above, so the input is never read.
        context: {},
        validateRequest: false,
        preparsedPolicySetId: policySetId(policies, bound, tool),
        // Only the requested tool's own hierarchy: `action in ...` reads the request action's
        // ancestors and nothing else, and every other tool entity would be parsed per call.
        entities: [{ uid: principal, attrs: { id: principalId }, parents: [] }, { uid: resource, attrs: {}, parents: [] }, ...actionEntities(tools.filter((t) => t.action === tool.action))],
    });
    if (answer.type === "failure") throw new Error(`Cedar could not evaluate ${tool.action} for ${principalId}: ${answer.errors.map((e) => e.message).join("; ")}`);
    return { allow: answer.response.decision === "allow", reasons: answer.response.diagnostics.reason };
}

export function decideTool(policies: readonly NamedPolicy[], principalId: string, tool: ToolRef, gatewayArn: string, tools: readonly ToolRef[]): { decision: ToolDecision; policies: string[] } {
    const worst = authorize(policies, "unfavourable", principalId, tool, gatewayArn, tools);
    if (worst.allow) return { decision: "allowed", policies: worst.reasons };
    const best = authorize(policies, "favourable", principalId, tool, gatewayArn, tools);
    // Denied in the unfavourable case by a forbid: that forbid may fire, so name it with the permits.
    if (best.allow) return { decision: "conditional", policies: [...best.reasons, ...worst.reasons] };
    return { decision: "denied", policies: best.reasons };
}
