import { JsonSchemaObject, TargetTools } from "../../invariants/toolSchema";
import { TargetSpec } from "./specs";

/** Path parameters of `/a/{id}/b/{other}`: `["id", "other"]`. */
export function pathParameters(path: string): string[] {
    return [...path.matchAll(/\{([^}+]+)\}/g)].map((m) => m[1]);
}

/** Input schema of a REST operation without one: its path parameters, all required strings. */
export function defaultOperationSchema(path: string): JsonSchemaObject {
    const params = pathParameters(path);
    return {
        type: "object",
        properties: Object.fromEntries(params.map((p) => [p, { type: "string" as const, description: `path parameter ${p}` }])),
        required: params,
    };
}

/** The tools a target exposes, as the Cedar schema and the access summary see them. */
export function targetTools(t: TargetSpec): TargetTools {
    if (t.kind === "lambda") return { targetName: t.name, tools: t.tools };
    const ops = t.create?.operations ?? t.existing?.operations ?? [];
    return {
        targetName: t.name,
        tools: ops.map((o) => ({ name: o.toolName, description: o.description, inputSchema: o.inputSchema ?? defaultOperationSchema(o.path) })),
    };
}
