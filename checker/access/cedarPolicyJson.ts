import { Clause, EntityUidJson, PatternElem, PolicyJson, TypeAndId } from "@cedar-policy/cedar-wasm/nodejs";
import { policyToJson } from "../../invariants/cedar/cached";

/**
 * Reading a Cedar policy's JSON form (Cedar's own parser) for the access summary: which tools
 * and callers it names, and which of its conditions read the tool call's input.
 */

export function parsePolicy(statement: string): PolicyJson | string {
    const answer = policyToJson(statement);
    return answer.type === "success" ? answer.json : answer.errors.map((e) => e.message).join("; ");
}

export function uidOf(uid: EntityUidJson): TypeAndId {
    return "__entity" in uid ? uid.__entity : uid;
}

type JsonNode = { [key: string]: unknown };

function isNode(value: unknown): value is JsonNode {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Visits every object of a condition's expression tree. */
function walk(value: unknown, visit: (node: JsonNode) => void): void {
    if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
    else if (isNode(value)) {
        visit(value);
        Object.values(value).forEach((v) => walk(v, visit));
    }
}

/** True when the clause reads `context` (for AgentCore: the tool call's input). */
export function readsContext(clause: Clause): boolean {
    let found = false;
    walk(clause.body, (node) => {
        if (node.Var === "context") found = true;
    });
    return found;
}

function isPrincipalId(node: unknown): boolean {
    if (!isNode(node) || !isNode(node["."])) return false;
    const dot = node["."];
    return isNode(dot.left) && dot.left.Var === "principal" && dot.attr === "id";
}

function patternText(pattern: PatternElem[]): string {
    return pattern.map((p) => (p === "Wildcard" ? "*" : p.Literal)).join("");
}

/** Caller ARNs and patterns the policy compares `principal.id` with, and a principal named in its scope. */
export function namedPrincipals(policy: PolicyJson): string[] {
    const out: string[] = [];
    if (policy.principal.op === "==" && "entity" in policy.principal) out.push(uidOf(policy.principal.entity).id);
    for (const clause of policy.conditions) {
        walk(clause.body, (node) => {
            const eq = node["=="];
            if (isNode(eq) && isPrincipalId(eq.left) && isNode(eq.right) && typeof eq.right.Value === "string") out.push(eq.right.Value);
            const like = node.like;
            if (isNode(like) && isPrincipalId(like.left) && Array.isArray(like.pattern)) out.push(patternText(like.pattern as PatternElem[]));
        });
    }
    return [...new Set(out)];
}

/** Action ids the scope names (tools or groups); `*` for every action. */
export function namedActions(policy: PolicyJson): string[] {
    const action = policy.action;
    if (action.op === "All") return ["*"];
    if ("entities" in action) return action.entities.map((u) => uidOf(u).id);
    return "entity" in action ? [uidOf(action.entity).id] : [];
}
