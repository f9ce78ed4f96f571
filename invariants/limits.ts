/**
 * AWS limits that make a deployment fail half-way when exceeded (BRIEF §4, I12).
 * Sizes count characters of the minified JSON, as IAM and AgentCore do.
 */
export const LIMITS = {
    /** AgentCore gateway resource-based policy (PutResourcePolicy `policy` max length). */
    gatewayResourcePolicyBytes: 20_480,
    gatewayResourcePolicyStatements: 100,
    /** API Gateway REST API resource policy. */
    restApiPolicyChars: 8_192,
    /** Aggregate size of all inline policies of one IAM role. */
    roleInlinePolicyChars: 10_240,
    managedPolicyChars: 6_144,
    trustPolicyChars: 2_048,
    /** Managed policies attached to one role (default quota). */
    managedPoliciesPerRole: 10,
    targetsPerGateway: 100,
    toolsPerTarget: 1_000,
    concurrentTargetOperations: 5,
    /** Entries of one AWS::BedrockAgentCore::GatewayRateLimit (CloudFormation schema: 1-1000). */
    gatewayRateLimitEntries: 1_000,
    cedarPoliciesPerEngine: 1_000,
    /** CloudFormation caps the statement at 10,000 characters, below the documented 10 KB. */
    cedarPolicyBytes: 10_000,
    cedarSchemaBytes: 409_600,
    policyNameLength: 48,
    roleNameLength: 64,
    rolePathLength: 512,
} as const;

/** Minified JSON size, the measure AWS applies to policy documents. */
export function jsonSize(document: unknown): number {
    return JSON.stringify(document).length;
}
