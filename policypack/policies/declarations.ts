import { readPolicyDocument } from "../../invariants/policyDocument";
import { problem } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { recordAnalyzed } from "../model/analyzed";
import { recordDeclaration } from "../model/declared";
import { objects, str } from "../model/resource";
import { COMPONENT_TYPES, T, declaresResourcePolicy } from "../model/types";
import { ResourcePolicyDef, add, findings } from "./framework";

/** Every type the pack models: custom resources of both providers and our components. */
const MODELED_TYPES: readonly string[] = [...Object.values(T).flat(), COMPONENT_TYPES.hub, COMPONENT_TYPES.grants, COMPONENT_TYPES.jwtAccess];

/**
 * Records the inputs the engine analyzes for every modeled resource (model/analyzed.ts: the stack
 * policies read them where a preview output is unknown only because the provider computes an
 * unset attribute). Reads what our components declare (the templates of the values that embed a new gateway's
 * ARN) while the engine analyzes each component, for the stack policies to check at a first
 * preview; and refuses a declaration that is unreadable, since the checks would rest on it.
 */
export const componentDeclarations: ResourcePolicyDef = {
    name: "agentcore-component-declarations",
    description: "The templates AgentGatewayHub and GatewayConsumerGrants declare are readable (the Cedar and grants checks decide from them at preview); records the analyzed inputs of every modeled resource for the stack checks",
    invariants: ["I7", "I10"],
    types: MODELED_TYPES,
    check: (r) => {
        const out = findings();
        recordAnalyzed(r.urn, r.props);
        if (r.type !== COMPONENT_TYPES.hub && !declaresResourcePolicy(r.type)) return out;
        recordDeclaration(r.urn, r.props);
        if (declaresResourcePolicy(r.type)) {
            const t = str(r.props.resourcePolicyTemplate);
            if (isUnknown(t)) add(out, r, { problems: [], deferred: ["the declared resource policy is unknown (a consumer role ARN is not known yet)"] });
            else if (typeof t === "string" && !readPolicyDocument(t).ok) add(out, r, { problems: [problem("I7", "The declared resource policy is not a readable policy document.", "Declare consumers through grantInvoke.")], deferred: [] });
        } else {
            const templates = objects(r.props.cedarPolicyTemplates);
            if (isUnknown(templates)) {
                add(out, r, { problems: [], deferred: ['the declared Cedar policies ("cedarPolicyTemplates") are unknown, so the Cedar checks cannot read them at preview'] });
                return out;
            }
            const bad = templates.filter((p) => isUnknown(p) || typeof p.name !== "string" || typeof p.statement !== "string").length;
            if (bad > 0) add(out, r, { problems: [problem("I10", `${bad} declared Cedar policies are not known text.`, "Pass Cedar statements as strings or cedarPolicy() builders.")], deferred: [] });
        }
        return out;
    },
};
