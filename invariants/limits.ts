import { CFN_LIMITS, SchemaLimits } from "./cfnLimits.generated";

const AGENTCORE_POLICY = CFN_LIMITS["AWS::BedrockAgentCore::Policy"].properties;

/**
 * AWS limits that make a deployment fail half-way when exceeded (BRIEF §4, I12).
 * Sizes count characters of the minified JSON, as IAM and AgentCore do. What the CloudFormation
 * schemas publish is read from invariants/cfnLimits.generated.ts; the rest comes from AWS's
 * documentation (docs/aws-facts.md), each with its source.
 */
export const LIMITS = {
    /** AgentCore gateway resource-based policy (schema: AWS::BedrockAgentCore::ResourcePolicy Policy maxLength). */
    gatewayResourcePolicyBytes: CFN_LIMITS["AWS::BedrockAgentCore::ResourcePolicy"].properties.Policy.maxLength,
    /** AgentCore devguide, resource-based policies quota (no schema holds it). */
    gatewayResourcePolicyStatements: 100,
    /** API Gateway quotas page: resource policy size (the RestApi schema publishes no limit). */
    restApiPolicyChars: 8_192,
    /** IAM quotas page: aggregate size of all inline policies of one role (IAM schemas publish no limits). */
    roleInlinePolicyChars: 10_240,
    managedPolicyChars: 6_144,
    trustPolicyChars: 2_048,
    /** IAM quotas page: managed policies attached to one role (default quota). */
    managedPoliciesPerRole: 10,
    /** AgentCore quotas page (targets, tools, concurrent target operations). */
    targetsPerGateway: 100,
    toolsPerTarget: 1_000,
    concurrentTargetOperations: 5,
    /** AgentCore Policy quotas (docs): policies per engine, Cedar schema size. */
    cedarPoliciesPerEngine: 1_000,
    /** The schema caps the statement at 10,000 characters, below the documented 10 KB. */
    cedarPolicyBytes: AGENTCORE_POLICY["Definition.Cedar.Statement"].maxLength,
    cedarSchemaBytes: 409_600,
    policyNameLength: AGENTCORE_POLICY.Name.maxLength,
    /** IAM quotas page (IAM's CloudFormation schemas publish no lengths). */
    roleNameLength: 64,
    rolePathLength: 512,
} as const;

/**
 * Limits AWS documents for properties whose CloudFormation schema publishes none (IAM's
 * schemas carry no lengths), in the generated table's shape so one check reads both
 * (invariants/schemaLimits.ts). Sources in docs/aws-facts.md "Limits from the CloudFormation schemas".
 */
export const DOC_LIMITS = {
    /** IAM CreateRole API reference: Description, 0-1,000 characters of this pattern. */
    "AWS::IAM::Role Description": { maxLength: 1000, pattern: "^[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*$" },
    /** IAM CreatePolicy API reference: Description, 0-1,000 characters. */
    "AWS::IAM::ManagedPolicy Description": { maxLength: 1000 },
    /** IAM tagging page: at most 50 tags per role, keys 1-128 characters, values 0-256. */
    "AWS::IAM::Role Tags": { maxItems: 50 },
    "AWS::IAM::Role Tags[].Key": { minLength: 1, maxLength: 128 },
    "AWS::IAM::Role Tags[].Value": { maxLength: 256 },
} as const satisfies Record<string, SchemaLimits>;

/** Minified JSON size, the measure AWS applies to policy documents. */
export function jsonSize(document: unknown): number {
    return JSON.stringify(document).length;
}
