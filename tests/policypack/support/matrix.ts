import { InvariantId } from "../../../invariants/problems";
import { ExampleMutation } from "./exampleMutations";
import { RawMutation } from "./rawProgram";

/**
 * The mutation matrix: each insecure edit, the policy that must catch it, and its invariant.
 * `atPreview: "deferred"` marks an edit hidden inside a value that embeds the ARN of a gateway
 * created in the same raw program: at a first preview the policy must name it as deferred, and
 * catch it at update.
 */
export interface MutationCase {
    program: "example" | "raw";
    mutation: ExampleMutation | RawMutation;
    policy: string;
    invariant: InvariantId;
    atPreview?: "caught" | "deferred";
}

const ex = (mutation: ExampleMutation, policy: string, invariant: InvariantId): MutationCase => ({ program: "example", mutation, policy, invariant });
const raw = (mutation: RawMutation, policy: string, invariant: InvariantId, atPreview: "caught" | "deferred" = "caught"): MutationCase => ({ program: "raw", mutation, policy, invariant, atPreview });

export const MUTATIONS: MutationCase[] = [
    ex("gatewayAuthNone", "agentcore-gateway-inbound-auth", "I1"),
    raw("authNone", "agentcore-gateway-inbound-auth", "I1"),
    raw("jwtNoAudience", "agentcore-gateway-inbound-auth", "I1"),
    // Decided on the role alone (a resource policy), so `pulumi up` stops the role before it exists.
    ex("trustNoSourceAccount", "agentcore-gateway-role-alone", "I2"),
    raw("trustNoSourceArn", "agentcore-gateway-role-alone", "I2"),
    raw("trustAnyPrincipal", "agentcore-gateway-role-trust", "I2"),
    ex("roleResourceStar", "agentcore-gateway-role-permissions", "I3"),
    raw("roleLambdaStar", "agentcore-gateway-role-permissions", "I3"),
    raw("roleWildcardAction", "agentcore-gateway-role-permissions", "I3"),
    ex("bodyMethodNone", "agentcore-rest-method-iam-auth", "I4"),
    raw("methodNone", "agentcore-rest-method-iam-auth", "I4"),
    raw("methodApiKey", "agentcore-rest-method-iam-auth", "I4"),
    ex("apiPolicyAllowAll", "agentcore-rest-api-resource-policy", "I5"),
    raw("apiPolicyNoDeny", "agentcore-rest-api-resource-policy", "I5"),
    raw("apiPolicyStar", "agentcore-rest-api-resource-policy", "I5"),
    ex("deploymentNoTriggers", "agentcore-rest-api-redeployed", "I6"),
    raw("deploymentNoTriggers", "agentcore-rest-api-redeployed", "I6"),
    ex("grantWholeAccount", "agentcore-gateway-consumer-grants", "I7"),
    ex("grantForeignGateway", "agentcore-gateway-consumer-grants", "I7"),
    raw("wholeAccountGrant", "agentcore-gateway-consumer-grants", "I7", "deferred"),
    raw("grantStar", "agentcore-gateway-consumer-grants", "I7", "deferred"),
    raw("grantWrongAction", "agentcore-gateway-consumer-grants", "I7", "deferred"),
    ex("spokeExtraAction", "agentcore-spoke-caller-roles", "I8"),
    raw("spokeResourceStar", "agentcore-spoke-caller-roles", "I8"),
    raw("spokeTrustStar", "agentcore-spoke-caller-roles", "I8"),
    ex("gatewayLogOnly", "agentcore-gateway-policy-engine", "I9"),
    ex("policyLogOnly", "agentcore-gateway-policy-engine", "I9"),
    raw("engineLogOnly", "agentcore-gateway-policy-engine", "I9"),
    raw("noEngine", "agentcore-gateway-policy-engine", "I9"),
    ex("cedarUnknownTool", "agentcore-cedar-policies", "I10"),
    ex("cedarPermitAll", "agentcore-cedar-policies", "I10"),
    ex("cedarSyntax", "agentcore-cedar-policies", "I10"),
    ex("gatewayDebug", "agentcore-gateway-exception-level", "I11"),
    raw("debug", "agentcore-gateway-exception-level", "I11"),
    ex("apiEndpointPrivate", "agentcore-rest-api-shape", "I12"),
    raw("privateApi", "agentcore-rest-api-shape", "I12"),
    raw("proxyPath", "agentcore-rest-api-shape", "I12"),
    raw("gatewayNameTooLong", "agentcore-aws-limits", "I12"),
    raw("resourcePolicyTooBig", "agentcore-aws-limits", "I12", "deferred"),
];
