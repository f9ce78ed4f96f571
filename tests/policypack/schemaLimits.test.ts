import * as assert from "assert";
import { UNKNOWN } from "../../invariants/unknown";
import { DEFAULT_CONFIG } from "../../policypack/config";
import { ReadObject, ModelResource } from "../../policypack/model/resource";
import { Findings } from "../../policypack/policies/framework";
import { awsLimitsResource } from "../../policypack/policies/limitsResource";

/**
 * agentcore-aws-limits-resource on raw resources: the schema limits the components apply, read
 * from hand-written @pulumi/aws-native and @pulumi/aws programs, as Analyze hands them over.
 */

const GW_ID = "org-tools-abcde12345";
const ROLE = "arn:aws:iam::111111111111:role/agentcore-hub/org-tools-gateway";

function res(type: string, props: ReadObject, providerRegion = "us-east-1"): ModelResource {
    return { urn: `urn:pulumi:dev::p::${type}::raw`, type, name: "raw", props, propertyDependencies: {}, dependencies: [], inputs: props, providerProps: { region: providerRegion } };
}
const messages = (f: Findings) => f.problems.map((p) => `[${p.problem.invariant}] ${p.problem.message} Fix: ${p.problem.fix}`);
const check = (r: ModelResource) => awsLimitsResource.check(r, DEFAULT_CONFIG);

const nativeGateway = (extra: ReadObject = {}) => res("aws-native:bedrockagentcore:Gateway", { name: "org-tools", authorizerType: "AWS_IAM", protocolType: "MCP", roleArn: ROLE, ...extra });
const nativeTarget = (extra: ReadObject = {}) => res("aws-native:bedrockagentcore:GatewayTarget", {
    name: "refunds",
    gatewayIdentifier: GW_ID,
    targetConfiguration: { mcp: { lambda: { lambdaArn: "arn:aws:lambda:us-east-1:111111111111:function:refunds", toolSchema: { inlinePayload: [] } } } },
    ...extra,
});

describe("agentcore-aws-limits-resource: CloudFormation schema limits on raw resources", () => {
    it("a secure aws-native gateway and target pass, with nothing deferred", () => {
        for (const r of [nativeGateway({ description: "Org tools", tags: { team: "platform" }, protocolConfiguration: { mcp: { supportedVersions: ["2025-03-26"] } } }), nativeTarget({ description: "Refunds" })]) {
            assert.deepStrictEqual(check(r), { problems: [], deferred: [] });
        }
    });

    it("aws-native gateway: description over 200, 51 tags, a tag value over 256, a session timeout out of range", () => {
        const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
        assert.deepStrictEqual(messages(check(nativeGateway({ description: "d".repeat(201), tags: { ...tags, k0: "v".repeat(257) }, protocolConfiguration: { mcp: { sessionConfiguration: { sessionTimeoutInSeconds: 60 } } } }))), [
            `[I12] Gateway "raw": description = "${"d".repeat(57)}..." has 201 characters; AWS::BedrockAgentCore::Gateway Description (CloudFormation schema) allows 1-200 characters. Fix: Use 1-200 characters.`,
            '[I12] Gateway "raw": protocolConfiguration.mcp.sessionConfiguration.sessionTimeoutInSeconds = 60 is outside 900-28800 (AWS::BedrockAgentCore::Gateway ProtocolConfiguration.Mcp.SessionConfiguration.SessionTimeoutInSeconds (CloudFormation schema)). Fix: Use a value from 900 to 28800.',
            "[I12] Gateway \"raw\": tags has 51 entries; AWS::BedrockAgentCore::Gateway Tags (CloudFormation schema) allows at most 50 entries. Fix: Keep it to at most 50 entries.",
            `[I12] Gateway "raw": tags["k0"] = "${"v".repeat(57)}..." has 257 characters; AWS::BedrockAgentCore::Gateway Tags{} (CloudFormation schema) allows at most 256 characters. Fix: Use at most 256 characters.`,
        ]);
    });

    it("aws-native gateway: an authorizer type and a JWT audience list the schema refuses", () => {
        assert.deepStrictEqual(messages(check(nativeGateway({ authorizerType: "OPEN", authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: "https://idp.example.com/.well-known/openid-configuration", allowedAudience: [] } } }))), [
            '[I12] Gateway "raw": authorizerConfiguration.customJwtAuthorizer.allowedAudience has 0 entries; AWS::BedrockAgentCore::Gateway AuthorizerConfiguration.CustomJWTAuthorizer.AllowedAudience (CloudFormation schema) allows at least 1 entries. Fix: Leave it unset, or give it entries.',
            '[I12] Gateway "raw": authorizerType = "OPEN" is not one of CUSTOM_JWT, AWS_IAM, NONE, AUTHENTICATE_ONLY (AWS::BedrockAgentCore::Gateway AuthorizerType (CloudFormation schema)). Fix: Use one of CUSTOM_JWT, AWS_IAM, NONE, AUTHENTICATE_ONLY.',
        ]);
    });

    it("aws-native target: empty description", () => {
        assert.deepStrictEqual(messages(check(nativeTarget({ description: "" }))), [
            '[I12] GatewayTarget "raw": description = "" has 0 characters; AWS::BedrockAgentCore::GatewayTarget Description (CloudFormation schema) allows 1-200 characters. Fix: Leave it unset, or give it a value.',
        ]);
    });

    it("aws-native policy engine and Cedar policy: descriptions over 4,096, a statement under 35 characters", () => {
        assert.deepStrictEqual(messages(check(res("aws-native:bedrockagentcore:PolicyEngine", { name: "org_tools_engine", description: "e".repeat(4097) }))), [
            `[I12] PolicyEngine "raw": description = "${"e".repeat(57)}..." has 4097 characters; AWS::BedrockAgentCore::PolicyEngine Description (CloudFormation schema) allows 1-4,096 characters. Fix: Use 1-4,096 characters.`,
        ]);
        const policy = messages(check(res("aws-native:bedrockagentcore:Policy", { name: "p", policyEngineId: UNKNOWN, description: "", definition: { cedar: { statement: "forbid(principal,action,resource);" } } })));
        assert.deepStrictEqual(policy, [
            '[I12] Policy "raw": definition.cedar.statement = "forbid(principal,action,resource);" has 34 characters; AWS::BedrockAgentCore::Policy Definition.Cedar.Statement (CloudFormation schema) allows at least 35 characters. Fix: Use at least 35 characters.',
            '[I12] Policy "raw": description = "" has 0 characters; AWS::BedrockAgentCore::Policy Description (CloudFormation schema) allows 1-4,096 characters. Fix: Leave it unset, or give it a value.',
        ]);
    });

    it("unknown values are deferred by name; ids and ARNs AWS assigns, and values other policies decide, are not", () => {
        const f = check(nativeGateway({ description: UNKNOWN, policyEngineConfiguration: { arn: UNKNOWN, mode: "ENFORCE" } }));
        assert.deepStrictEqual(f.problems, []);
        assert.deepStrictEqual(f.deferred.map((d) => d.item), ['Gateway "raw": description is unknown, so AWS::BedrockAgentCore::Gateway Description (CloudFormation schema) is checked at pulumi up']);
        const t = check(nativeTarget({ gatewayIdentifier: UNKNOWN, targetConfiguration: { mcp: { lambda: { lambdaArn: UNKNOWN, toolSchema: { inlinePayload: [] } } } } }));
        assert.deepStrictEqual(t, { problems: [], deferred: [] });
    });

    it("@pulumi/aws gateway and target: the properties that map one to one", () => {
        assert.deepStrictEqual(messages(check(res("aws:bedrock/agentcoreGateway:AgentcoreGateway", { name: "org-tools", authorizerType: "AWS_IAM", roleArn: ROLE, description: "d".repeat(201), tags: { "cost#center": "1" } }))), [
            `[I12] AgentcoreGateway "raw": description = "${"d".repeat(57)}..." has 201 characters; AWS::BedrockAgentCore::Gateway Description (CloudFormation schema) allows 1-200 characters. Fix: Use 1-200 characters.`,
            '[I12] AgentcoreGateway "raw": tags key "cost#center" = "cost#center" does not match AWS::BedrockAgentCore::Gateway Tags{key} (CloudFormation schema): ^[a-zA-Z0-9\\s._:/=+@-]*$. Fix: Use only what the pattern ^[a-zA-Z0-9\\s._:/=+@-]*$ allows.',
        ]);
        assert.deepStrictEqual(messages(check(res("aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget", { name: "refunds", gatewayIdentifier: GW_ID, description: "" }))), [
            '[I12] AgentcoreGatewayTarget "raw": description = "" has 0 characters; AWS::BedrockAgentCore::GatewayTarget Description (CloudFormation schema) allows 1-200 characters. Fix: Leave it unset, or give it a value.',
        ]);
    });

    it("a raw Lambda target whose function is in another Region than its provider (the gateway's)", () => {
        assert.deepStrictEqual(messages(check(nativeTarget({ targetConfiguration: { mcp: { lambda: { lambdaArn: "arn:aws:lambda:eu-west-1:111111111111:function:refunds", toolSchema: { inlinePayload: [] } } } } }))), [
            "[I12] GatewayTarget \"raw\": targetConfiguration.mcp.lambda.lambdaArn: the Lambda function arn:aws:lambda:eu-west-1:111111111111:function:refunds is in Region eu-west-1, the gateway in us-east-1; a Lambda target must be in the gateway's Region (assumed). Fix: Use a function in us-east-1, or a hub in the function's Region.",
        ]);
    });
});
