import { OpenApiOperation, openApiOperations } from "../../invariants/openApiTools";
import { ReadValue } from "../../invariants/policyDocument";
import { MaybeUnknown, isUnknown } from "../../invariants/unknown";
import { ModelResource, at, str, strings } from "./resource";
import { StackModel } from "./stack";
import { isBridged } from "./types";
import { methodView, restApiView, roleNameAndPath, rolePolicyDocument, roleView, targetView } from "./views";

/**
 * The relations between resources that the stack checks need. Each follows
 * propertyDependencies first, then known identifying values (ARNs, names).
 */

/** Roles a gateway runs as: from its roleArn's dependencies, or the role the known ARN names. */
export function gatewayRoles(model: StackModel, gateway: ModelResource): ModelResource[] {
    const found = model.referenced(gateway, "roleArn", "role");
    if (found.length > 0) return found;
    const arn = str(gateway.props.roleArn);
    return typeof arn === "string" ? rolesByArn(model, arn) : [];
}

/** Roles a known role ARN names: same name and path (names are unique per account). */
export function rolesByArn(model: StackModel, arn: string): ModelResource[] {
    const parts = roleNameAndPath(arn);
    if (!parts) return [];
    return model.of("role").filter((r) => {
        const v = roleView(r);
        return v.roleName === parts.name && v.path === parts.path;
    });
}

/** Whether a role-naming property (`roleName`, `role`, `roles[]`) of `r` points at `role`. */
function pointsAtRole(r: ModelResource, prop: string, role: ModelResource): boolean {
    if ((r.propertyDependencies[prop] ?? []).includes(role.urn)) return true;
    const name = roleView(role).roleName;
    if (typeof name !== "string") return false;
    return strings(r.props[prop]).some((v) => typeof v === "string" && (v === name || roleNameAndPath(v)?.name === name));
}

export interface PermissionDocument {
    /** The resource that holds the document (the role itself for inline policies). */
    holder: ModelResource;
    label: string;
    document: ReadValue | undefined;
    /** Types of the resources the document's unknown leaves derive from. */
    provenance: string[];
    kind: "inline" | "managed";
}

/** Every permission document that applies to a role: inline, separate inline, managed, attached. */
export function rolePermissionDocuments(model: StackModel, role: ModelResource): PermissionDocument[] {
    const out: PermissionDocument[] = [];
    const view = roleView(role);
    const roleProvenance = model.provenance(role, isBridged(role.type) ? "inlinePolicies" : "policies");
    for (const p of view.inline) out.push({ holder: role, label: `inline policy "${p.name}"`, document: p.document, provenance: roleProvenance, kind: "inline" });
    for (const rp of model.of("rolePolicy")) {
        if (pointsAtRole(rp, isBridged(rp.type) ? "role" : "roleName", role)) {
            out.push({ holder: rp, label: `role policy "${rp.name}"`, document: rolePolicyDocument(rp), provenance: model.provenance(rp, isBridged(rp.type) ? "policy" : "policyDocument"), kind: "inline" });
        }
    }
    const attached = new Set<ModelResource>();
    for (const mp of model.of("managedPolicy")) if (!isBridged(mp.type) && pointsAtRole(mp, "roles", role)) attached.add(mp);
    for (const a of model.of("rolePolicyAttachment")) {
        if (!pointsAtRole(a, "role", role)) continue;
        for (const mp of model.referenced(a, "policyArn", "managedPolicy")) attached.add(mp);
        for (const mp of model.referenced(a, "policyArns", "managedPolicy")) attached.add(mp);
    }
    const managedArns = view.managedPolicyArns;
    for (const mp of model.referenced(role, "managedPolicyArns", "managedPolicy")) attached.add(mp);
    for (const mp of model.of("managedPolicy")) {
        const arn = str(mp.props.policyArn ?? mp.props.arn);
        if (typeof arn === "string" && managedArns.includes(arn)) attached.add(mp);
    }
    for (const mp of attached) {
        out.push({ holder: mp, label: `managed policy "${mp.name}"`, document: rolePolicyDocument(mp), provenance: model.provenance(mp, isBridged(mp.type) ? "policy" : "policyDocument"), kind: "managed" });
    }
    return out;
}

export function targetsOf(model: StackModel, gateway: ModelResource): ModelResource[] {
    return model.of("gatewayTarget").filter((t) => model.referenced(t, "gatewayIdentifier", "gateway").includes(gateway));
}

/** The REST API a gateway target exposes. */
export function apiOfTarget(model: StackModel, target: ModelResource): ModelResource[] {
    return model.referenced(target, "targetConfiguration", "restApi", ["targetConfiguration", "mcp", "apiGateway", "restApiId"]);
}

export interface ApiMethod {
    path: string;
    method: string;
    authorization: MaybeUnknown<string> | undefined;
    apiKeyRequired: MaybeUnknown<boolean> | undefined;
    /** The Method resource, or undefined when the method comes from the API's OpenAPI body. */
    resource?: ModelResource;
    operation?: OpenApiOperation;
}

function restApiProp(r: ModelResource): string {
    return isBridged(r.type) ? "restApi" : "restApiId";
}

/** Full path of an API Resource resource, following parentId through the stack. */
function resourcePath(model: StackModel, res: ModelResource, depth = 0): MaybeUnknown<string> {
    const part = str(res.props.pathPart);
    if (part === undefined || isUnknown(part)) return part === undefined ? "/" : part;
    const parents = model.referenced(res, "parentId", "apiResource");
    if (parents.length === 0 || depth > 50) return `/${part}`;
    const parentPath = resourcePath(model, parents[0], depth + 1);
    if (isUnknown(parentPath)) return parentPath;
    return `${parentPath === "/" ? "" : parentPath}/${part}`;
}

/** Every method of an API: from its OpenAPI body and from Method resources. */
export function apiMethods(model: StackModel, api: ModelResource): ApiMethod[] {
    const out: ApiMethod[] = openApiOperations(restApiView(api).body).map((op) => ({ path: op.path, method: op.method, authorization: op.authorization, apiKeyRequired: op.apiKeyRequired, operation: op }));
    for (const m of model.of("method")) {
        if (!model.referenced(m, restApiProp(m), "restApi").includes(api)) continue;
        const res = model.referenced(m, "resourceId", "apiResource")[0];
        const path = res ? resourcePath(model, res) : "/";
        const v = methodView(m);
        out.push({ path: isUnknown(path) ? "<unknown path>" : path, method: isUnknown(v.httpMethod) ? "<unknown>" : v.httpMethod, authorization: v.authorization, apiKeyRequired: v.apiKeyRequired, resource: m });
    }
    return out;
}

/** The API's resource policies: inline on the API, and separate RestApiPolicy resources. */
export function apiPolicies(model: StackModel, api: ModelResource): { holder: ModelResource; document: ReadValue | undefined }[] {
    const out: { holder: ModelResource; document: ReadValue | undefined }[] = [];
    const inline = restApiView(api).policy;
    if (inline !== undefined && inline !== null && inline !== "") out.push({ holder: api, document: inline });
    for (const p of model.of("restApiPolicy")) if (model.referenced(p, "restApiId", "restApi").includes(api)) out.push({ holder: p, document: p.props.policy });
    return out;
}

export function deploymentsOf(model: StackModel, api: ModelResource): ModelResource[] {
    return model.of("deployment").filter((d) => model.referenced(d, restApiProp(d), "restApi").includes(api));
}

export function engineOf(model: StackModel, gateway: ModelResource): ModelResource[] {
    return model.referenced(gateway, "policyEngineConfiguration", "policyEngine", ["policyEngineConfiguration", "arn"]);
}

export function policiesOf(model: StackModel, engine: ModelResource): ModelResource[] {
    return model.of("cedarPolicy").filter((p) => model.referenced(p, "policyEngineId", "policyEngine").includes(engine));
}

export function resourcePoliciesOf(model: StackModel, gateway: ModelResource): ModelResource[] {
    return model.of("resourcePolicy").filter((p) => model.referenced(p, "resourceArn", "gateway").includes(gateway));
}

/** Execute-api method ARNs a target exposes, for matching the role's grants: `<stage>/<METHOD><path>`. */
export function exposedOperations(target: ModelResource): { stage: MaybeUnknown<string> | undefined; method: string; path: string }[] {
    const v = targetView(target);
    if (v.kind !== "apiGateway" || !v.api) return [];
    const stage = v.api.stage;
    if (v.api.overrides.length > 0) return v.api.overrides.map((o) => ({ stage, method: o.method.toUpperCase(), path: o.path }));
    return v.api.filters.flatMap((f) => f.methods.map((m) => ({ stage, method: m.toUpperCase(), path: f.path })));
}

export function gatewayArnOf(gateway: ModelResource): MaybeUnknown<string> | undefined {
    return str(at(gateway.props, "gatewayArn"));
}
