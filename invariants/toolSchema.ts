import Ajv, { ErrorObject } from "ajv";
import { compileCached, metaSchemaErrors } from "./ajvCache";
import { LIMITS } from "./limits";
import { NAME_RULES, checkName, toolActionName } from "./names";
import { Problem, problem } from "./problems";

/**
 * MCP tool definitions of a gateway target (Lambda / inline-schema targets), as AgentCore
 * accepts them, and the checks that keep them deployable and typeable in Cedar (I10, I12).
 *
 * AgentCore's `SchemaDefinition` is a small subset of JSON Schema: `type`, `description`,
 * `properties`, `required`, `items` and nothing else; the top level of `inputSchema` and
 * `outputSchema` must be `type: "object"`.
 * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-add-target-lambda.html
 *   ("type (required) – Must be object"; property types string, number, integer, boolean, array, object)
 * The same five keywords are all `@pulumi/aws-native` (`GatewayTargetSchemaDefinitionArgs`) and
 * `@pulumi/aws` (`...ToolSchemaInlinePayloadInputSchema`) accept. Anything else (`enum`, `format`,
 * `minimum`, `oneOf`, `$ref`, ...) cannot be sent to AWS, so it is reported rather than typed.
 */

/** The JSON types AgentCore's tool schemas support. */
export const AGENTCORE_JSON_TYPES = ["string", "number", "integer", "boolean", "array", "object"] as const;
export type JsonSchemaType = (typeof AGENTCORE_JSON_TYPES)[number];

/** The keywords of AgentCore's `SchemaDefinition`. */
export const AGENTCORE_SCHEMA_KEYWORDS = ["type", "description", "properties", "required", "items"] as const;

export interface JsonSchemaScalar {
    type: "string" | "number" | "integer" | "boolean";
    description?: string;
}

export interface JsonSchemaArray {
    type: "array";
    description?: string;
    /** Required here (optional in AWS's API): without it the Cedar `Set` has no element type. */
    items: JsonSchema;
}

export interface JsonSchemaObject {
    type: "object";
    description?: string;
    properties?: Record<string, JsonSchema>;
    /** Names of `properties` that must be present; every other property is optional in Cedar. */
    required?: string[];
}

/** One node of a tool's input or output schema. */
export type JsonSchema = JsonSchemaScalar | JsonSchemaArray | JsonSchemaObject;

/** An MCP tool as a gateway target declares it (API `ToolDefinition`). */
export interface ToolDefinition {
    name: string;
    description: string;
    inputSchema: JsonSchemaObject;
    outputSchema?: JsonSchemaObject;
}

/** The tools one gateway target exposes; the target name prefixes every tool (`<target>___<tool>`). */
export interface TargetTools {
    targetName: string;
    tools: ToolDefinition[];
}

/** Action names the Cedar schema reserves for the action groups above the targets. */
export const RESERVED_ACTION_NAMES: readonly string[] = ["Mcp", "CallTool"];

let ajvInstance: Ajv | undefined;

/**
 * One ajv instance (draft-07 meta-schema; for the five keywords AgentCore accepts, draft-07
 * and 2020-12 agree), in strict mode so that `required` naming an undeclared property and
 * type-less keywords are compile errors, as AgentCore treats them.
 */
function ajv(): Ajv {
    if (!ajvInstance) {
        ajvInstance = new Ajv({ strict: true, allErrors: true, addUsedSchema: false, validateSchema: false });
    }
    return ajvInstance;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `base.key`, or `base["key"]` when the key is not an identifier. */
function propertyPath(base: string, key: string): string {
    return IDENTIFIER.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** `/properties/amount/type` (an ajv instancePath) as an argument path. */
function pointerPath(base: string, pointer: string): string {
    if (pointer === "") return base;
    return pointer
        .split("/")
        .slice(1)
        .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : propertyPath(path, segment)), base);
}

/** The value at a JSON pointer inside `root`, or undefined. */
function valueAt(root: unknown, pointer: string): unknown {
    if (pointer === "") return root;
    let value: unknown = root;
    for (const raw of pointer.split("/").slice(1)) {
        const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (Array.isArray(value)) value = value[Number(segment)];
        else if (isRecord(value)) value = value[segment];
        else return undefined;
    }
    return value;
}

function show(value: unknown): string {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * The JSON Schema meta-schema check (ajv's own words), then ajv's strict compile. Returns the
 * problems, or none when ajv accepts the schema.
 */
function ajvProblems(schema: unknown, path: string, invariant: "I10" | "I12", phase: "meta" | "compile"): Problem[] {
    const validator = ajv();
    if (phase === "meta") {
        const errors: readonly ErrorObject[] = metaSchemaErrors(validator, schema as object);
        if (errors.length === 0) return [];
        // ajv reports an anyOf failure as several errors on one path: one line per path.
        const byPath = new Map<string, string[]>();
        for (const e of errors) {
            const messages = byPath.get(e.instancePath) ?? [];
            messages.push(e.message ?? "is invalid");
            byPath.set(e.instancePath, messages);
        }
        const lines = [...byPath].map(
            ([pointer, messages]) => `${pointerPath(path, pointer)} = ${show(valueAt(schema, pointer))} ${messages.join(", ")}`,
        );
        return [
            problem(
                invariant,
                `${path} is not a valid JSON Schema (draft-07 meta-schema, checked by ajv): ${lines.join("; ")}.`,
                `Write ${path} in AgentCore's JSON Schema subset: { type, description?, properties?, required?, items? } with type one of ${AGENTCORE_JSON_TYPES.join(", ")}.`,
            ),
        ];
    }
    try {
        compileCached(validator, schema as object);
        return [];
    } catch (e) {
        if (!(e instanceof Error)) throw e;
        return [
            problem(
                invariant,
                `${path} does not compile as a JSON Schema (ajv, strict mode): ${e.message}.`,
                `Fix ${path} so that a JSON Schema validator accepts it in strict mode.`,
            ),
        ];
    }
}

/**
 * AgentCore's own rules on one schema node, recursively: supported types only, the five
 * keywords only, `properties` and `required` on objects, `items` on arrays, `required` naming
 * declared properties.
 */
function walkSchema(node: unknown, path: string, invariant: "I10" | "I12", problems: Problem[]): void {
    if (!isRecord(node)) {
        problems.push(
            problem(
                invariant,
                `${path} = ${show(node)} is not a schema object.`,
                `Set ${path} to an object such as { "type": "string", "description": "..." }.`,
            ),
        );
        return;
    }
    for (const keyword of Object.keys(node)) {
        if (!(AGENTCORE_SCHEMA_KEYWORDS as readonly string[]).includes(keyword)) {
            problems.push(
                problem(
                    "I12",
                    `${propertyPath(path, keyword)} = ${show(node[keyword])}: "${keyword}" is not part of AgentCore's tool schema, which accepts only ${AGENTCORE_SCHEMA_KEYWORDS.join(", ")}.`,
                    `Remove "${keyword}" from ${path}; enforce such constraints in the tool itself or in a Cedar policy on context.input.`,
                ),
            );
        }
    }
    const type = node.type;
    if (typeof type !== "string" || !(AGENTCORE_JSON_TYPES as readonly string[]).includes(type)) {
        problems.push(
            problem(
                "I10",
                `${path}.type = ${show(type)} is not a JSON type AgentCore supports (${AGENTCORE_JSON_TYPES.join(", ")}); the tool's input cannot be typed in the Cedar schema.`,
                `Set ${path}.type to one of ${AGENTCORE_JSON_TYPES.join(", ")} (a single type, not a list; no "null").`,
            ),
        );
        return;
    }
    if (node.description !== undefined && typeof node.description !== "string") {
        problems.push(
            problem("I12", `${path}.description = ${show(node.description)} is not a string.`, `Set ${path}.description to a string or remove it.`),
        );
    }
    if (type !== "object") {
        for (const keyword of ["properties", "required"]) {
            if (node[keyword] !== undefined) {
                problems.push(
                    problem(
                        "I10",
                        `${propertyPath(path, keyword)} is set on a schema of type "${type}"; AgentCore allows it only when type is "object".`,
                        `Remove ${keyword} from ${path}, or make ${path} an object.`,
                    ),
                );
            }
        }
    }
    if (type !== "array" && node.items !== undefined) {
        problems.push(
            problem(
                "I10",
                `${path}.items is set on a schema of type "${type}"; AgentCore allows it only when type is "array".`,
                `Remove items from ${path}, or make ${path} an array.`,
            ),
        );
    }
    if (type === "array") {
        if (node.items === undefined) {
            problems.push(
                problem(
                    "I10",
                    `${path} is an array without items; Cedar needs the element type to type the Set.`,
                    `Add ${path}.items, e.g. { "type": "string" }.`,
                ),
            );
        } else {
            walkSchema(node.items, `${path}.items`, invariant, problems);
        }
    }
    if (type === "object") {
        const properties = node.properties;
        if (properties !== undefined && !isRecord(properties)) {
            problems.push(
                problem("I10", `${path}.properties = ${show(properties)} is not an object of property schemas.`, `Set ${path}.properties to { "<name>": { "type": ... } }.`),
            );
        }
        const declared = isRecord(properties) ? properties : {};
        for (const [key, child] of Object.entries(declared)) {
            walkSchema(child, propertyPath(`${path}.properties`, key), invariant, problems);
        }
        const required = node.required;
        if (required !== undefined) {
            if (!Array.isArray(required) || !required.every((r) => typeof r === "string")) {
                problems.push(
                    problem("I10", `${path}.required = ${show(required)} is not a list of property names.`, `Set ${path}.required to a list of names from ${path}.properties.`),
                );
            } else {
                const seen = new Set<string>();
                for (const name of required as string[]) {
                    if (!(name in declared)) {
                        problems.push(
                            problem(
                                "I10",
                                `${path}.required names "${name}", which is not in ${path}.properties; Cedar cannot type a required attribute that has no schema.`,
                                `Declare ${propertyPath(`${path}.properties`, name)} or remove "${name}" from ${path}.required.`,
                            ),
                        );
                    }
                    if (seen.has(name)) {
                        problems.push(problem("I10", `${path}.required lists "${name}" twice.`, `List each required property once.`));
                    }
                    seen.add(name);
                }
            }
        }
    }
}

/** Problems of one input or output schema: AgentCore's rules, then ajv (meta-schema, strict compile). */
function checkSchema(schema: unknown, path: string, invariant: "I10" | "I12"): Problem[] {
    if (!isRecord(schema)) {
        return [problem(invariant, `${path} = ${show(schema)} is not a JSON Schema object.`, `Set ${path} to { "type": "object", "properties": { ... } }.`)];
    }
    const meta = ajvProblems(schema, path, invariant, "meta");
    if (meta.length > 0) return meta;
    const problems: Problem[] = [];
    if (schema.type !== "object") {
        problems.push(
            problem(
                invariant,
                `${path}.type = ${show(schema.type)}: the top level of a tool schema must be "object" (AgentCore maps it to the Cedar record context.input).`,
                `Set ${path}.type to "object" and put the arguments under ${path}.properties.`,
            ),
        );
        return problems;
    }
    walkSchema(schema, path, invariant, problems);
    if (problems.length === 0) problems.push(...ajvProblems(schema, path, invariant, "compile"));
    return problems;
}

/**
 * Checks the tools of one gateway target. `argument` is how the caller set the list, e.g.
 * `targets[0].tools`; every problem names the element path (`targets[0].tools[2].inputSchema`),
 * the value, the rule and the fix.
 *
 * I10: what breaks Cedar typing or action naming (input schema, tool name, duplicates).
 * I12: what only breaks the deploy (limits, output schema, keywords AgentCore does not accept).
 */
export function checkToolDefinitions(targetName: string, tools: ToolDefinition[], argument: string): Problem[] {
    const problems: Problem[] = [];
    if (!Array.isArray(tools)) {
        return [problem("I10", `${argument} = ${show(tools)} is not a list of tool definitions.`, `Set ${argument} to a list of { name, description, inputSchema }.`)];
    }
    if (tools.length > LIMITS.toolsPerTarget) {
        problems.push(
            problem(
                "I12",
                `${argument} of target "${targetName}" declares ${tools.length} tools; AgentCore allows at most ${LIMITS.toolsPerTarget} tools per target.`,
                `Split the tools over several targets of at most ${LIMITS.toolsPerTarget} tools each.`,
            ),
        );
    }
    const firstIndex = new Map<string, number>();
    tools.forEach((tool: unknown, i) => {
        const at = `${argument}[${i}]`;
        if (!isRecord(tool)) {
            problems.push(problem("I10", `${at} = ${show(tool)} is not a tool definition.`, `Set ${at} to { name, description, inputSchema }.`));
            return;
        }
        const name = tool.name;
        if (typeof name !== "string") {
            problems.push(problem("I10", `${at}.name = ${show(name)} is not a string.`, `Give the tool a name of ${NAME_RULES.tool.describe}.`));
        } else {
            const bad = checkName("tool", name, `${at}.name`);
            if (bad) {
                problems.push({
                    ...bad,
                    invariant: "I10",
                    message: `${bad.message.replace(/\.$/, "")}; it becomes the Cedar action AgentCore::Action::${JSON.stringify(toolActionName(targetName, name))}.`,
                });
            }
            const earlier = firstIndex.get(name);
            if (earlier !== undefined) {
                problems.push(
                    problem(
                        "I10",
                        `${at}.name = ${JSON.stringify(name)} duplicates ${argument}[${earlier}].name in target "${targetName}"; both would be the Cedar action ${JSON.stringify(toolActionName(targetName, name))}.`,
                        `Give every tool of target "${targetName}" a distinct name.`,
                    ),
                );
            } else {
                firstIndex.set(name, i);
            }
        }
        if (typeof tool.description !== "string" || tool.description.trim() === "") {
            problems.push(
                problem(
                    "I12",
                    `${at}.description = ${show(tool.description)} is empty; AgentCore requires a tool description (the model chooses tools by it).`,
                    `Describe what the tool does in ${at}.description.`,
                ),
            );
        }
        if (tool.inputSchema === undefined) {
            problems.push(problem("I10", `${at}.inputSchema is missing; AgentCore requires it and Cedar types context.input from it.`, `Set ${at}.inputSchema to { "type": "object", "properties": { ... } }.`));
        } else {
            problems.push(...checkSchema(tool.inputSchema, `${at}.inputSchema`, "I10"));
        }
        if (tool.outputSchema !== undefined) {
            problems.push(...checkSchema(tool.outputSchema, `${at}.outputSchema`, "I12"));
        }
    });
    return problems;
}

/**
 * Checks every target of a gateway: target names (they prefix every Cedar action), no
 * duplicate or reserved names, at most LIMITS.targetsPerGateway targets, then each target's tools.
 * `argument` is how the caller set the list, e.g. `targets`.
 */
export function checkTargetTools(targets: TargetTools[], argument: string): Problem[] {
    const problems: Problem[] = [];
    if (targets.length > LIMITS.targetsPerGateway) {
        problems.push(
            problem(
                "I12",
                `${argument} declares ${targets.length} targets; a gateway allows at most ${LIMITS.targetsPerGateway}.`,
                `Spread the targets over several gateways of at most ${LIMITS.targetsPerGateway} targets each.`,
            ),
        );
    }
    const firstIndex = new Map<string, number>();
    targets.forEach((target, i) => {
        const at = `${argument}[${i}]`;
        if (typeof target.targetName !== "string") {
            problems.push(problem("I10", `${at}.targetName = ${show(target.targetName)} is not a string.`, `Name the target with ${NAME_RULES.target.describe}.`));
            return;
        }
        const bad = checkName("target", target.targetName, `${at}.targetName`);
        if (bad) {
            problems.push({ ...bad, invariant: "I10" });
        } else if (RESERVED_ACTION_NAMES.includes(target.targetName)) {
            problems.push(
                problem(
                    "I10",
                    `${at}.targetName = ${JSON.stringify(target.targetName)} collides with the Cedar action group AgentCore::Action::"${target.targetName}".`,
                    `Choose a target name other than ${RESERVED_ACTION_NAMES.join(" or ")}.`,
                ),
            );
        }
        const earlier = firstIndex.get(target.targetName);
        if (earlier !== undefined) {
            problems.push(
                problem(
                    "I10",
                    `${at}.targetName = ${JSON.stringify(target.targetName)} duplicates ${argument}[${earlier}].targetName; target names must be unique within a gateway.`,
                    `Give every target a distinct name.`,
                ),
            );
        } else {
            firstIndex.set(target.targetName, i);
        }
        problems.push(...checkToolDefinitions(target.targetName, target.tools, `${at}.tools`));
    });
    return problems;
}
