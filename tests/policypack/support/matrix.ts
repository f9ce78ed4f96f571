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
    /**
     * The policy that catches it at update when another does at preview: what one resource shows
     * alone is a resource policy (Analyze), while at a first preview the value is unknown and the
     * stack policy decides from the component's declared template, or names it as deferred.
     */
    atUpdateBy?: string;
}

/** The policy expected to catch the case in this mode. */
export function expectedPolicy(c: MutationCase, mode: "preview" | "update"): string {
    return mode === "update" ? (c.atUpdateBy ?? c.policy) : c.policy;
}

const ex = (mutation: ExampleMutation, policy: string, invariant: InvariantId, atUpdateBy?: string): MutationCase => ({ program: "example", mutation, policy, invariant, atUpdateBy });
const raw = (mutation: RawMutation, policy: string, invariant: InvariantId, atPreview: "caught" | "deferred" = "caught", atUpdateBy?: string): MutationCase => ({ program: "raw", mutation, policy, invariant, atPreview, atUpdateBy });

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
    ex("grantWholeAccount", "agentcore-gateway-consumer-grants", "I7", "agentcore-gateway-resource-policy"),
    ex("grantForeignGateway", "agentcore-gateway-consumer-grants", "I7", "agentcore-gateway-resource-policy"),
    raw("wholeAccountGrant", "agentcore-gateway-consumer-grants", "I7", "deferred", "agentcore-gateway-resource-policy"),
    raw("grantStar", "agentcore-gateway-consumer-grants", "I7", "deferred", "agentcore-gateway-resource-policy"),
    raw("grantWrongAction", "agentcore-gateway-consumer-grants", "I7", "deferred", "agentcore-gateway-resource-policy"),
    // Decided on the caller role alone (a resource policy): `pulumi up` stops the role before it exists.
    ex("spokeExtraAction", "agentcore-spoke-caller-alone", "I8"),
    raw("spokeResourceStar", "agentcore-spoke-caller-alone", "I8"),
    // At a first preview its invoke policy embeds the new gateway ARN (unknown), so only the stack policy knows it is a caller.
    raw("spokeTrustStar", "agentcore-spoke-caller-roles", "I8", "caught", "agentcore-spoke-caller-alone"),
    ex("gatewayLogOnly", "agentcore-gateway-policy-engine", "I9"),
    ex("policyLogOnly", "agentcore-gateway-policy-engine", "I9"),
    raw("engineLogOnly", "agentcore-gateway-policy-engine", "I9"),
    raw("noEngine", "agentcore-gateway-policy-engine", "I9"),
    ex("cedarUnknownTool", "agentcore-cedar-policies", "I10"),
    ex("cedarPermitAll", "agentcore-cedar-policies", "I10", "agentcore-cedar-policy"),
    ex("cedarSyntax", "agentcore-cedar-policies", "I10", "agentcore-cedar-policy"),
    ex("gatewayDebug", "agentcore-gateway-exception-level", "I11"),
    raw("debug", "agentcore-gateway-exception-level", "I11"),
    ex("apiEndpointPrivate", "agentcore-rest-api-shape", "I12"),
    raw("privateApi", "agentcore-rest-api-shape", "I12"),
    raw("proxyPath", "agentcore-rest-api-shape", "I12"),
    raw("gatewayNameTooLong", "agentcore-aws-limits-resource", "I12"),
    raw("resourcePolicyTooBig", "agentcore-aws-limits", "I12", "deferred", "agentcore-gateway-resource-policy"),
    // The deliveries and the trail's selectors derive from the gateway: decided at a first preview.
    raw("noTracesDelivery", "agentcore-gateway-log-deliveries", "I14"),
    raw("trailOtherResourceType", "agentcore-gateway-audit-trail", "I14"),
    raw("trailLoggingOff", "agentcore-gateway-audit-trail", "I14"),
    // The alarms' Resource dimension derives from the gateway: decided at a first preview.
    raw("noAlarms", "agentcore-gateway-alarms", "I14"),
    // Decided on the gateway and the engine alone (Analyze): no key means a key AWS owns.
    raw("noCustomerKey", "agentcore-gateway-encryption", "I15"),
    // The raw key's policy is a literal, so the stack policy decides it at a first preview.
    raw("keyNoRotation", "agentcore-gateway-key-policy", "I15"),
    raw("keyPolicyStar", "agentcore-gateway-key-policy", "I15"),
    raw("keyRoleDirect", "agentcore-gateway-key-policy", "I15"),
];
