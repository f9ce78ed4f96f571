import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { compileCached } from "../../invariants/ajvCache";
import { ContentCache } from "../../invariants/contentCache";
import { goQuote } from "./goFormat";

/**
 * JSON Schema validation of one policy's config as the Pulumi CLI does it: with gojsonschema
 * v1.2.0 (pulumi/pulumi pkg/go.mod:37) through `gojsonschema.Validate` (pulumi/pulumi
 * pkg/resource/analyzer/config.go:215), whose messages this file reproduces.
 *
 * Draft: `Validate` compiles with `NewSchemaLoader()` (xeipuuv/gojsonschema schema.go:50),
 * whose draft is `Hybrid` with auto-detection (schemaLoader.go:39-41), i.e. draft-07 keywords
 * plus draft-04/06 spellings, for a schema without `$schema` (the CLI never sets one:
 * config.go:263-273). Ajv's default class is draft-07, the closest match; `strict: false`
 * because gojsonschema ignores keywords it does not know. Not modeled: draft-04 boolean
 * `exclusiveMinimum`/`exclusiveMaximum` (Ajv rejects them when compiling) and `format`
 * (gojsonschema checks the standard formats; ajv-formats is not a runtime dependency here).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
    [key: string]: JsonValue;
}

/** Field names as gojsonschema prints them: `(root)`, `a`, `a.0` (result.go:94-96, jsonContext.go:61-73). */
const ROOT = "(root)";

function fieldOf(instancePath: string): string {
    if (instancePath === "") return ROOT;
    return instancePath
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .join(".");
}

/** gojsonschema's names for a JSON value's type (types.go:29-37; validation.go:117-258). */
function jsonTypeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    if (typeof value === "object") return "object";
    return typeof value;
}

/** The value at an Ajv `instancePath` inside the validated document. */
function valueAt(document: unknown, instancePath: string): unknown {
    if (instancePath === "") return document;
    let node: unknown = document;
    for (const raw of instancePath.slice(1).split("/")) {
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string, unknown>)[key];
    }
    return node;
}

/** `jsonSchemaType.String()`: one type by name, several as `[a,b]` (schemaType.go:70-83). */
function expectedTypes(type: unknown): string {
    if (Array.isArray(type)) return type.length === 1 ? String(type[0]) : `[${type.join(",")}]`;
    return String(type);
}

/** gojsonschema prints numbers in schemas with `%v` of a `big.Float`/int; JS shortest form agrees for config-sized numbers. */
function num(value: unknown): string {
    return String(value);
}

/**
 * gojsonschema's description for what Ajv reports, from DefaultLocale (locales.go:196-457).
 * Returns the whole `ResultError.String()` (`{{.field}}: {{.description}}`, locales.go:439-441;
 * result.go:159-182).
 */
function describe(error: ErrorObject, document: unknown): string {
    const field = fieldOf(error.instancePath);
    const p = error.params as Record<string, unknown>;
    const text = (description: string) => `${field}: ${description}`;
    switch (error.keyword) {
        case "type":
            return text(`Invalid type. Expected: ${expectedTypes(p.type)}, given: ${jsonTypeOf(valueAt(document, error.instancePath))}`);
        case "required":
            return text(`${String(p.missingProperty)} is required`);
        case "enum":
            // gojsonschema keeps enum members as marshalled JSON (validation.go:437).
            return text(`${field} must be one of the following: ${((p.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(", ")}`);
        case "const":
            return text(`${field} does not match: ${JSON.stringify(p.allowedValue)}`);
        case "pattern":
            return text(`Does not match pattern '${String(p.pattern)}'`);
        case "format":
            return text(`Does not match format '${String(p.format)}'`);
        case "minLength":
            return text(`String length must be greater than or equal to ${num(p.limit)}`);
        case "maxLength":
            return text(`String length must be less than or equal to ${num(p.limit)}`);
        case "minItems":
            return text(`Array must have at least ${num(p.limit)} items`);
        case "maxItems":
            return text(`Array must have at most ${num(p.limit)} items`);
        case "uniqueItems": {
            // gojsonschema names the earlier index first (validation.go:517-535); Ajv the later.
            const [i, j] = [Number(p.i), Number(p.j)].sort((a, b) => a - b);
            return text(`array items[${i},${j}] must be unique`);
        }
        case "minProperties":
            return text(`Must have at least ${num(p.limit)} properties`);
        case "maxProperties":
            return text(`Must have at most ${num(p.limit)} properties`);
        case "additionalProperties":
            return text(`Additional property ${String(p.additionalProperty)} is not allowed`);
        case "propertyNames":
            return text(`Property name of ${goQuote(String(p.propertyName))} does not match`);
        case "dependencies":
            return text(`Has a dependency on ${String(p.missingProperty)}`);
        case "multipleOf":
            return text(`Must be a multiple of ${num(p.multipleOf)}`);
        case "minimum":
            return text(`Must be greater than or equal to ${num(p.limit)}`);
        case "exclusiveMinimum":
            return text(`Must be greater than ${num(p.limit)}`);
        case "maximum":
            return text(`Must be less than or equal to ${num(p.limit)}`);
        case "exclusiveMaximum":
            return text(`Must be less than ${num(p.limit)}`);
        case "anyOf":
            return text("Must validate at least one schema (anyOf)");
        case "oneOf":
            return text("Must validate one and only one schema (oneOf)");
        case "not":
            return text("Must not validate the schema (not)");
        case "contains":
            return text("At least one of the items must match");
        case "additionalItems":
            return text("No additional items allowed on array");
        case "if":
            return text(p.failingKeyword === "else" ? 'Must validate "else" as "if" was not valid' : 'Must validate "then" as "if" was valid');
        case "false schema":
            return text("False always fails validation");
        default:
            return text(error.message ?? error.keyword);
    }
}

/**
 * gojsonschema stops at a node whose type is wrong (validation.go:97-258 `return`s after the
 * InvalidTypeError): drop what Ajv reports at or below such a node besides the type error.
 */
function asGojsonschemaReports(errors: readonly ErrorObject[]): ErrorObject[] {
    const wrongType = errors.filter((e) => e.keyword === "type").map((e) => e.instancePath);
    const under = (path: string, node: string) => path === node || path.startsWith(`${node}/`);
    return errors.filter((e) => e.keyword === "type" || !wrongType.some((node) => under(e.instancePath, node)));
}

/** Thrown when a schema does not compile; gojsonschema's `Validate` returns an error there (config.go:215-218). */
export class SchemaCompileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SchemaCompileError";
    }
}

let ajv: Ajv | undefined;

function validator(): Ajv {
    // `addUsedSchema: false`: each policy's schema is its own document, even if two share an `$id`.
    ajv ??= new Ajv({ allErrors: true, strict: false, validateFormats: false, addUsedSchema: false });
    return ajv;
}

function compile(schema: JsonObject): ValidateFunction {
    try {
        return compileCached(validator(), schema);
    } catch (e) {
        throw new SchemaCompileError((e as Error).message);
    }
}

/**
 * The messages gojsonschema gives for `document` against `schema`, each `ResultError.String()`
 * with the `(root): ` prefix trimmed as the CLI trims it (config.go:219-226). Empty when valid.
 */
export function schemaErrors(schema: JsonObject, document: JsonObject): string[] {
    const validate = compile(schema);
    if (validate(document)) return [];
    return asGojsonschemaReports(validate.errors ?? []).map((e) => {
        const message = describe(e, document);
        return message.startsWith(`${ROOT}: `) ? message.slice(ROOT.length + 2) : message;
    });
}

/** Whether the schema compiles under the draft the CLI uses (draft-07 meta-schema, strict keywords). */
export function schemaProblems(schema: JsonObject): string[] {
    // A fresh instance per schema (it registers the schema's $id), so the verdict is kept by text.
    return [...strictVerdicts.get(JSON.stringify(schema), () => {
        const strict = new Ajv({ allErrors: true, strict: true, validateFormats: false });
        try {
            strict.compile(schema);
            return [];
        } catch (e) {
            return [(e as Error).message];
        }
    })];
}

const strictVerdicts = new ContentCache<readonly string[]>(1024);
