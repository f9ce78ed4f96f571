import * as assert from "assert";
import { RATE_LIMIT_LIMITS, RATE_PERIODS } from "../../invariants/rateLimits";
import * as fs from "fs";
import * as path from "path";
import { CFN_LIMITS } from "../../invariants/cfnLimits.generated";
import { LIMITS } from "../../invariants/limits";
import { NAME_RULES } from "../../invariants/names";

/**
 * invariants/cfnLimits.generated.ts is derived from AWS's CloudFormation registry schemas
 * (../shared/cfn-schemas beside the repository, as in CI). Re-deriving must give the same file,
 * so a schema or SDK update cannot leave the table stale.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const derivation = require("../../scripts/derive-cfn-limits.js") as { derive(dir?: string): unknown; render(table: unknown): string; camel(name: string): string; DEFAULT_SCHEMAS: string };

const GENERATED = path.join(__dirname, "..", "..", "invariants", "cfnLimits.generated.ts");

describe("CloudFormation schema limits (invariants/cfnLimits.generated.ts)", () => {
    it("re-derives byte for byte from ../shared/cfn-schemas", function () {
        assert.ok(fs.existsSync(derivation.DEFAULT_SCHEMAS), `the schemas must sit at ${derivation.DEFAULT_SCHEMAS} (CI checks them out beside the repository)`);
        assert.strictEqual(derivation.render(derivation.derive()), fs.readFileSync(GENERATED, "utf8"));
    });

    it("holds the limits the brief names, as the schemas publish them", () => {
        const gw = CFN_LIMITS["AWS::BedrockAgentCore::Gateway"].properties;
        assert.deepStrictEqual([gw.Description.minLength, gw.Description.maxLength], [1, 200]);
        assert.strictEqual(gw.Tags.maxProperties, 50);
        assert.strictEqual(gw["Tags{}"].maxLength, 256);
        assert.strictEqual(gw["ProtocolConfiguration.Mcp.SupportedVersions"].itemDefault, "2025-03-26");
        const target = CFN_LIMITS["AWS::BedrockAgentCore::GatewayTarget"].properties;
        assert.deepStrictEqual([target.Description.minLength, target.Description.maxLength], [1, 200]);
        const policy = CFN_LIMITS["AWS::BedrockAgentCore::Policy"].properties;
        assert.deepStrictEqual([policy.Description.minLength, policy.Description.maxLength], [1, 4096]);
        assert.deepStrictEqual([policy["Definition.Cedar.Statement"].minLength, policy["Definition.Cedar.Statement"].maxLength], [35, 10000]);
        assert.deepStrictEqual(CFN_LIMITS["AWS::BedrockAgentCore::PolicyEngine"].createOnly, ["Name", "EncryptionKeyArn"]);
        assert.deepStrictEqual(CFN_LIMITS["AWS::BedrockAgentCore::Gateway"].createOnly, []);
    });

    it("feeds the limits and name rules that used to be typed by hand", () => {
        assert.strictEqual(LIMITS.gatewayResourcePolicyBytes, 20_480);
        assert.strictEqual(LIMITS.cedarPolicyBytes, 10_000);
        assert.strictEqual(LIMITS.policyNameLength, 48);
        // Rate limits (invariants/rateLimits.ts) read the GatewayRateLimit schema.
        assert.deepStrictEqual({ ...RATE_LIMIT_LIMITS }, { rateMin: 0, rateMax: 10_000_000, entriesPerLimit: 1_000, dimensionKeysPerLimit: 10, dimensionValueMinLength: 1, dimensionValueMaxLength: 256, descriptionMaxLength: 512, limitsPerGateway: 50 });
        assert.deepStrictEqual([...RATE_PERIODS], [...(CFN_LIMITS["AWS::BedrockAgentCore::GatewayRateLimit"].properties["Entries[].Requests[].Period"].enum ?? [])]);
        assert.strictEqual(NAME_RULES.policy.pattern.source, "^[A-Za-z][A-Za-z0-9_]*$");
        assert.strictEqual(NAME_RULES.target.pattern.source, "^([0-9a-zA-Z][-]?){1,100}$");
    });

    it("names properties as @pulumi/aws-native does", () => {
        assert.strictEqual(derivation.camel("CustomJWTAuthorizer"), "customJwtAuthorizer");
        assert.strictEqual(derivation.camel("KmsKeyArn"), "kmsKeyArn");
        assert.strictEqual(CFN_LIMITS["AWS::BedrockAgentCore::Gateway"].properties["AuthorizerConfiguration.CustomJWTAuthorizer.AllowedAudience"].sdk, "authorizerConfiguration.customJwtAuthorizer.allowedAudience");
    });

    it("is a plain module: it never reads the schemas at run time", () => {
        const text = fs.readFileSync(GENERATED, "utf8");
        assert.ok(!/\brequire\(|\bimport\s|readFileSync|shared\//.test(text.replace(/^\/\/.*$/gm, "")));
    });
});
