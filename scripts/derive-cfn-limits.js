#!/usr/bin/env node
// Derives, from AWS's CloudFormation registry schemas (../shared/cfn-schemas, vendored byte for
// byte from pulumi/pulumi-aws-native, see its SOURCES.json), every published limit of the input
// properties of the types we register: maxLength/minLength, pattern, maxItems/minItems,
// minimum/maximum, enum, maxProperties/minProperties, an item default, and each type's
// createOnlyProperties (an update AWS cannot make in place). Each property path is paired with
// the name @pulumi/aws-native gives it (checked against the installed SDK's declarations), so
// the pack can read raw resources by the same table. Writes invariants/cfnLimits.generated.ts;
// tests/invariants/cfnLimits.test.ts re-derives and compares, so a schema update cannot leave
// the table stale. The generated module never reads the schemas at run time.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const OUT = path.join(root, "invariants", "cfnLimits.generated.ts");
const DEFAULT_SCHEMAS = path.resolve(root, "..", "shared", "cfn-schemas");

/** The JSON Schema keywords that are limits AWS enforces at create/update time. */
const KEYWORDS = ["minLength", "maxLength", "pattern", "minItems", "maxItems", "minimum", "maximum", "enum", "minProperties", "maxProperties"];

/** `AWS::BedrockAgentCore::Gateway` -> `aws-native:bedrockagentcore:Gateway` (aws-native's token rule). */
function nativeToken(typeName) {
    const [, service, resource] = typeName.split("::");
    return `aws-native:${service.toLowerCase()}:${resource}`;
}

/** aws-native's property names: lower camel case, acronyms as words (`CustomJWTAuthorizer` -> `customJwtAuthorizer`). */
function camel(name) {
    const words = name.match(/[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [name];
    return words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0) + w.slice(1).toLowerCase())).join("");
}

/** The declaration text of one aws-native type and of its module's input types, or undefined when the SDK lacks the type. */
function sdkDeclarations(token) {
    const [, module, name] = token.split(":");
    const dir = path.dirname(require.resolve("@pulumi/aws-native/package.json", { paths: [root] }));
    const file = path.join(dir, module, `${name.charAt(0).toLowerCase()}${name.slice(1)}.d.ts`);
    if (!fs.existsSync(file)) return undefined;
    return fs.readFileSync(file, "utf8") + fs.readFileSync(path.join(dir, "types", "input.d.ts"), "utf8");
}

/** The SDK name of one schema property name, confirmed in the SDK's declarations. */
function sdkName(declarations, cfnName) {
    for (const candidate of [camel(cfnName), cfnName.charAt(0).toLowerCase() + cfnName.slice(1)]) {
        if (new RegExp(`\\b${candidate}\\??: `).test(declarations)) return candidate;
    }
    throw new Error(`${cfnName}: no property ${camel(cfnName)} in the installed @pulumi/aws-native declarations`);
}

function limitsOf(node) {
    const out = {};
    for (const k of KEYWORDS) if (node[k] !== undefined) out[k] = node[k];
    return out;
}

/** Walks one schema; calls `emit(cfnSegments, sdkSegments, limits)` for each node with limits. */
function walk(schema, declarations, emit, skip) {
    const visit = (node, cfn, sdk, refs) => {
        if (!node || typeof node !== "object") return;
        if (node.$ref) {
            const def = node.$ref.split("/").pop();
            if (refs.includes(def)) return; // recursive definitions (JSON Schema of tool inputs)
            visit(schema.definitions[def], cfn, sdk, [...refs, def]);
        }
        const limits = limitsOf(node);
        if (node.items && node.items.default !== undefined) limits.itemDefault = node.items.default;
        if (Object.keys(limits).length) emit(cfn, sdk, limits);
        for (const [k, v] of Object.entries(node.properties ?? {})) {
            visit(v, [...cfn, k], declarations ? [...sdk, sdkName(declarations, k)] : sdk, refs);
        }
        if (node.items) visit(node.items, [...cfn, "[]"], [...sdk, "[]"], refs);
        for (const [keyPattern, v] of Object.entries(node.patternProperties ?? {})) {
            emit([...cfn, "{key}"], [...sdk, "{key}"], { pattern: keyPattern });
            visit(v, [...cfn, "{}"], [...sdk, "{}"], refs);
        }
        for (const k of ["oneOf", "anyOf", "allOf"]) for (const alt of node[k] ?? []) visit(alt, cfn, sdk, refs);
    };
    // Read-only properties are outputs (AWS sets them): not walked, their names need no SDK match.
    const inputs = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !skip.has(k)));
    visit({ properties: inputs }, [], [], []);
}

function join(segments) {
    return segments.reduce((s, x) => (x.startsWith("[") || x.startsWith("{") ? s + x : s ? `${s}.${x}` : x), "");
}

/** One entry per schema file: its type, aws-native token, createOnly properties and property limits. */
function derive(schemaDir = DEFAULT_SCHEMAS) {
    const files = fs.readdirSync(schemaDir).filter((f) => f.endsWith(".json") && f !== "SOURCES.json").sort();
    const table = {};
    for (const file of files) {
        const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, file), "utf8"));
        const token = nativeToken(schema.typeName);
        const declarations = sdkDeclarations(token);
        const readOnly = new Set((schema.readOnlyProperties ?? []).map((p) => p.replace(/^\/properties\//, "").split("/")[0]));
        const properties = {};
        walk(schema, declarations, (cfn, sdk, limits) => {
            const key = join(cfn);
            const entry = { ...(declarations ? { sdk: join(sdk) } : {}), ...limits };
            const seen = properties[key];
            // oneOf alternatives may repeat a path; they must agree, or the table would lie.
            if (seen && JSON.stringify(seen) !== JSON.stringify(entry)) throw new Error(`${schema.typeName} ${key}: alternatives disagree`);
            properties[key] = entry;
        }, readOnly);
        const createOnly = (schema.createOnlyProperties ?? []).map((p) => p.replace(/^\/properties\//, "").split("/"));
        table[schema.typeName] = {
            source: file,
            token: declarations ? token : undefined,
            createOnly: createOnly.map((segments) => segments.join(".")),
            // As Pulumi's replaceOnChanges paths, in the SDK's names.
            replaceOnChanges: declarations ? createOnly.map((segments) => segments.map((x) => sdkName(declarations, x)).join(".")) : [],
            properties,
        };
    }
    return table;
}

function literal(value) {
    return JSON.stringify(value);
}

function render(table) {
    const lines = [];
    for (const [typeName, t] of Object.entries(table)) {
        lines.push(`    ${literal(typeName)}: {`);
        lines.push(`        source: ${literal(t.source)},`);
        lines.push(`        token: ${t.token === undefined ? "undefined" : literal(t.token)},`);
        lines.push(`        createOnly: [${t.createOnly.map(literal).join(", ")}],`);
        lines.push(`        replaceOnChanges: [${t.replaceOnChanges.map(literal).join(", ")}],`);
        const entries = Object.entries(t.properties);
        // IAM's schemas publish no limits: theirs come from the IAM docs (invariants/limits.ts).
        lines.push(entries.length ? "        properties: {" : "        properties: {},");
        for (const [p, limits] of entries) {
            const fields = Object.entries(limits).map(([k, v]) => `${k}: ${literal(v)}`);
            lines.push(`            ${literal(p)}: { ${fields.join(", ")} },`);
        }
        if (entries.length) lines.push("        },");
        lines.push("    },");
    }
    return [
        "// Generated by scripts/derive-cfn-limits.js from AWS's CloudFormation registry schemas",
        "// (../shared/cfn-schemas, as vendored by pulumi/pulumi-aws-native); do not edit",
        "// (tests/invariants/cfnLimits.test.ts re-derives it and fails when they differ).",
        "// Paths: `.` nests, `[]` is a list item, `{}` a map value, `{key}` a map key. `sdk` is the",
        "// same path in @pulumi/aws-native's names. Patterns are JSON Schema patterns (a match",
        "// anywhere in the value, unless the pattern anchors itself).",
        "",
        "/** The limits a CloudFormation schema publishes for one property. */",
        "export interface SchemaLimits {",
        "    readonly sdk?: string;",
        "    readonly minLength?: number;",
        "    readonly maxLength?: number;",
        "    readonly pattern?: string;",
        "    readonly minItems?: number;",
        "    readonly maxItems?: number;",
        "    readonly minimum?: number;",
        "    readonly maximum?: number;",
        "    readonly enum?: readonly string[];",
        "    readonly minProperties?: number;",
        "    readonly maxProperties?: number;",
        "    /** The schema's default for the items of a list. */",
        "    readonly itemDefault?: string;",
        "}",
        "",
        "/** One CloudFormation type: its schema file, its aws-native token, and its input properties' limits. */",
        "export interface CfnTypeLimits {",
        "    readonly source: string;",
        "    /** Undefined when the installed @pulumi/aws-native does not declare the type. */",
        "    readonly token: string | undefined;",
        "    /** Properties AWS cannot update in place (a change replaces the resource). */",
        "    readonly createOnly: readonly string[];",
        "    /** The same, as Pulumi `replaceOnChanges` paths in @pulumi/aws-native's names. */",
        "    readonly replaceOnChanges: readonly string[];",
        "    readonly properties: Readonly<Record<string, SchemaLimits>>;",
        "}",
        "",
        "export const CFN_LIMITS = {",
        ...lines,
        "} as const satisfies Record<string, CfnTypeLimits>;",
        "",
        "export type CfnTypeName = keyof typeof CFN_LIMITS;",
        "",
    ].join("\n");
}

module.exports = { derive, render, camel, DEFAULT_SCHEMAS };

if (require.main === module) {
    fs.writeFileSync(OUT, render(derive(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_SCHEMAS)));
    console.log(`wrote ${path.relative(root, OUT)}`);
}
