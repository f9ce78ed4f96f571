import type { EnforcementLevel } from "./analyzerRequests";
import { closestName } from "./closestName";
import { goQuote, goValue } from "./goFormat";
import { JsonObject, SchemaCompileError, schemaErrors } from "./policyConfigSchema";

/**
 * Policy pack config exactly as the Pulumi CLI reads, reconciles, validates and sends it
 * (`pulumi preview|up --policy-pack <dir> --policy-pack-config <file>`). Pure functions over
 * decoded JSON. Upstream, cited as `config.go` (pulumi/pulumi pkg/resource/analyzer/config.go),
 * `update.go` (pkg/engine/update.go), `analyzer_plugin.go`
 * (sdk/go/common/resource/plugin/analyzer_plugin.go) and `policy.go`
 * (sdk/go/common/apitype/policy.go), all at pulumi/pulumi 1b5949891b3cefcb9974752b24a5ecef0acc86c8.
 */

export type { JsonObject, JsonValue } from "./policyConfigSchema";

/** An enforcement level, or `""`: Go's zero value, "not set" (config.go:125, 351). */
export type ConfigLevel = EnforcementLevel | "";

/** `plugin.AnalyzerPolicyConfig`: a level and the policy's properties (nil when none). */
export interface AnalyzerPolicyConfig {
    enforcementLevel: ConfigLevel;
    properties?: JsonObject;
}

/** Policy (or `all`, or any key the file has) -> its config; a Go map, so order carries no meaning. */
export type PolicyConfigMap = Map<string, AnalyzerPolicyConfig>;

/** `plugin.AnalyzerPolicyConfigSchema`: only `properties` and `required` survive (analyzer_plugin.go:867-882). */
export interface PolicyConfigSchemaInfo {
    properties: Record<string, JsonObject>;
    required: string[];
}

/** What the CLI keeps of a policy's `PolicyInfo` for config (analyzer_plugin.go:530-543). */
export interface AnalyzerPolicyInfo {
    name: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: PolicyConfigSchemaInfo;
}

/** What the CLI keeps of `GetAnalyzerInfo` for config (analyzer_plugin.go:569-581). */
export interface AnalyzerConfigInfo {
    name: string;
    version: string;
    supportsConfig: boolean;
    policies: AnalyzerPolicyInfo[];
    initialConfig: PolicyConfigMap;
}

/** A policy config file, parsed: per-key config and the ESC environments it names. */
export interface ParsedPolicyPackConfig {
    config: PolicyConfigMap;
    environments: string[];
}

/** One `Configure` entry: what the pack receives for a key (analyzer_plugin.go:620-636). */
export interface ConfiguredPolicy {
    enforcementLevel: EnforcementLevel;
    properties: JsonObject;
}

/**
 * Why the CLI refuses a config, each with the CLI's own text: the file does not parse
 * (`parse`), it needs what an offline run or the pack lacks (`unsupported`), a schema does not
 * compile (`schema`), a policy's config does not satisfy its schema (`invalid`, one line per
 * violation in `errors`), or `Configure` refuses an entry (`configure`).
 */
export type PolicyConfigErrorKind = "parse" | "unsupported" | "schema" | "invalid" | "configure";

export class PolicyConfigError extends Error {
    constructor(
        readonly kind: PolicyConfigErrorKind,
        message: string,
        /** For `invalid`: each violation as the CLI prints it, sorted (update.go:838-839, 1056-1059). */
        readonly errors: string[] = [],
    ) {
        super(message);
        this.name = "PolicyConfigError";
    }
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** `EnforcementLevel.IsValid` (policy.go:188-194). */
export function isValidLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

function isObject(value: unknown): value is JsonObject {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Go's `encoding/json` name for what it cannot decode into a map (`cannot unmarshal <kind>`). */
function jsonKind(value: unknown): string {
    if (Array.isArray(value)) return "array";
    if (typeof value === "boolean") return "bool";
    return typeof value;
}

/** `extractEnforcementLevel` (config.go:162-180): takes `enforcementLevel` out of the entry. */
function extractEnforcementLevel(props: JsonObject): { level: ConfigLevel; rest: JsonObject } {
    if (!Object.prototype.hasOwnProperty.call(props, "enforcementLevel")) return { level: "", rest: props };
    const { enforcementLevel: value, ...rest } = props;
    if (typeof value !== "string") throw new Error(`${goValue(value)} is not a valid enforcement level; must be a string`); // config.go:167-170
    if (!isValidLevel(value)) throw new Error(`${goQuote(value)} is not a valid enforcement level`); // config.go:171-174
    return { level: value, rest };
}

/** The `environments` key (config.go:106-122): ESC environment names, removed from the policies. */
function extractEnvironments(document: Record<string, unknown>): string[] {
    if (!Object.prototype.hasOwnProperty.call(document, "environments")) return [];
    const raw = document.environments;
    if (!Array.isArray(raw)) throw new PolicyConfigError("parse", `"environments" must be an array of strings, got ${goTypeName(raw)}`);
    return raw.map((v, i) => {
        if (typeof v !== "string") throw new PolicyConfigError("parse", `"environments[${i}]" must be a string, got ${goTypeName(v)}`);
        return v;
    });
}

/** Go's `%T` of a decoded JSON value. */
function goTypeName(value: unknown): string {
    if (value === null || value === undefined) return "<nil>";
    if (Array.isArray(value)) return "[]interface {}";
    if (typeof value === "object") return "map[string]interface {}";
    if (typeof value === "number") return "float64";
    if (typeof value === "boolean") return "bool";
    return "string";
}

/** One entry (config.go:124-146): a level string, or an object with an optional level and properties. */
function parseEntry(key: string, value: unknown): AnalyzerPolicyConfig {
    if (typeof value === "string") {
        if (!isValidLevel(value)) throw new PolicyConfigError("parse", `parsing enforcement level for ${goQuote(key)}: ${goQuote(value)} is not a valid enforcement level`);
        return { enforcementLevel: value };
    }
    if (isObject(value)) {
        let extracted;
        try {
            extracted = extractEnforcementLevel(value);
        } catch (e) {
            throw new PolicyConfigError("parse", `parsing enforcement level for ${goQuote(key)}: ${(e as Error).message}`); // config.go:135-138
        }
        const hasProperties = Object.keys(extracted.rest).length > 0; // config.go:140-142
        return hasProperties ? { enforcementLevel: extracted.level, properties: extracted.rest } : { enforcementLevel: extracted.level };
    }
    throw new PolicyConfigError("parse", `parsing ${goQuote(key)}: ${goValue(value)} is not a valid value; must be a string or object`); // config.go:143-144
}

/**
 * `parsePolicyPackConfig` (config.go:93-158) over a decoded JSON document: `environments`
 * taken out, then each key an enforcement level or an object; entries with neither a level nor
 * properties are dropped (config.go:147-150). Keys are not checked against the pack here.
 */
export function parsePolicyPackConfig(document: unknown): ParsedPolicyPackConfig {
    // json.Unmarshal of `null` into a map leaves it empty; anything but an object fails (config.go:101-104).
    if (document === null || document === undefined) return { config: new Map(), environments: [] };
    if (!isObject(document)) throw new PolicyConfigError("parse", `json: cannot unmarshal ${jsonKind(document)} into Go value of type map[string]interface {}`);
    const environments = extractEnvironments(document);
    const config: PolicyConfigMap = new Map();
    for (const [key, value] of Object.entries(document)) {
        if (key === "environments") continue; // config.go:121
        const entry = parseEntry(key, value);
        if (entry.enforcementLevel === "" && entry.properties === undefined) continue; // config.go:147-150
        config.set(key, entry);
    }
    return { config, environments };
}

/** A config file's text: blank is no config (config.go:96-99), otherwise JSON. */
export function parsePolicyPackConfigText(text: string): ParsedPolicyPackConfig {
    if (text.trim() === "") return { config: new Map(), environments: [] };
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (e) {
        // Go's decoder words its syntax errors differently; the position is what helps.
        throw new PolicyConfigError("parse", (e as Error).message);
    }
    return parsePolicyPackConfig(document);
}

/**
 * A policy's schema as the CLI holds it: with config support, every policy has one, with
 * `enforcementLevel` injected as an enum (analyzer_plugin.go:513-528); without, none.
 */
export function policyConfigSchema(sent: { properties: JsonObject; required: string[] } | undefined, supportsConfig: boolean): PolicyConfigSchemaInfo | undefined {
    if (!supportsConfig) return undefined;
    const properties: Record<string, JsonObject> = {};
    for (const [k, v] of Object.entries(sent?.properties ?? {})) if (isObject(v)) properties[k] = v; // analyzer_plugin.go:873-876
    properties.enforcementLevel = { type: "string", enum: [...LEVELS] };
    return { properties, required: sent?.required ?? [] };
}

/** `convertSchema` (config.go:263-273): an object schema with only `properties` and `required`. */
function convertSchema(schema: PolicyConfigSchemaInfo): JsonObject {
    const result: JsonObject = { type: "object" };
    if (Object.keys(schema.properties).length > 0) result.properties = schema.properties;
    if (schema.required.length > 0) result.required = schema.required;
    return result;
}

/** `createConfigWithDefaults` (config.go:276-302): every policy at its level, with its schema's defaults. */
export function createConfigWithDefaults(policies: readonly AnalyzerPolicyInfo[]): PolicyConfigMap {
    const result: PolicyConfigMap = new Map();
    for (const policy of policies) {
        let properties: JsonObject | undefined;
        for (const [k, v] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (!Object.prototype.hasOwnProperty.call(v, "default")) continue; // config.go:286
            properties ??= {};
            properties[k] = v.default;
        }
        result.set(policy.name, properties === undefined ? { enforcementLevel: policy.enforcementLevel } : { enforcementLevel: policy.enforcementLevel, properties });
    }
    return result;
}

/**
 * `applyConfig` (config.go:337-372): a valid `all` level first replaces every entry's level;
 * then each given key (`all` and unknown names included) gets its level if valid and its
 * properties merged key by key over what it had.
 */
export function applyConfig(result: PolicyConfigMap, toApply: PolicyConfigMap): PolicyConfigMap {
    const next: PolicyConfigMap = new Map(result);
    const all = toApply.get("all");
    if (all !== undefined && isValidLevel(all.enforcementLevel)) {
        for (const [k, v] of next) next.set(k, { ...v, enforcementLevel: all.enforcementLevel }); // config.go:341-348
    }
    for (const [policy, given] of toApply) {
        const current = next.get(policy); // config.go:354-357
        const enforcementLevel = isValidLevel(given.enforcementLevel) ? given.enforcementLevel : (current?.enforcementLevel ?? ""); // config.go:359-361
        let properties = current?.properties;
        const givenProperties = given.properties ?? {};
        if (Object.keys(givenProperties).length > 0) properties = { ...(properties ?? {}), ...givenProperties }; // config.go:362-365
        next.set(policy, properties === undefined ? { enforcementLevel } : { enforcementLevel, properties });
    }
    return next;
}

/**
 * `validatePolicyPackConfig` (config.go:183-208): each policy of the pack that has a schema,
 * its properties (or `{}`) against that schema; keys naming no policy are never validated.
 * Each message is `<policy>: <gojsonschema error>`. Throws `SchemaCompileError`.
 */
export function validatePolicyPackConfig(policies: readonly AnalyzerPolicyInfo[], config: PolicyConfigMap): string[] {
    const errors: string[] = [];
    for (const policy of policies) {
        if (policy.configSchema === undefined) continue; // config.go:189-191
        const props = config.get(policy.name)?.properties ?? {}; // config.go:192-198
        for (const message of schemaErrors(convertSchema(policy.configSchema), props)) errors.push(`${policy.name}: ${message}`); // config.go:203-205
    }
    return errors;
}

/**
 * `ReconcilePolicyPackConfig` (config.go:307-335): defaults, then the pack's initial config,
 * then the file's; validated. Either the config or the validation errors.
 */
export function reconcilePolicyPackConfig(
    policies: readonly AnalyzerPolicyInfo[],
    initialConfig: PolicyConfigMap | undefined,
    config: PolicyConfigMap | undefined,
): { config: PolicyConfigMap; validationErrors: [] } | { config?: undefined; validationErrors: string[] } {
    let result = createConfigWithDefaults(policies);
    if (initialConfig !== undefined) result = applyConfig(result, initialConfig); // config.go:317-319
    if (config !== undefined) result = applyConfig(result, config); // config.go:322-324
    const validationErrors = validatePolicyPackConfig(policies, result);
    if (validationErrors.length > 0) return { validationErrors }; // config.go:331-333
    return { config: result, validationErrors: [] };
}

/**
 * What `Configure` sends (analyzer_plugin.go:611-636): nothing at all for an empty config
 * (615-618, the RPC is not made); an entry whose level is not valid (a key naming no policy,
 * or `all`, given only properties) fails the call (623-625).
 */
export function configureEntries(config: PolicyConfigMap): Map<string, ConfiguredPolicy> | undefined {
    if (config.size === 0) return undefined;
    const entries = new Map<string, ConfiguredPolicy>();
    for (const [key, value] of config) {
        if (!isValidLevel(value.enforcementLevel)) throw new Error(`invalid enforcement level ${goQuote(value.enforcementLevel)}`);
        entries.set(key, { enforcementLevel: value.enforcementLevel, properties: value.properties ?? {} });
    }
    return entries;
}

/** Before the pack is loaded: a file naming ESC environments needs a backend that resolves them (update.go:959-968). */
export function assertResolvableEnvironments(file: ParsedPolicyPackConfig | undefined, packPath: string): void {
    if (file === undefined || file.environments.length === 0) return;
    throw new PolicyConfigError("unsupported", `policy pack at ${goQuote(packPath)} specifies ESC environments but the current backend does not support them`);
}

/**
 * A local pack's config, from `GetAnalyzerInfo` to the `Configure` request, as
 * `loadPolicyPlugins` does it for `preview`/`up` (called at update.go:1116; the steps at
 * 1006-1042, 1054-1061): the entries to send (undefined: no `Configure` call), or a
 * `PolicyConfigError` with the CLI's message. (`pulumi policy analyze` goes through
 * `LoadLocalPolicyPackAnalyzers`, update.go:280-329, which words validation errors differently.)
 */
export function packConfiguration(info: AnalyzerConfigInfo, file: ParsedPolicyPackConfig | undefined, packPath: string): Map<string, ConfiguredPolicy> | undefined {
    const where = `${goQuote(info.name)} at ${goQuote(packPath)}`;
    if (!info.supportsConfig) {
        if (file !== undefined) throw new PolicyConfigError("unsupported", `policy pack ${where} does not support config`); // update.go:1007-1011
        return undefined;
    }
    let reconciled;
    try {
        reconciled = reconcilePolicyPackConfig(info.policies, info.initialConfig, file?.config);
    } catch (e) {
        if (!(e instanceof SchemaCompileError)) throw e;
        throw new PolicyConfigError("schema", `reconciling policy config for ${where}: ${e.message}`); // update.go:1033-1035
    }
    if (reconciled.config === undefined) {
        // Configure(nil) returns early (analyzer_plugin.go:615-618); the errors stop the run once every pack has loaded.
        const lines = reconciled.validationErrors.map((e) => `validating policy config: ${info.name} ${info.version}  ${e}`); // update.go:835-840 (two spaces)
        throw new PolicyConfigError("invalid", "validating policy config", lines.sort()); // update.go:1055-1060
    }
    try {
        return configureEntries(reconciled.config);
    } catch (e) {
        const why = levelLessKeys(info.policies, reconciled.config);
        throw new PolicyConfigError("configure", `configuring policy pack ${where}: ${(e as Error).message}`, why); // update.go:1038-1040
    }
}

/** `Did you mean "x"?` for a name that is close to one of the candidates. */
function suggestion(name: string, candidates: readonly string[]): string {
    const near = closestName(name, candidates);
    return near === undefined ? "" : ` (did you mean ${goQuote(near)}?)`;
}

/** Why `Configure` refused: the keys left without a level, which only a key naming no policy can be. */
function levelLessKeys(policies: readonly AnalyzerPolicyInfo[], config: PolicyConfigMap): string[] {
    const names = policies.map((p) => p.name);
    return [...config]
        .filter(([, v]) => !isValidLevel(v.enforcementLevel))
        .map(([key]) => key === "all"
            ? `"all" has properties but no enforcementLevel: only its level applies to every policy, and the CLI sends the rest as a policy named "all", which Configure refuses`
            : `${goQuote(key)} names no policy of the pack${suggestion(key, names)} and has no enforcementLevel, which Configure refuses`)
        .sort();
}

/**
 * What the CLI accepts but no policy reads: keys naming no policy of the pack and properties
 * no policy schema declares. The CLI is silent on them (its schemas carry no
 * `additionalProperties`, config.go:263-273, and unknown keys are never validated, 188-206);
 * the checker names them so a typo does not go unseen. Never a failure.
 */
export function unreadConfig(policies: readonly AnalyzerPolicyInfo[], file: ParsedPolicyPackConfig | undefined): string[] {
    if (file === undefined) return [];
    const byName = new Map(policies.map((p) => [p.name, p]));
    const notes: string[] = [];
    for (const [key, entry] of file.config) {
        const policy = byName.get(key);
        if (key !== "all" && policy === undefined) {
            notes.push(`${goQuote(key)} names no policy of the pack${suggestion(key, [...byName.keys()])}; the CLI ignores it`);
            continue;
        }
        const declared = key === "all" ? [] : Object.keys(policy?.configSchema?.properties ?? {});
        for (const property of Object.keys(entry.properties ?? {})) {
            if (key === "all") notes.push(`"all": property "${property}" reaches no policy (only the level of "all" applies to every policy)`);
            else if (!declared.includes(property)) notes.push(`"${key}": property "${property}" is not in the policy's configSchema${suggestion(property, declared)}; the CLI passes it on unchecked`);
        }
    }
    return notes.sort();
}
