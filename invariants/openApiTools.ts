import { ReadValue } from "./policyDocument";
import { JsonSchema, JsonSchemaObject } from "./toolSchema";
import { isUnknown } from "./unknown";

/**
 * What AgentCore makes of one operation of an exported OpenAPI document: a tool whose input is
 * the operation's path and query parameters plus the properties of its JSON request body, laid
 * out flat (the components build the OpenAPI body this way; docs/aws-facts.md).
 */
export interface OpenApiOperation {
    path: string;
    method: string;
    operationId?: string;
    /** `x-amazon-apigateway-auth.type`, or "AWS_IAM" when the operation's security scheme is SigV4. */
    authorization?: string;
    apiKeyRequired: boolean;
    inputSchema: JsonSchemaObject;
}

/** Path parameters of `/a/{id}/b/{other}`: `["id", "other"]` (a greedy `{proxy+}` is none). */
export function pathParameters(path: string): string[] {
    return [...path.matchAll(/\{([^}+]+)\}/g)].map((m) => m[1]);
}

/** Input of a REST operation described by nothing but its path: its path parameters, all required strings. */
export function defaultOperationSchema(path: string): JsonSchemaObject {
    const params = pathParameters(path);
    return {
        type: "object",
        properties: Object.fromEntries(params.map((p) => [p, { type: "string" as const, description: `path parameter ${p}` }])),
        required: params,
    };
}

type Obj = { [key: string]: ReadValue };

function obj(v: ReadValue | undefined): Obj | undefined {
    return v !== undefined && v !== null && typeof v === "object" && !Array.isArray(v) && !isUnknown(v) ? (v as Obj) : undefined;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];

/** Reads a JSON Schema node (from an OpenAPI document or a tool definition), keeping only what AgentCore's subset has. */
export function readJsonSchema(v: ReadValue | undefined): JsonSchema {
    const o = obj(v);
    const type = typeof o?.type === "string" ? o.type : "string";
    if (type === "object") {
        const props = obj(o?.properties) ?? {};
        const required = Array.isArray(o?.required) ? (o!.required as ReadValue[]).filter((x): x is string => typeof x === "string") : [];
        return { type: "object", properties: Object.fromEntries(Object.entries(props).map(([k, p]) => [k, readJsonSchema(p)])), ...(required.length ? { required } : {}) };
    }
    if (type === "array") return { type: "array", items: readJsonSchema(o?.items) };
    if (type === "number" || type === "integer" || type === "boolean") return { type };
    return { type: "string" };
}

function securityIsSigv4(op: Obj, doc: Obj): boolean {
    const schemes = obj(at(doc, "components", "securitySchemes")) ?? {};
    const security = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
    return security.some((req) => Object.keys(obj(req) ?? {}).some((name) => obj(schemes[name])?.["x-amazon-apigateway-authtype"] === "awsSigv4"));
}

function at(v: ReadValue | undefined, ...path: string[]): ReadValue | undefined {
    let cur = v;
    for (const k of path) cur = obj(cur)?.[k];
    return cur;
}

/** Every operation of an OpenAPI 3 / Swagger 2 body (an object, or its JSON text). */
export function openApiOperations(body: ReadValue | undefined): OpenApiOperation[] {
    let doc: ReadValue | undefined = body;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc) as ReadValue;
        } catch (e) {
            if (e instanceof SyntaxError) return [];
            throw e;
        }
    }
    const root = obj(doc);
    const paths = obj(root?.paths);
    if (!root || !paths) return [];
    const out: OpenApiOperation[] = [];
    for (const [path, item] of Object.entries(paths)) {
        for (const method of METHODS) {
            const op = obj(obj(item)?.[method]);
            if (!op) continue;
            const properties: Record<string, JsonSchema> = {};
            const required: string[] = [];
            for (const p of Array.isArray(op.parameters) ? op.parameters : []) {
                const param = obj(p);
                if (!param || typeof param.name !== "string" || (param.in !== "path" && param.in !== "query")) continue;
                properties[param.name] = readJsonSchema(param.schema);
                if (param.required === true) required.push(param.name);
            }
            const bodySchema = readJsonSchema(at(op, "requestBody", "content", "application/json", "schema"));
            if (bodySchema.type === "object") {
                Object.assign(properties, bodySchema.properties ?? {});
                required.push(...(bodySchema.required ?? []));
            }
            const auth = at(op, "x-amazon-apigateway-auth", "type");
            out.push({
                path,
                method: method.toUpperCase(),
                operationId: typeof op.operationId === "string" ? op.operationId : undefined,
                authorization: typeof auth === "string" ? auth.toUpperCase() : securityIsSigv4(op, root) ? "AWS_IAM" : undefined,
                apiKeyRequired: Array.isArray(op.security) && op.security.some((req) => Object.keys(obj(req) ?? {}).some((n) => obj(at(root, "components", "securitySchemes", n))?.in === "header" && obj(at(root, "components", "securitySchemes", n))?.name === "x-api-key")),
                inputSchema: { type: "object", properties, ...(required.length ? { required: [...new Set(required)] } : {}) },
            });
        }
    }
    return out;
}
