import type { ActionType, EntityType, NamespaceDefinition, Type, TypeOfAttribute } from "@cedar-policy/cedar-wasm/nodejs";
import { toolActionName } from "../names";
import { Problem, formatProblem } from "../problems";
import { JsonSchema, JsonSchemaObject, TargetTools, checkTargetTools } from "../toolSchema";

/**
 * The Cedar schema AgentCore Policy types policies against, rebuilt from the tools a gateway
 * exposes, so that policies are validated before anything is deployed (I10).
 *
 * What AgentCore documents (devguide, policy-schema-constraints.html and policy-scope.html):
 * - "All entities in AgentCore Gateway use the AgentCore namespace."
 * - principals: `AgentCore::IamEntity` ("Has an `id` attribute containing the caller's IAM ARN",
 *   "Does not support tags") and `AgentCore::OAuthUser` ("Has an `id` attribute (from JWT sub
 *   claim)", "Supports tags for OAuth claims");
 * - resource: "Must be `AgentCore::Gateway`";
 * - actions: "Each MCP tool becomes an action", "All tool actions inherit from CallTool → Mcp
 *   hierarchy", and a gateway target is an action group (`action in AgentCore::Action::"<target>"`);
 * - context: `context.input`, typed from the tool's input schema, and `context.system.now`, "the
 *   current UTC timestamp ... provided as part of evaluation context" (policy-time-based.html), a
 *   Cedar `datetime` (compared with `datetime("…")`, `.toTime()` and `duration("9h")`).
 *   `context.output` is not declared: "`context.output` can only be used with guardrails", and a
 *   `permit`/`forbid` that reads it is rejected (example-policies-guardrails.html); guardrail
 *   clauses are Dogwood, which cedar-wasm does not validate (dogwood.ts).
 * The full generated schema is not published; this one follows the documented parts and the
 * open-source generator AgentCore's docs point to (cedar-policy/cedar-for-agents,
 * cedar-policy-mcp-schema-generator). Record types are inlined in each action's context
 * rather than named (`<target>___<tool>Input`): target names may contain '-', which a Cedar
 * type name cannot, and policies never name these types.
 */

export const CEDAR_NAMESPACE = "AgentCore";
export const IAM_ENTITY_TYPE = "IamEntity";
export const OAUTH_USER_TYPE = "OAuthUser";
export const GATEWAY_ENTITY_TYPE = "Gateway";
/** The root action group: every MCP operation. */
export const MCP_ACTION = "Mcp";
/** The action group of all tool calls (member of Mcp). */
export const CALL_TOOL_ACTION = "CallTool";

export type PrincipalType = typeof IAM_ENTITY_TYPE | typeof OAUTH_USER_TYPE;

/** A Cedar schema in JSON format, with the AgentCore namespace. */
export type AgentCoreCedarSchema = { [CEDAR_NAMESPACE]: NamespaceDefinition<string> };

export interface CedarSchemaOptions {
    /**
     * Principal types the tool actions apply to. An IAM-authenticated gateway only ever
     * presents `IamEntity`; a JWT gateway `OAuthUser`. Restricting it makes the validator
     * reject policies written for the other kind.
     * @default ["IamEntity", "OAuthUser"]
     */
    principalTypes?: PrincipalType[];
}

/** `context.system`: the evaluation time, `now: datetime` (policy-time-based.html). */
export const SYSTEM_CONTEXT: Type<string> = { type: "Record", attributes: { now: { type: "Extension", name: "datetime" } } };

/** Thrown when the tool definitions cannot be typed in Cedar; carries the problems. */
export class CedarSchemaError extends Error {
    constructor(readonly problems: Problem[]) {
        super(`Cannot build the AgentCore Cedar schema:\n${problems.map(formatProblem).join("\n")}`);
        this.name = "CedarSchemaError";
    }
}

/**
 * JSON Schema to Cedar, as AgentCore maps it (policy-schema-constraints.html):
 * string → String, integer → Long, boolean → Bool, array → Set (order is lost), object →
 * Record ("the list of `required` properties is used to decide which properties of the record
 * are required": the others are optional, `required: false`, and policies must guard them
 * with `has`).
 *
 * number → `decimal`: AgentCore maps JSON `number` to Cedar Decimal ("Decimal is an extension
 * type in Cedar, which does not exactly match IEEE floating point numbers, so numbers will be
 * truncated to the Cedar representation"), and cedar-for-agents' generator emits
 * `num_attr?: decimal`. Mapping number to Long would accept `context.input.price < 10` here
 * and be rejected (or mis-evaluate 9.99) at AgentCore; with `decimal`, policies must compare
 * with `context.input.price.lessThan(decimal("10.0"))`, as AgentCore requires.
 */
export function cedarTypeOf(schema: JsonSchema): Type<string> {
    switch (schema.type) {
        case "string":
            return { type: "String" };
        case "integer":
            return { type: "Long" };
        case "number":
            return { type: "Extension", name: "decimal" };
        case "boolean":
            return { type: "Boolean" };
        case "array":
            return { type: "Set", element: cedarTypeOf(schema.items) };
        case "object":
            return recordTypeOf(schema);
    }
}

/**
 * Attributes in code-unit order of their names, whatever order the tool's schema lists them in:
 * a policy pack reads the tool schemas back from the engine's `google.protobuf.Struct`, whose keys
 * come sorted (google-protobuf 3.21's map `forEach` sorts them: policypack/wire/structDecoding.ts,
 * tested in tests/policypack/requestDecoding.test.ts), so the component and the pack build the same
 * schema text for the same tools and share Cedar's answers (sharedAnswers.ts). A JSON Schema's
 * `properties` order means nothing, so no schema changes meaning.
 */
function recordTypeOf(schema: JsonSchemaObject): Type<string> {
    const required = new Set(schema.required ?? []);
    const attributes: Record<string, TypeOfAttribute<string>> = {};
    const properties = schema.properties ?? {};
    for (const name of Object.keys(properties).sort()) {
        const property = properties[name];
        const attribute: TypeOfAttribute<string> = { ...cedarTypeOf(property) };
        if (!required.has(name)) attribute.required = false;
        attributes[name] = attribute;
    }
    return { type: "Record", attributes };
}

/**
 * The Cedar schema for the tools of one gateway (one policy engine per gateway): entity types
 * `IamEntity { id: String }`, `OAuthUser { id: String }` with String tags, `Gateway`; actions
 * `Mcp`, `CallTool` in Mcp, one action group per target in CallTool, and one action per tool,
 * `<target>___<tool>`, in its target group and in CallTool, applying to the principal types
 * and `Gateway` with context `{ input: <record typed from the tool's inputSchema>, system: { now: datetime } }`.
 *
 * Throws CedarSchemaError when a target or tool cannot be typed or named (the I10 problems of
 * `checkTargetTools`); limit problems (I12) do not prevent building the schema.
 */
export function buildAgentCoreCedarSchema(targets: TargetTools[], options: CedarSchemaOptions = {}): AgentCoreCedarSchema {
    const blocking = checkTargetTools(targets, "targets").filter((p) => p.invariant === "I10");
    if (blocking.length > 0) throw new CedarSchemaError(blocking);
    const principalTypes = [...new Set(options.principalTypes ?? [IAM_ENTITY_TYPE, OAUTH_USER_TYPE])];
    if (principalTypes.length === 0) {
        throw new CedarSchemaError([
            { invariant: "I10", message: "options.principalTypes is empty: no caller could ever call a tool.", fix: 'Use ["IamEntity"] for an AWS_IAM gateway, ["OAuthUser"] for a CUSTOM_JWT gateway.' },
        ]);
    }

    const idShape: Type<string> = { type: "Record", attributes: { id: { type: "String" } } };
    const entityTypes: Record<string, EntityType<string>> = {
        [IAM_ENTITY_TYPE]: { shape: idShape },
        [OAUTH_USER_TYPE]: { shape: idShape, tags: { type: "String" } },
        [GATEWAY_ENTITY_TYPE]: {},
    };
    const actions: Record<string, ActionType<string>> = {
        [MCP_ACTION]: {},
        [CALL_TOOL_ACTION]: { memberOf: [{ id: MCP_ACTION }] },
    };
    for (const target of targets) {
        actions[target.targetName] = { memberOf: [{ id: CALL_TOOL_ACTION }] };
        for (const tool of target.tools) {
            actions[toolActionName(target.targetName, tool.name)] = {
                memberOf: [{ id: target.targetName }, { id: CALL_TOOL_ACTION }],
                appliesTo: {
                    principalTypes,
                    resourceTypes: [GATEWAY_ENTITY_TYPE],
                    context: { type: "Record", attributes: { input: recordTypeOf(tool.inputSchema), system: SYSTEM_CONTEXT } },
                },
            };
        }
    }
    return { [CEDAR_NAMESPACE]: { entityTypes, actions } };
}

/**
 * Size of the schema in bytes, measured on its minified JSON form. AgentCore's limit is
 * "Cedar schema size | 400 KB | Per policy engine schema" (bedrock-agentcore-limits.html)
 * without saying which format it measures; the JSON form is larger than the Cedar text form
 * of the same schema, so this errs on the side of reporting too early rather than too late.
 */
export function schemaSize(schema: AgentCoreCedarSchema): number {
    return Buffer.byteLength(JSON.stringify(schema), "utf8");
}

/** The tool actions (`<target>___<tool>`) a schema declares, in declaration order. */
export function declaredToolActions(schema: AgentCoreCedarSchema): string[] {
    return Object.entries(schema[CEDAR_NAMESPACE]?.actions ?? {})
        .filter(([, action]) => action.appliesTo !== undefined)
        .map(([name]) => name);
}

/** Every action id a schema declares: Mcp, CallTool, target groups and tools. */
export function declaredActions(schema: AgentCoreCedarSchema): string[] {
    return Object.keys(schema[CEDAR_NAMESPACE]?.actions ?? {});
}

/** The Cedar type of `context.input` for a tool action, or undefined when the action is not a tool. */
export function toolInputType(schema: AgentCoreCedarSchema, action: string): Type<string> | undefined {
    const context = schema[CEDAR_NAMESPACE]?.actions?.[action]?.appliesTo?.context;
    if (context && "attributes" in context) return context.attributes.input;
    return undefined;
}
