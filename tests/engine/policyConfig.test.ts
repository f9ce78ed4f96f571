import * as assert from "node:assert/strict";
import {
    AnalyzerConfigInfo,
    AnalyzerPolicyInfo,
    PolicyConfigError,
    PolicyConfigMap,
    applyConfig,
    assertResolvableEnvironments,
    configureEntries,
    createConfigWithDefaults,
    packConfiguration,
    parsePolicyPackConfig,
    parsePolicyPackConfigText,
    policyConfigSchema,
    reconcilePolicyPackConfig,
    unreadConfig,
    validatePolicyPackConfig,
} from "../../checker/engine/policyConfig";
import { JsonObject, schemaProblems } from "../../checker/engine/policyConfigSchema";
import { CONFIG_SCHEMA, DEFAULT_CONFIG, readConfig } from "../../policypack/config";
import { allPolicies } from "../../policypack/policies";

/**
 * Each case follows one line range of the Pulumi CLI's policy config handling, at pulumi/pulumi
 * 1b5949891b3cefcb9974752b24a5ecef0acc86c8: config.go = pkg/resource/analyzer/config.go,
 * update.go = pkg/engine/update.go, analyzer_plugin.go = sdk/go/common/resource/plugin/analyzer_plugin.go,
 * policy.go = sdk/go/common/apitype/policy.go; messages are gojsonschema v1.2.0's (locales.go).
 */

/** A policy as the CLI holds it after GetAnalyzerInfo from a pack that supports config. */
function policy(name: string, properties: Record<string, JsonObject> = {}, required: string[] = [], level: AnalyzerPolicyInfo["enforcementLevel"] = "mandatory"): AnalyzerPolicyInfo {
    const configSchema = policyConfigSchema({ properties, required }, true);
    assert.ok(configSchema !== undefined);
    return { name, enforcementLevel: level, configSchema };
}

const PRODUCTION = { production: { type: "boolean", default: true } };
const ACCOUNTS = { allowedConsumerAccounts: { type: "array", items: { type: "string", pattern: "^\\d{12}$" } } };

function parseError(document: unknown): PolicyConfigError {
    try {
        parsePolicyPackConfig(document);
    } catch (e) {
        assert.ok(e instanceof PolicyConfigError, String(e));
        assert.equal(e.kind, "parse");
        return e;
    }
    assert.fail(`parsed without error: ${JSON.stringify(document)}`);
}

function info(policies: AnalyzerPolicyInfo[], initialConfig: PolicyConfigMap = new Map(), supportsConfig = true): AnalyzerConfigInfo {
    return { name: "pack", version: "1.0.0", supportsConfig, policies, initialConfig };
}

function configError(run: () => unknown): PolicyConfigError {
    try {
        run();
    } catch (e) {
        assert.ok(e instanceof PolicyConfigError, String(e));
        return e;
    }
    assert.fail("no PolicyConfigError");
}

function levels(config: PolicyConfigMap): Record<string, string> {
    return Object.fromEntries([...config].map(([k, v]) => [k, v.enforcementLevel]));
}

describe("policy config: parsing the file (config.go parsePolicyPackConfig)", () => {
    it("blank content is no config (config.go:96-99)", () => {
        assert.equal(parsePolicyPackConfigText(" \n\t").config.size, 0);
    });

    it("the document must decode into a map: null is empty, an array is refused with encoding/json's text (config.go:101-104)", () => {
        assert.equal(parsePolicyPackConfig(null).config.size, 0);
        assert.equal(parseError([1]).message, "json: cannot unmarshal array into Go value of type map[string]interface {}");
        assert.equal(parseError("advisory").message, "json: cannot unmarshal string into Go value of type map[string]interface {}");
        assert.throws(() => parsePolicyPackConfigText("{ not json"), (e: unknown) => e instanceof PolicyConfigError && e.kind === "parse");
    });

    it("`environments` is taken out and must be an array of strings (config.go:106-122)", () => {
        const parsed = parsePolicyPackConfig({ environments: ["org/env"], p: "advisory" });
        assert.deepEqual(parsed.environments, ["org/env"]);
        assert.deepEqual([...parsed.config.keys()], ["p"]);
        assert.equal(parseError({ environments: "org/env" }).message, '"environments" must be an array of strings, got string');
        assert.equal(parseError({ environments: ["a", 3] }).message, '"environments[1]" must be a string, got float64');
    });

    it("ESC environments cannot be resolved offline: the CLI's message for a backend without ESC (update.go:962-968)", () => {
        const e = configError(() => assertResolvableEnvironments(parsePolicyPackConfig({ environments: ["org/env"] }), "/packs/hub"));
        assert.equal(e.kind, "unsupported");
        assert.equal(e.message, 'policy pack at "/packs/hub" specifies ESC environments but the current backend does not support them');
        assert.doesNotThrow(() => assertResolvableEnvironments(parsePolicyPackConfig({ environments: [] }), "/packs/hub"));
    });

    it("a string entry is an enforcement level, one of the four valid ones (config.go:128-133, policy.go:188-194)", () => {
        const parsed = parsePolicyPackConfig({ a: "advisory", m: "mandatory", r: "remediate", d: "disabled" });
        assert.deepEqual(levels(parsed.config), { a: "advisory", m: "mandatory", r: "remediate", d: "disabled" });
        assert.equal(parseError({ p: "Mandatory" }).message, 'parsing enforcement level for "p": "Mandatory" is not a valid enforcement level');
        assert.equal(parseError({ p: "" }).message, 'parsing enforcement level for "p": "" is not a valid enforcement level');
    });

    it("an object entry: `enforcementLevel` must be a valid string and is removed from the properties (config.go:134-142, 162-180)", () => {
        const parsed = parsePolicyPackConfig({ p: { enforcementLevel: "advisory", production: false } });
        assert.deepEqual(parsed.config.get("p"), { enforcementLevel: "advisory", properties: { production: false } });
        assert.equal(parseError({ p: { enforcementLevel: 1e6 } }).message, 'parsing enforcement level for "p": 1e+06 is not a valid enforcement level; must be a string');
        assert.equal(parseError({ p: { enforcementLevel: "strict" } }).message, 'parsing enforcement level for "p": "strict" is not a valid enforcement level');
    });

    it("anything else is refused, printed with Go's %v (config.go:143-144)", () => {
        assert.equal(parseError({ p: 5 }).message, 'parsing "p": 5 is not a valid value; must be a string or object');
        assert.equal(parseError({ p: true }).message, 'parsing "p": true is not a valid value; must be a string or object');
        assert.equal(parseError({ p: null }).message, 'parsing "p": <nil> is not a valid value; must be a string or object');
        assert.equal(parseError({ p: ["a", 1.5] }).message, 'parsing "p": [a 1.5] is not a valid value; must be a string or object');
    });

    it("an entry with neither a level nor properties is dropped (config.go:147-150)", () => {
        assert.deepEqual([...parsePolicyPackConfig({ p: {}, q: { production: true } }).config.keys()], ["q"]);
    });
});

describe("policy config: the schema each policy has (analyzer_plugin.go GetAnalyzerInfo)", () => {
    it("with config support every policy has a schema, `enforcementLevel` injected as an enum (analyzer_plugin.go:513-528)", () => {
        assert.deepEqual(policyConfigSchema(undefined, true), {
            properties: { enforcementLevel: { type: "string", enum: ["advisory", "mandatory", "remediate", "disabled"] } },
            required: [],
        });
        assert.equal(policyConfigSchema({ properties: PRODUCTION, required: [] }, false), undefined);
    });
});

describe("policy config: reconciling (config.go ReconcilePolicyPackConfig)", () => {
    it("starts from each policy's level and its schema's defaults; none when no property has one (config.go:276-302)", () => {
        const result = createConfigWithDefaults([policy("a", PRODUCTION), policy("b", ACCOUNTS, [], "advisory")]);
        assert.deepEqual(result.get("a"), { enforcementLevel: "mandatory", properties: { production: true } });
        assert.deepEqual(result.get("b"), { enforcementLevel: "advisory" });
    });

    it("applies the pack's initial config, then the file's, the file winning (config.go:316-324)", () => {
        const initial: PolicyConfigMap = new Map([["a", { enforcementLevel: "advisory", properties: { production: false } }]]);
        const file: PolicyConfigMap = new Map([["a", { enforcementLevel: "disabled" }]]);
        const { config } = reconcilePolicyPackConfig([policy("a", PRODUCTION)], initial, file);
        assert.deepEqual(config?.get("a"), { enforcementLevel: "disabled", properties: { production: false } });
    });

    it("a valid `all` level sets every policy's level first; a policy's own level still wins (config.go:341-348, 359-361)", () => {
        const start = createConfigWithDefaults([policy("a"), policy("b")]);
        const result = applyConfig(start, new Map([["all", { enforcementLevel: "advisory" }], ["b", { enforcementLevel: "disabled" }]]));
        assert.deepEqual(levels(result), { a: "advisory", b: "disabled", all: "advisory" });
    });

    it("`all` without a level sets no level (config.go:341), and is itself kept as a key (config.go:350-370)", () => {
        const start = createConfigWithDefaults([policy("a")]);
        const result = applyConfig(start, new Map([["all", { enforcementLevel: "", properties: { production: false } }]]));
        assert.deepEqual(levels(result), { a: "mandatory", all: "" });
        assert.equal(result.get("a")?.properties, undefined, "the properties of `all` reach no policy");
    });

    it("merges properties key by key over the defaults (config.go:362-365)", () => {
        const schema = { ...PRODUCTION, allowWholeAccount: { type: "boolean", default: false } };
        const { config } = reconcilePolicyPackConfig([policy("a", schema)], undefined, new Map([["a", { enforcementLevel: "", properties: { allowWholeAccount: true } }]]));
        assert.deepEqual(config?.get("a"), { enforcementLevel: "mandatory", properties: { production: true, allowWholeAccount: true } });
    });

    it("a key naming no policy is kept with the level it gives, and never validated (config.go:350-370, 188-206)", () => {
        const { config } = reconcilePolicyPackConfig([policy("a", PRODUCTION)], undefined, new Map([["agentcore-typo", { enforcementLevel: "advisory", properties: { production: "no" } }]]));
        assert.deepEqual(config?.get("agentcore-typo"), { enforcementLevel: "advisory", properties: { production: "no" } });
    });
});

describe("policy config: validating against each policy's configSchema (config.go validatePolicyPackConfig)", () => {
    const policies = [policy("a", { ...PRODUCTION, ...ACCOUNTS }), policy("b", { region: { type: "string" } }, ["region"])];
    const validate = (file: Record<string, unknown>) => validatePolicyPackConfig(policies, applyConfig(createConfigWithDefaults(policies), parsePolicyPackConfig(file).config));

    it("a wrong type: `<policy>: <property>: Invalid type. Expected: …, given: …` (config.go:203-205, 219-226)", () => {
        assert.deepEqual(validate({ a: { production: "false" }, b: { region: "eu-west-1" } }), ["a: production: Invalid type. Expected: boolean, given: string"]);
        assert.deepEqual(validate({ a: { production: 1 }, b: { region: 1.5 } }), [
            "a: production: Invalid type. Expected: boolean, given: integer",
            "b: region: Invalid type. Expected: string, given: number",
        ]);
    });

    it("a missing required property, with gojsonschema's `(root): ` trimmed; every policy is validated, configured or not (config.go:192-199, 221-223)", () => {
        assert.deepEqual(validate({}), ["b: region is required"]);
    });

    it("a nested rule names the element: `allowedConsumerAccounts.1: Does not match pattern …`", () => {
        assert.deepEqual(validate({ a: { allowedConsumerAccounts: ["111122223333", "1111"] }, b: { region: "x" } }), ["a: allowedConsumerAccounts.1: Does not match pattern '^\\d{12}$'"]);
    });

    it("a wrong type stops at that node, as gojsonschema returns after it (validation.go:97-258)", () => {
        const p = [policy("c", { mode: { type: "string", enum: ["x", "y"] } })];
        assert.deepEqual(validatePolicyPackConfig(p, new Map([["c", { enforcementLevel: "", properties: { mode: 3 } }]])), ["c: mode: Invalid type. Expected: string, given: integer"]);
        assert.deepEqual(validatePolicyPackConfig(p, new Map([["c", { enforcementLevel: "", properties: { mode: "z" } }]])), ['c: mode: mode must be one of the following: "x", "y"']);
    });

    it("an undeclared property passes: the schema sent keeps only `properties` and `required` (config.go:263-273)", () => {
        assert.deepEqual(validate({ a: { prodution: false }, b: { region: "x" } }), []);
    });

    it("defaults are validated with the rest: a default its own schema refuses fails every run (config.go:313, 327)", () => {
        assert.deepEqual(validatePolicyPackConfig([policy("d", { n: { type: "integer", default: "one" } })], createConfigWithDefaults([policy("d", { n: { type: "integer", default: "one" } })])), [
            "d: n: Invalid type. Expected: integer, given: string",
        ]);
    });
});

describe("policy config: what the CLI does with it (update.go loadPolicyPlugins, analyzer_plugin.go Configure)", () => {
    it("validation errors stop the run: each `validating policy config: <pack> <version>  <error>`, sorted (update.go:835-840, 1055-1060)", () => {
        const policies = [policy("b", { region: { type: "string" } }, ["region"]), policy("a", PRODUCTION)];
        const e = configError(() => packConfiguration(info(policies), parsePolicyPackConfig({ a: { production: "yes" } }), "/p"));
        assert.equal(e.kind, "invalid");
        assert.equal(e.message, "validating policy config");
        assert.deepEqual(e.errors, [
            "validating policy config: pack 1.0.0  a: production: Invalid type. Expected: boolean, given: string",
            "validating policy config: pack 1.0.0  b: region is required",
        ]);
    });

    it("a schema that does not compile: `reconciling policy config for <pack> at <path>: …` (update.go:1031-1035)", () => {
        const e = configError(() => packConfiguration(info([policy("a", { n: { type: "int" } })]), undefined, "/p"));
        assert.equal(e.kind, "schema");
        assert.match(e.message, /^reconciling policy config for "pack" at "\/p": /);
    });

    it("a key naming no policy with only properties fails Configure: `invalid enforcement level \"\"` (analyzer_plugin.go:622-625, update.go:1038-1040)", () => {
        const e = configError(() => packConfiguration(info([policy("a", PRODUCTION)]), parsePolicyPackConfig({ "agentcore-typo": { production: false } }), "/p"));
        assert.equal(e.kind, "configure");
        assert.equal(e.message, 'configuring policy pack "pack" at "/p": invalid enforcement level ""');
        assert.deepEqual(e.errors, ['"agentcore-typo" names no policy of the pack and has no enforcementLevel, which Configure refuses']);
        const typo = configError(() => packConfiguration(info([policy("agentcore-gateway-policy-engine")]), parsePolicyPackConfig({ "agentcore-gateway-policy-engin": { production: false } }), "/p"));
        assert.deepEqual(typo.errors, ['"agentcore-gateway-policy-engin" names no policy of the pack (did you mean "agentcore-gateway-policy-engine"?) and has no enforcementLevel, which Configure refuses']);
        const all = configError(() => packConfiguration(info([policy("a")]), parsePolicyPackConfig({ all: { production: false } }), "/p"));
        assert.equal(all.message, 'configuring policy pack "pack" at "/p": invalid enforcement level ""');
    });

    it("with a valid level the unknown key is sent and the pack ignores it; each policy gets its level and properties (analyzer_plugin.go:620-636)", () => {
        const entries = packConfiguration(info([policy("a", PRODUCTION)]), parsePolicyPackConfig({ "agentcore-typo": "advisory" }), "/p");
        assert.deepEqual(entries && Object.fromEntries(entries), {
            a: { enforcementLevel: "mandatory", properties: { production: true } },
            "agentcore-typo": { enforcementLevel: "advisory", properties: {} },
        });
    });

    it("no Configure call for an empty config (analyzer_plugin.go:615-618)", () => {
        assert.equal(configureEntries(new Map()), undefined);
        assert.equal(packConfiguration(info([]), undefined, "/p"), undefined);
    });

    it("a pack without config support refuses a config file (update.go:1007-1011)", () => {
        const e = configError(() => packConfiguration(info([policy("a")], new Map(), false), parsePolicyPackConfig({}), "/p"));
        assert.equal(e.kind, "unsupported");
        assert.equal(e.message, 'policy pack "pack" at "/p" does not support config');
        assert.equal(packConfiguration(info([policy("a")], new Map(), false), undefined, "/p"), undefined);
    });

    it("names what the CLI accepts silently but no policy reads", () => {
        const notes = unreadConfig([policy("a", PRODUCTION)], parsePolicyPackConfig({ "agentcore-typo": "advisory", a: { prodution: false }, all: { production: false } }));
        assert.deepEqual(notes, [
            '"a": property "prodution" is not in the policy\'s configSchema (did you mean "production"?); the CLI passes it on unchecked',
            '"agentcore-typo" names no policy of the pack; the CLI ignores it',
            '"all": property "production" reaches no policy (only the level of "all" applies to every policy)',
        ]);
        assert.deepEqual(unreadConfig([policy("a", PRODUCTION)], parsePolicyPackConfig({ a: { production: false, enforcementLevel: "advisory" } })), []);
    });
});

describe("policy config: the pack's own configSchema (policypack/config.ts)", () => {
    const schema = CONFIG_SCHEMA as unknown as { properties: Record<string, JsonObject>; required?: string[] };

    it("compiles under draft-07 in strict mode, as an object schema the CLI builds from it (config.go:263-273)", () => {
        assert.deepEqual(schemaProblems({ type: "object", properties: schema.properties, ...(schema.required ? { required: schema.required } : {}) }), []);
    });

    it("every policy of the pack with a schema declares this one, so the CLI validates and defaults each alike", () => {
        const withSchema = allPolicies().filter((p) => p.configSchema !== undefined);
        assert.ok(withSchema.length > 0);
        for (const p of withSchema) assert.equal(p.configSchema, CONFIG_SCHEMA, p.name);
    });

    it("the defaults the CLI sends (config.go:276-302) are the ones readConfig applies, and pass validation", () => {
        const policies = [policy("p", schema.properties, schema.required ?? [])];
        const defaults = createConfigWithDefaults(policies).get("p")?.properties ?? {};
        assert.deepEqual(readConfig(defaults), readConfig(undefined));
        assert.deepEqual(defaults, { production: DEFAULT_CONFIG.production, allowWholeAccount: DEFAULT_CONFIG.allowWholeAccount, requireWaf: DEFAULT_CONFIG.requireWaf, auditTrailOutsideStack: false, alarmsOutsideStack: false });
        assert.deepEqual(validatePolicyPackConfig(policies, createConfigWithDefaults(policies)), []);
    });
});
