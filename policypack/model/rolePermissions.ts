import { ReadValue } from "../../invariants/policyDocument";
import { MaybeUnknown, UNKNOWN, isUnknown } from "../../invariants/unknown";
import { propertyValue, unknownReason } from "./propertyValue";
import { ModelResource, list, str, strings } from "./resource";
import { StackModel } from "./stack";
import { isBridged } from "./types";
import { policyDocumentProp, roleInlineProp, roleNameAndPath, rolePolicyDocument, roleView } from "./views";

/**
 * Everything that grants a role permissions, by any path a program can take: inline policies on
 * the role, separate RolePolicy resources, managed policies attached by the role's
 * managedPolicyArns, by an attachment resource, or by an aws-native ManagedPolicy's `roles`.
 * A managed policy whose document this stack does not hold (AWS-managed, or created elsewhere)
 * is listed apart: no check can read it.
 */

export interface PermissionDocument {
    /** The resource that holds the document (the role itself for inline policies). */
    holder: ModelResource;
    label: string;
    document: ReadValue | undefined;
    /** Types of the resources the document's unknown leaves derive from. */
    provenance: string[];
    kind: "inline" | "managed";
}

/** A managed policy attached to the role whose document is not in this stack. */
export interface ExternalPolicy {
    /** The resource that attaches it (the role for managedPolicyArns, else the attachment). */
    holder: ModelResource;
    arn: string;
    /** `arn:<partition>:iam::aws:policy/...`: maintained by AWS, may grow with new actions. */
    awsManaged: boolean;
}

export interface RolePermissions {
    documents: PermissionDocument[];
    external: ExternalPolicy[];
    /** What cannot be told yet, each with the item text of a named deferral. */
    undecided: { holder: ModelResource; item: string }[];
}

/** The role-naming and ARN-holding properties of each attachment type (as the installed SDK declares them). */
const ATTACHMENTS: Readonly<Record<string, { role: string; arns: string }>> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { role: "role", arns: "policyArn" },
    "aws:iam/policyAttachment:PolicyAttachment": { role: "roles", arns: "policyArn" },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": { role: "roleName", arns: "policyArns" },
};

export function attachmentProps(type: string): { role: string; arns: string } | undefined {
    return ATTACHMENTS[type];
}

export function isAwsManagedPolicyArn(arn: string): boolean {
    return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

function label(r: ModelResource): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

/** Whether a role-naming property (`role`, `roleName`, `roles[]`) of `r` points at `role`. */
export function pointsAtRole(r: ModelResource, prop: string, role: ModelResource): boolean {
    if ((r.propertyDependencies[prop] ?? []).includes(role.urn)) return true;
    const name = roleView(role).roleName;
    if (typeof name !== "string") return false;
    return strings(propertyValue(r, prop)).some((v) => typeof v === "string" && (v === name || roleNameAndPath(v)?.name === name));
}

function managedPolicyArnOf(mp: ModelResource): MaybeUnknown<string> | undefined {
    return str(mp.props.policyArn ?? mp.props.arn);
}

/**
 * Resolves the managed-policy ARNs one property of `holder` lists: the stack's policies it names
 * (by dependency or known ARN), the ones it names that the stack does not hold, and the unknown
 * entries no policy of this stack accounts for.
 */
function resolveArns(model: StackModel, holder: ModelResource, prop: string, found: RolePermissions, attached: Set<ModelResource>): void {
    const value = propertyValue(holder, prop);
    const entries = list(value);
    const byDependency = model.referenced(holder, prop, "managedPolicy");
    for (const mp of byDependency) attached.add(mp);
    if (isUnknown(entries)) {
        if (byDependency.length === 0) found.undecided.push({ holder, item: `${label(holder)}: the managed policies it attaches cannot be listed: ${unknownReason(holder, prop)}` });
        return;
    }
    let unaccounted = byDependency.filter((mp) => isUnknown(managedPolicyArnOf(mp))).length;
    for (const entry of strings(entries)) {
        if (isUnknown(entry)) {
            if (unaccounted > 0) unaccounted--;
            else found.undecided.push({ holder, item: `${label(holder)}: an entry of "${prop}" is unknown and derives from no managed policy in this stack, so the policy it attaches cannot be read` });
            continue;
        }
        const inStack = model.of("managedPolicy").filter((mp) => managedPolicyArnOf(mp) === entry);
        for (const mp of inStack) attached.add(mp);
        if (inStack.length === 0 && !found.external.some((e) => e.arn === entry)) found.external.push({ holder, arn: entry, awsManaged: isAwsManagedPolicyArn(entry) });
    }
}

function inlineDocuments(model: StackModel, role: ModelResource, separateNames: Set<string>, found: RolePermissions): void {
    const view = roleView(role);
    const prop = roleInlineProp(role);
    const provenance = model.provenance(role, prop);
    if (isUnknown(view.inline)) {
        found.documents.push({ holder: role, label: `inline policies (${unknownReason(role, prop)})`, document: UNKNOWN, provenance, kind: "inline" });
        return;
    }
    for (const p of view.inline) {
        // After a deployment the bridged role's output lists the inline policies RolePolicy resources added: judged there.
        if (typeof p.name === "string" && separateNames.has(p.name)) continue;
        found.documents.push({ holder: role, label: `inline policy "${isUnknown(p.name) ? "<unknown name>" : p.name}"`, document: p.document, provenance, kind: "inline" });
    }
}

/** Every permission that reaches `role` in this stack, by any path. */
export function rolePermissions(model: StackModel, role: ModelResource): RolePermissions {
    const found: RolePermissions = { documents: [], external: [], undecided: [] };
    const separate = model.of("rolePolicy").filter((rp) => pointsAtRole(rp, isBridged(rp.type) ? "role" : "roleName", role));
    const separateNames = new Set(separate.map((rp) => str(propertyValue(rp, isBridged(rp.type) ? "name" : "policyName"))).filter((n): n is string => typeof n === "string"));
    inlineDocuments(model, role, separateNames, found);
    for (const rp of separate) {
        found.documents.push({ holder: rp, label: `role policy "${rp.name}"`, document: rolePolicyDocument(rp), provenance: model.provenance(rp, policyDocumentProp(rp)), kind: "inline" });
    }
    const attached = new Set<ModelResource>();
    for (const mp of model.of("managedPolicy")) if (!isBridged(mp.type) && pointsAtRole(mp, "roles", role)) attached.add(mp);
    resolveArns(model, role, "managedPolicyArns", found, attached);
    for (const a of model.of("rolePolicyAttachment")) {
        const props = attachmentProps(a.type);
        if (props && pointsAtRole(a, props.role, role)) resolveArns(model, a, props.arns, found, attached);
    }
    for (const mp of attached) {
        found.documents.push({ holder: mp, label: `managed policy "${mp.name}"`, document: rolePolicyDocument(mp), provenance: model.provenance(mp, policyDocumentProp(mp)), kind: "managed" });
    }
    return found;
}

/** The permission documents of `role` this stack holds (see rolePermissions for the rest). */
export function rolePermissionDocuments(model: StackModel, role: ModelResource): PermissionDocument[] {
    return rolePermissions(model, role).documents;
}
