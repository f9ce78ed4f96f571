import { OpenApiOperation, openApiOperations } from "../../invariants/openApiTools";
import { ReadValue } from "../../invariants/policyDocument";
import { MaybeUnknown, UNKNOWN, isUnknown } from "../../invariants/unknown";
import { propertyValue, unknownReason } from "./propertyValue";
import { ModelResource, at, str } from "./resource";
import { StackModel } from "./stack";
import { isBridged } from "./types";
import { methodView, restApiView, roleNameAndPath, roleView, targetView } from "./views";

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

export { PermissionDocument, rolePermissionDocuments } from "./rolePermissions";

export function targetsOf(model: StackModel, gateway: ModelResource): ModelResource[] {
    return model.of("gatewayTarget").filter((t) => model.referenced(t, "gatewayIdentifier", "gateway").includes(gateway));
}

/** The Lambda functions of the stack a Lambda target's `lambdaArn` derives from (or names, when known). */
export function functionsOfTarget(model: StackModel, target: ModelResource): ModelResource[] {
    return model.referenced(target, "targetConfiguration", "lambdaFunction", ["targetConfiguration", "mcp", "lambda", "lambdaArn"]);
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

export interface ApiPolicy {
    holder: ModelResource;
    document: ReadValue | undefined;
    /** Why the document is unknown, when it is (for a named deferral). */
    unknownReason?: string;
}

/**
 * The API's resource policies, judged where they live: separate RestApiPolicy resources, and the
 * API's own `policy` as the program set it. With a RestApiPolicy in the stack the API's `policy`
 * output is that same document once deployed (the provider reads it back), and at a first
 * preview it is unknown (Optional+Computed): the API's own value then counts only when its
 * Analyze-time inputs show the program set one.
 */
export function apiPolicies(model: StackModel, api: ModelResource): ApiPolicy[] {
    const separate = model.of("restApiPolicy").filter((p) => model.referenced(p, "restApiId", "restApi").includes(api));
    const out: ApiPolicy[] = [];
    const own = separate.length > 0 ? api.inputs?.policy : restApiView(api).policy;
    if (isUnknown(own)) out.push({ holder: api, document: own, unknownReason: unknownReason(api, "policy") });
    else if (own !== undefined && own !== null && own !== "") out.push({ holder: api, document: own });
    for (const p of separate) {
        const doc = propertyValue(p, "policy");
        out.push({ holder: p, document: doc, ...(isUnknown(doc) ? { unknownReason: unknownReason(p, "policy") } : {}) });
    }
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

export interface ExposedOperation {
    stage: MaybeUnknown<string> | undefined;
    method: string;
    path: string;
}

/**
 * The REST operations a target exposes: `<stage>/<METHOD><path>`. UNKNOWN when the tool
 * overrides or filters that decide it are not known yet (never an empty list).
 */
export function exposedOperations(target: ModelResource): MaybeUnknown<ExposedOperation[]> {
    const v = targetView(target);
    if (v.kind === "unknown") return UNKNOWN;
    if (v.kind !== "apiGateway" || !v.api) return [];
    const { stage, overrides, filters } = v.api;
    if (isUnknown(overrides)) return UNKNOWN;
    if (overrides.length > 0) return overrides.map((o) => ({ stage, method: o.method.toUpperCase(), path: o.path }));
    if (isUnknown(filters)) return UNKNOWN;
    return filters.flatMap((f) => f.methods.map((m) => ({ stage, method: m.toUpperCase(), path: f.path })));
}

/** Why a target's exposed operations are unknown, for a named deferral. */
export function exposedOperationsUnknownReason(target: ModelResource): string {
    const v = targetView(target);
    if (v.kind === "unknown") return `its "targetConfiguration" is unknown (${unknownReason(target, "targetConfiguration")})`;
    const from = (target.propertyDependencies["targetConfiguration"] ?? []).length;
    const why = from > 0 ? `they derive from ${from} resource${from === 1 ? "" : "s"} of this stack that do${from === 1 ? "es" : ""} not exist yet` : "until the target exists";
    return `its tool overrides or tool filters ("targetConfiguration.mcp.apiGateway.apiGatewayToolConfiguration") are not known yet (${why})`;
}

export function gatewayArnOf(gateway: ModelResource): MaybeUnknown<string> | undefined {
    return str(at(gateway.props, "gatewayArn"));
}
