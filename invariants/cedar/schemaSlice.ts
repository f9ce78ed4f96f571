import type { ActionType, NamespaceDefinition, PolicyJson, Schema } from "@cedar-policy/cedar-wasm/nodejs";
import { entityReferences } from "./entityReferences";
import { CEDAR_NAMESPACE } from "./schema";

/**
 * The part of a Cedar schema a policy's validation reads, when the policy names its actions.
 *
 * Cedar's strict validator type-checks a policy once per request environment its scope admits
 * (principal type x action x resource type, from the actions' `appliesTo`), and resolves every
 * entity literal against the schema. For a scope `action == A` / `action in A` / `action in
 * [A, ...]` those environments are the named actions and the actions under them, so the answer
 * depends on: those actions, every action the policy names anywhere (a literal in a condition
 * must be declared), the groups above all of them (`memberOf` must resolve), and the entity and
 * common types, which are all kept. Measured with the L bench's 452 actions: a policy that names
 * an action costs Cedar 2-3 ms against the whole schema and 0.1 ms against its slice, so the
 * engine-wide validation of 200 policies falls from about 1 s to under 0.1 s per process.
 *
 * `undefined` where no slice applies and the whole schema is used: an unconstrained action
 * scope (every action is an environment; Cedar is fast there), an action Cedar would not find
 * in this namespace, a schema other than one `AgentCore` namespace, or a `memberOf` naming
 * another entity type. validatePolicies (validateSliced.ts) also re-validates against the whole
 * schema any policy whose slice reports a finding, so every message reported comes from the
 * whole schema.
 */

type Actions = Record<string, ActionType<string>>;

const ACTION_TYPE = `${CEDAR_NAMESPACE}::Action`;

/** The actions of `schema` when it is one AgentCore namespace whose groups are all actions of it. */
function sliceableActions(schema: Schema): Actions | undefined {
    if (typeof schema === "string" || Object.keys(schema).length !== 1) return undefined;
    const namespace = (schema as Record<string, { actions?: Actions } | undefined>)[CEDAR_NAMESPACE];
    const actions = namespace?.actions;
    if (actions === undefined) return undefined;
    for (const action of Object.values(actions)) {
        if ((action.memberOf ?? []).some((m) => m.type !== undefined && m.type !== ACTION_TYPE && m.type !== "Action")) return undefined;
    }
    return actions;
}

/** For each action, the actions declared directly under it (the reverse of `memberOf`). */
const childrenCache = new WeakMap<Actions, Map<string, string[]>>();
function childrenOf(actions: Actions): Map<string, string[]> {
    const cached = childrenCache.get(actions);
    if (cached !== undefined) return cached;
    const children = new Map<string, string[]>();
    for (const [id, action] of Object.entries(actions)) {
        for (const group of action.memberOf ?? []) {
            const list = children.get(group.id) ?? [];
            list.push(id);
            children.set(group.id, list);
        }
    }
    childrenCache.set(actions, children);
    return children;
}

/** The named actions with every action under them, then every group above any of those. */
function closure(actions: Actions, named: readonly string[]): Set<string> {
    const children = childrenOf(actions);
    const kept = new Set<string>();
    const down = [...named];
    while (down.length > 0) {
        const id = down.pop() as string;
        if (kept.has(id)) continue;
        kept.add(id);
        down.push(...(children.get(id) ?? []));
    }
    const up = [...kept];
    while (up.length > 0) {
        for (const group of actions[up.pop() as string]?.memberOf ?? []) {
            if (kept.has(group.id)) continue;
            kept.add(group.id);
            up.push(group.id);
        }
    }
    return kept;
}

/** The action ids a slice of `schema` for `policy` keeps, in schema order; undefined when the whole schema is needed. */
export function sliceActionIds(schema: Schema, policy: PolicyJson): string[] | undefined {
    if (policy.action.op === "All") return undefined;
    const actions = sliceableActions(schema);
    if (actions === undefined) return undefined;
    const named: string[] = [];
    for (const { type, id } of entityReferences(policy)) {
        // Another spelling of an action type (`Action::"x"`, another namespace) is Cedar's to resolve.
        if (type !== ACTION_TYPE && /(^|::)Action$/.test(type)) return undefined;
        if (type !== ACTION_TYPE) continue;
        if (!Object.prototype.hasOwnProperty.call(actions, id)) return undefined;
        named.push(id);
    }
    if (named.length === 0) return undefined;
    const kept = closure(actions, named);
    return Object.keys(actions).filter((id) => kept.has(id));
}

/** The action ids of a sliceable schema in declaration order ([] for another schema). */
export function declaredActionOrder(schema: Schema): string[] {
    return Object.keys(sliceableActions(schema) ?? {});
}

/** `schema` with only the actions `ids` (entity types, common types and annotations as they are). */
export function sliceSchema(schema: Schema, ids: readonly string[]): Schema {
    const namespace = (schema as Record<string, NamespaceDefinition<string>>)[CEDAR_NAMESPACE];
    const actions: Actions = {};
    for (const id of ids) actions[id] = namespace.actions[id];
    const sliced: Record<string, NamespaceDefinition<string>> = { [CEDAR_NAMESPACE]: { ...namespace, actions } };
    return sliced;
}
