import { GatewayConfigView } from "../../invariants/gatewayConfig";
import { readJsonSchema } from "../../invariants/openApiTools";
import { ReadValue } from "../../invariants/policyDocument";
import { JsonSchema, JsonSchemaObject, ToolDefinition } from "../../invariants/toolSchema";
import { MaybeUnknown, UNKNOWN, isUnknown } from "../../invariants/unknown";
import { ModelResource, ReadObject, at, bool, objects, str, strings } from "./resource";
import { isBridged } from "./types";

/** Typed readers over both providers' property names: one place knows the shapes. */

export function gatewayConfig(r: ModelResource): GatewayConfigView {
    const p = r.props;
    const jwt = at(p, "authorizerConfiguration", "customJwtAuthorizer");
    const engine = at(p, "policyEngineConfiguration");
    return {
        authorizerType: str(p.authorizerType),
        jwt: isUnknown(jwt) || jwt === undefined
            ? undefined
            : {
                  discoveryUrl: str(at(jwt, "discoveryUrl")),
                  audiences: strings(at(jwt, isBridged(r.type) ? "allowedAudiences" : "allowedAudience")).filter((a) => a !== undefined),
                  clients: strings(at(jwt, "allowedClients")),
              },
        policyEngine: engine === undefined || engine === null ? undefined : isUnknown(engine) ? { arn: UNKNOWN, mode: UNKNOWN } : { arn: str(at(engine, "arn")), mode: str(at(engine, "mode")) },
        exceptionLevel: str(p.exceptionLevel),
    };
}

export interface TargetView {
    name: MaybeUnknown<string> | undefined;
    kind: "lambda" | "apiGateway" | "other" | "unknown";
    lambdaArn?: MaybeUnknown<string>;
    /** Inline tool definitions of a Lambda target. */
    tools: ToolDefinition[];
    api?: { restApiId: MaybeUnknown<string> | undefined; stage: MaybeUnknown<string> | undefined; filters: { path: string; methods: string[] }[]; overrides: { name: string; path: string; method: string; description?: string }[] };
}

/** Bridged tool schemas list properties as `[{ name, type, required, ... }]`. */
function bridgedSchema(v: ReadValue | undefined): JsonSchema {
    const type = str(at(v, "type"));
    if (type === "object") {
        const props = objects(at(v, "properties"));
        const required = props.filter((q) => q.required === true).map((q) => String(q.name));
        return { type: "object", properties: Object.fromEntries(props.map((q) => [String(q.name), bridgedSchema(q)])), ...(required.length ? { required } : {}) };
    }
    if (type === "array") return { type: "array", items: bridgedSchema(at(v, "items")) };
    if (type === "number" || type === "integer" || type === "boolean") return { type };
    return { type: "string" };
}

function toolOf(payload: ReadObject, bridged: boolean): ToolDefinition {
    const schema = (bridged ? bridgedSchema : readJsonSchema)(payload.inputSchema);
    return {
        name: String(str(payload.name) ?? ""),
        description: String(str(payload.description) ?? ""),
        inputSchema: schema.type === "object" ? schema : ({ type: "object" } as JsonSchemaObject),
    };
}

export function targetView(r: ModelResource): TargetView {
    const bridged = isBridged(r.type);
    const mcp = at(r.props, "targetConfiguration", "mcp");
    const base: Pick<TargetView, "name" | "tools"> = { name: str(r.props.name), tools: [] };
    if (isUnknown(mcp)) return { ...base, kind: "unknown" };
    const lambda = at(mcp, "lambda");
    if (lambda !== undefined && lambda !== null) {
        const payloads = objects(at(lambda, "toolSchema", bridged ? "inlinePayloads" : "inlinePayload"));
        return { ...base, kind: "lambda", lambdaArn: str(at(lambda, "lambdaArn")), tools: payloads.map((p) => toolOf(p, bridged)) };
    }
    const api = at(mcp, "apiGateway");
    if (api !== undefined && api !== null) {
        const cfg = at(api, "apiGatewayToolConfiguration");
        return {
            ...base,
            kind: "apiGateway",
            api: {
                restApiId: str(at(api, "restApiId")),
                stage: str(at(api, "stage")),
                filters: objects(at(cfg, "toolFilters")).map((f) => ({ path: String(str(f.filterPath) ?? ""), methods: strings(f.methods).map(String) })),
                overrides: objects(at(cfg, "toolOverrides")).map((o) => ({ name: String(str(o.name) ?? ""), path: String(str(o.path) ?? ""), method: String(str(o.method) ?? ""), description: typeof o.description === "string" ? o.description : undefined })),
            },
        };
    }
    return { ...base, kind: "other" };
}

export interface RoleView {
    roleName: MaybeUnknown<string> | undefined;
    path: string;
    trust: ReadValue | undefined;
    /** Inline policies declared on the role resource itself. */
    inline: { name: string; document: ReadValue | undefined }[];
    managedPolicyArns: MaybeUnknown<string>[];
}

export function roleView(r: ModelResource): RoleView {
    const bridged = isBridged(r.type);
    const p = r.props;
    const pathValue = str(p.path);
    return {
        roleName: str(bridged ? p.name : p.roleName),
        path: typeof pathValue === "string" ? pathValue : "/",
        trust: bridged ? p.assumeRolePolicy : p.assumeRolePolicyDocument,
        inline: bridged
            ? objects(p.inlinePolicies).map((x) => ({ name: String(str(x.name) ?? ""), document: x.policy }))
            : objects(p.policies).map((x) => ({ name: String(str(x.policyName) ?? ""), document: x.policyDocument })),
        managedPolicyArns: strings(p.managedPolicyArns),
    };
}

/** `arn:<p>:iam::<acct>:role<path><name>` → name and path. */
export function roleNameAndPath(arn: string): { name: string; path: string } | undefined {
    const m = /^arn:[^:]+:iam::\d{12}:role(\/(?:[^/]+\/)*)?([^/]+)$/.exec(arn);
    return m ? { name: m[2], path: m[1] ?? "/" } : undefined;
}

export function rolePolicyDocument(r: ModelResource): ReadValue | undefined {
    return isBridged(r.type) ? r.props.policy : r.props.policyDocument;
}

export function restApiView(r: ModelResource): { policy: ReadValue | undefined; body: ReadValue | undefined; endpointTypes: MaybeUnknown<string>[] } {
    return { policy: r.props.policy, body: r.props.body, endpointTypes: strings(at(r.props, "endpointConfiguration", "types")) };
}

export function methodView(r: ModelResource): { httpMethod: MaybeUnknown<string>; authorization: MaybeUnknown<string> | undefined; apiKeyRequired: MaybeUnknown<boolean> | undefined } {
    const bridged = isBridged(r.type);
    return {
        httpMethod: str(r.props.httpMethod) ?? "?",
        authorization: str(bridged ? r.props.authorization : r.props.authorizationType),
        apiKeyRequired: bool(r.props.apiKeyRequired),
    };
}

export function cedarPolicyView(r: ModelResource): { name: MaybeUnknown<string> | undefined; statement: MaybeUnknown<string> | undefined; enforcementMode: MaybeUnknown<string> | undefined } {
    return { name: str(r.props.name), statement: str(at(r.props, "definition", "cedar", "statement")), enforcementMode: str(r.props.enforcementMode) };
}
