import { checkSpokePermissions, checkSpokeTrustPolicy, grantsInvokeGateway } from "../../invariants/documents/spokeCaller";
import { containsUnknown, isUnknown } from "../../invariants/unknown";
import { ModelResource } from "../model/resource";
import { isAwsManagedPolicyArn } from "../model/rolePermissions";
import { T } from "../model/types";
import { roleView } from "../model/views";
import { Findings, ResourcePolicyDef, add, describe, findings } from "./framework";
import { PartProblem, RolePart, externalPolicyProblem, partLabel, problemKey } from "./gatewayRoleAlone";

/**
 * What a gateway caller role shows on its own, decided during `Analyze` so that at `pulumi up` a
 * violation stops the role before it exists (stack policies run only after every step). A role
 * whose own inline policies grant `bedrock-agentcore:InvokeGateway` is a caller (I8): its trust,
 * its fully known inline policies and AWS-managed policies in its managedPolicyArns need no
 * other resource. A document with an unknown leaf (the hub gateway's ARN at a first preview) is
 * left to agentcore-spoke-caller-roles, which follows where the unknown comes from.
 */

/** A role whose own, readable inline policies grant InvokeGateway. */
function isCaller(r: ModelResource): boolean {
    const inline = roleView(r).inline;
    return !isUnknown(inline) && inline.some((p) => grantsInvokeGateway(p.document));
}

export function spokeCallerAloneProblems(r: ModelResource): PartProblem[] {
    const view = roleView(r);
    const out: PartProblem[] = checkSpokeTrustPolicy(view.trust).problems.map((problem) => ({ part: { kind: "trust" }, problem }));
    if (!isUnknown(view.inline)) {
        for (const p of view.inline) {
            if (p.document === undefined || containsUnknown(p.document)) continue;
            const part: RolePart = { kind: "inline", name: isUnknown(p.name) ? "<unknown name>" : p.name };
            out.push(...checkSpokePermissions(p.document).problems.map((problem) => ({ part, problem })));
        }
    }
    if (!isUnknown(view.managedPolicyArns)) {
        for (const arn of view.managedPolicyArns) if (!isUnknown(arn) && isAwsManagedPolicyArn(arn)) out.push({ part: { kind: "managedArn", arn }, problem: externalPolicyProblem("I8", arn, true) });
    }
    return out;
}

/** Keys of the problems this resource policy reported on `r` from the inputs Analyze saw (empty without that record). */
export function callerDecidedAlone(r: ModelResource): Set<string> {
    const analyzed = r.inputs === undefined ? undefined : { ...r, props: r.inputs };
    if (!analyzed || !isCaller(analyzed)) return new Set();
    return new Set(spokeCallerAloneProblems(analyzed).map((x) => problemKey(partLabel(x.part), x.problem)));
}

/** I8 on one role alone (Analyze). */
export const spokeCallerAlone: ResourcePolicyDef = {
    name: "agentcore-spoke-caller-alone",
    description: "A role whose own policies grant bedrock-agentcore:InvokeGateway (a gateway caller) invokes only exact gateway ARNs, nothing else, is assumable only by declared principals, and carries no AWS-managed policy; decided on the role alone, so `pulumi up` stops it before it is created",
    invariants: ["I8"],
    types: T.role,
    check: (r) => {
        const out: Findings = findings();
        if (!isCaller(r)) return out;
        for (const { part, problem } of spokeCallerAloneProblems(r)) {
            add(out, r, { problems: [problem], deferred: [] }, `${describe(r)} (${partLabel(part)}; the role may invoke gateways: a gateway caller)`);
        }
        return out;
    },
};
