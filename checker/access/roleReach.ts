import { parseArn } from "../../invariants/arns";
import { readPolicyDocument } from "../../invariants/policyDocument";
import { isUnknown } from "../../invariants/unknown";
import { PermissionDocument, rolePermissionDocuments } from "../../policypack/model/relations";
import { ModelResource, str } from "../../policypack/model/resource";
import { AccessContext } from "./context";
import { describe, refOf } from "./refs";
import { UNKNOWN_TEXT, known } from "./statements";
import { RoleReach } from "./types";

/** The resources an unknown leaf of the document may come from, for "unknown until pulumi up (from …)". */
function origins(ctx: AccessContext, doc: PermissionDocument): string {
    const urns = [...new Set(Object.values(doc.holder.propertyDependencies).flat())];
    const names = urns.flatMap((u) => {
        const r = ctx.model.get(u);
        return r ? [describe(r)] : [];
    });
    return names.length > 0 ? ` (derives from ${names.join(", ")})` : "";
}

/** What a role's permission documents allow, sorted by kind of resource. */
export function roleReach(ctx: AccessContext, role: ModelResource): RoleReach {
    const arn = str(role.props.arn);
    const reach: RoleReach = { role: refOf(role), lambdaFunctions: [], apiMethods: [], policyEngine: [], kmsKeys: [], other: [], unknown: [] };
    if (typeof arn === "string") reach.arn = arn;
    for (const doc of rolePermissionDocuments(ctx.model, role)) {
        const parsed = readPolicyDocument(doc.document);
        if (!parsed.ok) {
            reach.unknown.push(`${doc.label}: ${parsed.unknown ? UNKNOWN_TEXT : parsed.error}${origins(ctx, doc)}`);
            continue;
        }
        for (const s of parsed.statements) {
            if (s.effect !== "Allow") continue;
            const actions = (s.actions ?? []).map(known).join(", ");
            for (const resource of s.resources ?? []) {
                if (isUnknown(resource)) {
                    reach.unknown.push(`${actions} on a resource ${UNKNOWN_TEXT}${origins(ctx, doc)}`);
                    continue;
                }
                const service = parseArn(resource)?.service;
                if (service === "lambda") reach.lambdaFunctions.push(resource);
                else if (service === "execute-api") reach.apiMethods.push(resource);
                else if (service === "bedrock-agentcore") reach.policyEngine.push(resource);
                else if (service === "kms") reach.kmsKeys.push(resource);
                else reach.other.push(`${actions} on ${resource}`);
            }
        }
    }
    for (const key of ["lambdaFunctions", "apiMethods", "policyEngine", "kmsKeys", "other", "unknown"] as const) reach[key] = [...new Set(reach[key])];
    return reach;
}
