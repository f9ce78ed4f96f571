import { checkCedarPolicyAlone } from "../../invariants/cedar/validate";
import { problem } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { cedarPolicyView } from "../model/views";
import { T } from "../model/types";
import { ResourcePolicyDef, describe, findings } from "./framework";

/**
 * I10 and I12 on one Cedar Policy resource, from its own inputs (so `pulumi up` stops it before
 * it is created): it parses as exactly one static statement, is no unconditional permit-all,
 * names a specific gateway when it names tools, carries no leftover placeholder, and keeps
 * AgentCore's size and name limits. Validation against the gateway's tools needs the whole stack
 * and stays in cedar.ts, which skips these checks for a statement known here. A statement wholly
 * unknown here is checked there from the declared template, or named as deferred.
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go:1469 analyzes the inputs after Check;
 * :1477 bails before any step when a mandatory Analyze result came back, at 1b5949891b3c).
 */
export const cedarPolicyResource: ResourcePolicyDef = {
    name: "agentcore-cedar-policy",
    description: "A Cedar policy parses as one static statement, is no unconditional permit-all, names a specific gateway when it names tools, and keeps AgentCore's size and name limits",
    invariants: ["I10", "I12"],
    types: T.cedarPolicy,
    check: (r) => {
        const out = findings();
        const v = cedarPolicyView(r);
        if (isUnknown(v.statement)) return out;
        if (v.statement === undefined) {
            out.problems.push({ urn: r.urn, problem: problem("I10", `${describe(r)} has no statement (definition.cedar.statement or definition.policy.statement).`, "Give the policy one Cedar statement.") });
            return out;
        }
        if (isUnknown(v.name)) out.deferred.push({ urn: r.urn, item: `${describe(r)}: its name is unknown, so the name rule is checked at pulumi up` });
        const name = typeof v.name === "string" ? v.name : r.name;
        const result = checkCedarPolicyAlone({ name, statement: v.statement, language: v.language }, { requireRenderedGatewayArn: true, who: describe(r), at: describe(r), nameKnown: !isUnknown(v.name) });
        for (const p of result.problems) out.problems.push({ urn: r.urn, problem: p });
        // Dogwood clauses cedar-wasm cannot read: named, never passed silently.
        for (const clause of result.unchecked ?? []) {
            out.deferred.push({ urn: r.urn, item: `${describe(r)}: its Dogwood clause \`${clause.slice(0, clause.indexOf("{")).trim()} { … }\` is not checked here (cedar-wasm reads Cedar only); AgentCore validates it at CreatePolicy` });
        }
        return out;
    },
};
