import { checkSpokePermissions, checkSpokeTrustPolicy, grantsInvokeGateway } from "../../invariants/documents/spokeCaller";
import { isUnknown } from "../../invariants/unknown";
import { ModelResource } from "../model/resource";
import { kindOf } from "../model/types";
import { gatewayRoles } from "../model/relations";
import { rolePermissions } from "../model/rolePermissions";
import { roleView } from "../model/views";
import { AreaPolicy, add, describe, findings } from "./framework";
import { externalPolicyProblem, notDecidedAlone, partLabel } from "./gatewayRoleAlone";
import { callerDecidedAlone } from "./spokeCallerAlone";

/** I8: a role allowed to invoke a gateway invokes only named hub gateways and is assumable only by its declared principals. */
export const spokeCallerRoles: AreaPolicy = {
    name: "agentcore-spoke-caller-roles",
    description: "A role that may invoke AgentCore gateways may invoke only the exact hub gateway ARNs, nothing else, and is assumable only by its declared principals",
    invariants: ["I8"],
    check: (model) => {
        const out = findings();
        const gatewayRoleSet = new Set<ModelResource>(model.of("gateway").flatMap((g) => gatewayRoles(model, g)));
        for (const role of model.of("role")) {
            if (gatewayRoleSet.has(role)) continue;
            const permissions = rolePermissions(model, role);
            const docs = permissions.documents;
            // A document still unknown because it embeds a gateway's ARN belongs to a caller too.
            const fromGateway = (d: (typeof docs)[number]) => isUnknown(d.document) && d.provenance.some((t) => kindOf(t) === "gateway");
            if (!docs.some((d) => grantsInvokeGateway(d.document) || fromGateway(d))) continue;
            // What agentcore-spoke-caller-alone already reported on the role itself is not repeated.
            const decided = callerDecidedAlone(role);
            add(out, role, notDecidedAlone(decided, partLabel({ kind: "trust" }), checkSpokeTrustPolicy(roleView(role).trust)), `${describe(role)} (gateway caller)`);
            for (const d of docs) {
                const result = checkSpokePermissions(d.document, { unknownProvenance: d.provenance });
                add(out, d.holder, d.holder === role ? notDecidedAlone(decided, d.label, result) : result, `${describe(d.holder)} (${d.label} of gateway caller ${describe(role)})`);
            }
            // A caller role may hold nothing but InvokeGateway on named gateways: a policy we cannot read fails closed.
            for (const ext of permissions.external) {
                const result = { problems: [externalPolicyProblem("I8", ext.arn, ext.awsManaged)], deferred: [] };
                add(out, ext.holder, ext.holder === role ? notDecidedAlone(decided, partLabel({ kind: "managedArn", arn: ext.arn }), result) : result, `${describe(ext.holder)} (of gateway caller ${describe(role)})`);
            }
            for (const u of permissions.undecided) out.deferred.push({ urn: u.holder.urn, item: `${u.item} (of gateway caller ${describe(role)})` });
        }
        return out;
    },
};
