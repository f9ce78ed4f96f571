import { GatewayConfigView } from "../../invariants/gatewayConfig";
import { readJsonSchema } from "../../invariants/openApiTools";
import { ReadValue } from "../../invariants/policyDocument";
import { JsonSchema, JsonSchemaObject, ToolDefinition } from "../../invariants/toolSchema";
import { MaybeUnknown, UNKNOWN, containsUnknown, isUnknown } from "../../invariants/unknown";
import { propertyValue } from "./propertyValue";
import { ModelResource, ReadObject, at, bool, knownObjects, list, objects, str, strings } from "./resource";
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
                  audiences: strings(at(jwt, isBridged(r.type) ? "allowedAudiences" : "allowedAudience")),
                  clients: strings(at(jwt, "allowedClients")),
              },
        policyEngine: engine === undefined || engine === null ? undefined : isUnknown(engine) ? { arn: UNKNOWN, mode: UNKNOWN } : { arn: str(at(engine, "arn")), mode: str(at(engine, "mode")) },
        exceptionLevel: str(p.exceptionLevel),
    };
}

export interface ToolFilter {
    path: string;
    methods: string[];
}

export interface ToolOverride {
    name: string;
    path: string;
    method: string;
    description?: string;
}

export interface TargetView {
    name: MaybeUnknown<string> | undefined;
    kind: "lambda" | "apiGateway" | "other" | "unknown";
    lambdaArn?: MaybeUnknown<string>;
    /** Inline tool definitions of a Lambda target; UNKNOWN when any of them is not known yet. */
    tools: MaybeUnknown<ToolDefinition[]>;
    /** Filters and overrides are UNKNOWN when the list, or anything a check reads in it, is unknown. */
    api?: { restApiId: MaybeUnknown<string> | undefined; stage: MaybeUnknown<string> | undefined; filters: MaybeUnknown<ToolFilter[]>; overrides: MaybeUnknown<ToolOverride[]> };
}

/** Bridged tool schemas list properties as `[{ name, type, required, ... }]`. */
function bridgedSchema(v: ReadValue | undefined): JsonSchema {
    const type = str(at(v, "type"));
    if (type === "object") {
        // toolOf hands over only definitions without unknown leaves, so this list is known.
        const found = knownObjects(at(v, "properties"));
        const props = isUnknown(found) ? [] : found;
        const required = props.filter((q) => q.required === true).map((q) => String(q.name));
        return { type: "object", properties: Object.fromEntries(props.map((q) => [String(q.name), bridgedSchema(q)])), ...(required.length ? { required } : {}) };
    }
    if (type === "array") return { type: "array", items: bridgedSchema(at(v, "items")) };
    if (type === "number" || type === "integer" || type === "boolean") return { type };
    return { type: "string" };
}

/** A tool whose definition holds any unknown leaf is unknown: its schema cannot be checked. */
function toolOf(payload: MaybeUnknown<ReadObject>, bridged: boolean): MaybeUnknown<ToolDefinition> {
    if (isUnknown(payload) || containsUnknown(payload)) return UNKNOWN;
    const schema = (bridged ? bridgedSchema : readJsonSchema)(payload.inputSchema);
    return {
        name: String(str(payload.name) ?? ""),
        description: String(str(payload.description) ?? ""),
        inputSchema: schema.type === "object" ? schema : ({ type: "object" } as JsonSchemaObject),
    };
}

/** Maps a list of objects, UNKNOWN when the list or any item (or anything `read` needs) is unknown. */
function readEach<T>(value: ReadValue | undefined, read: (o: ReadObject) => MaybeUnknown<T>): MaybeUnknown<T[]> {
    const items = knownObjects(value);
    if (isUnknown(items)) return UNKNOWN;
    const out: T[] = [];
    for (const o of items) {
        const v = read(o);
        if (isUnknown(v)) return UNKNOWN;
        out.push(v);
    }
    return out;
}

function knownString(v: ReadValue | undefined): MaybeUnknown<string> {
    const s = str(v);
    return isUnknown(s) ? UNKNOWN : (s ?? "");
}

function filterOf(f: ReadObject): MaybeUnknown<ToolFilter> {
    const path = knownString(f.filterPath);
    const methods = strings(f.methods);
    if (isUnknown(path) || methods.some(isUnknown)) return UNKNOWN;
    return { path, methods: methods as string[] };
}

function overrideOf(o: ReadObject): MaybeUnknown<ToolOverride> {
    const name = knownString(o.name);
    const path = knownString(o.path);
    const method = knownString(o.method);
    if (isUnknown(name) || isUnknown(path) || isUnknown(method)) return UNKNOWN;
    return { name, path, method, description: typeof o.description === "string" ? o.description : undefined };
}

export function targetView(r: ModelResource): TargetView {
    const bridged = isBridged(r.type);
    const mcp = at(propertyValue(r, "targetConfiguration"), "mcp");
    const base: Pick<TargetView, "name" | "tools"> = { name: str(propertyValue(r, "name")), tools: [] };
    if (isUnknown(mcp)) return { ...base, kind: "unknown" };
    const lambda = at(mcp, "lambda");
    if (lambda !== undefined && lambda !== null) {
        const payloads = objects(at(lambda, "toolSchema", bridged ? "inlinePayloads" : "inlinePayload"));
        const tools = isUnknown(payloads) ? UNKNOWN : payloads.map((p) => toolOf(p, bridged));
        return { ...base, kind: "lambda", lambdaArn: str(at(lambda, "lambdaArn")), tools: isUnknown(tools) || tools.some(isUnknown) ? UNKNOWN : (tools as ToolDefinition[]) };
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
                filters: isUnknown(cfg) ? UNKNOWN : readEach(at(cfg, "toolFilters"), filterOf),
                overrides: isUnknown(cfg) ? UNKNOWN : readEach(at(cfg, "toolOverrides"), overrideOf),
            },
        };
    }
    return { ...base, kind: "other" };
}

export interface InlinePolicy {
    name: MaybeUnknown<string>;
    document: ReadValue | undefined;
}

export interface RoleView {
    roleName: MaybeUnknown<string> | undefined;
    path: string;
    trust: ReadValue | undefined;
    /** Inline policies declared on the role resource itself; UNKNOWN when the list (or an entry) is. */
    inline: MaybeUnknown<InlinePolicy[]>;
    /** UNKNOWN when the whole list is; single unknown ARNs stay UNKNOWN entries. */
    managedPolicyArns: MaybeUnknown<MaybeUnknown<string>[]>;
}

/** The property of a role that holds its inline policies. */
export function roleInlineProp(r: ModelResource): string {
    return isBridged(r.type) ? "inlinePolicies" : "policies";
}

export function roleView(r: ModelResource): RoleView {
    const bridged = isBridged(r.type);
    const p = (key: string) => propertyValue(r, key);
    const pathValue = str(p("path"));
    const inline = objects(p(roleInlineProp(r)));
    const managed = list(p("managedPolicyArns"));
    return {
        roleName: str(p(bridged ? "name" : "roleName")),
        path: typeof pathValue === "string" ? pathValue : "/",
        trust: p(bridged ? "assumeRolePolicy" : "assumeRolePolicyDocument"),
        inline: isUnknown(inline) || inline.some(isUnknown)
            ? UNKNOWN
            : (inline as ReadObject[]).map((x) => (bridged ? { name: knownString(x.name), document: x.policy } : { name: knownString(x.policyName), document: x.policyDocument })),
        managedPolicyArns: isUnknown(managed) ? UNKNOWN : strings(managed),
    };
}

/** `arn:<p>:iam::<acct>:role<path><name>` → name and path. */
export function roleNameAndPath(arn: string): { name: string; path: string } | undefined {
    const m = /^arn:[^:]+:iam::\d{12}:role(\/(?:[^/]+\/)*)?([^/]+)$/.exec(arn);
    return m ? { name: m[2], path: m[1] ?? "/" } : undefined;
}

/** The property of a RolePolicy / managed policy that holds its document. */
export function policyDocumentProp(r: ModelResource): string {
    return isBridged(r.type) ? "policy" : "policyDocument";
}

export function rolePolicyDocument(r: ModelResource): ReadValue | undefined {
    return propertyValue(r, policyDocumentProp(r));
}

export function restApiView(r: ModelResource): { policy: ReadValue | undefined; body: ReadValue | undefined; endpointTypes: MaybeUnknown<string>[] } {
    return { policy: propertyValue(r, "policy"), body: propertyValue(r, "body"), endpointTypes: strings(at(propertyValue(r, "endpointConfiguration"), "types")) };
}

export function methodView(r: ModelResource): { httpMethod: MaybeUnknown<string>; authorization: MaybeUnknown<string> | undefined; apiKeyRequired: MaybeUnknown<boolean> | undefined } {
    const bridged = isBridged(r.type);
    return {
        httpMethod: str(r.props.httpMethod) ?? "?",
        authorization: str(bridged ? r.props.authorization : r.props.authorizationType),
        apiKeyRequired: bool(r.props.apiKeyRequired),
    };
}

/**
 * A policy's statement from `definition.cedar.statement` (Cedar) or, for aws-native, from
 * `definition.policy.statement` (Dogwood: temporal and guardrail policies; CFN
 * AWS::BedrockAgentCore::Policy `Definition` is oneOf Cedar or Policy).
 */
export function cedarPolicyView(r: ModelResource): { name: MaybeUnknown<string> | undefined; statement: MaybeUnknown<string> | undefined; enforcementMode: MaybeUnknown<string> | undefined; language: "cedar" | "dogwood" } {
    const cedar = str(at(r.props, "definition", "cedar", "statement"));
    const dogwood = cedar === undefined ? str(at(r.props, "definition", "policy", "statement")) : undefined;
    return { name: str(r.props.name), statement: cedar ?? dogwood, enforcementMode: str(r.props.enforcementMode), language: dogwood !== undefined ? "dogwood" : "cedar" };
}

/**
 * A Lambda function's ARN and name, both providers (`name` bridged, `functionName` aws-native;
 * both call the ARN `arn`). At a first preview the ARN is unknown and the name is known once
 * set or auto-named (the providers' Check fills it).
 */
export function lambdaFunctionView(r: ModelResource): { arn: MaybeUnknown<string> | undefined; name: MaybeUnknown<string> | undefined } {
    const name = isBridged(r.type) ? str(r.props.name) : str(r.props.functionName);
    return { arn: str(r.props.arn), name };
}

/** A function's resource-based permission: `aws.lambda.Permission` names the function `function`, aws-native `functionName`. */
export function lambdaPermissionView(r: ModelResource): { functionProp: string; function: MaybeUnknown<string> | undefined; action: MaybeUnknown<string> | undefined; principal: MaybeUnknown<string> | undefined; sourceArn: MaybeUnknown<string> | undefined } {
    const functionProp = isBridged(r.type) ? "function" : "functionName";
    return { functionProp, function: str(r.props[functionProp]), action: str(r.props.action), principal: str(r.props.principal), sourceArn: str(r.props.sourceArn) };
}
