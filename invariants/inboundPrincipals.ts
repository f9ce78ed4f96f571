import type { PrincipalType } from "./cedar/schema";
import { Problem, problem } from "./problems";

/**
 * The Cedar principal type AgentCore presents for a gateway's inbound auth: `OAuthUser` for
 * CUSTOM_JWT, `IamEntity` for AWS_IAM (docs/aws-facts.md §4: IamEntity is "Used for
 * IAM-authenticated gateways (AWS_IAM authorizer)"). The component and the pack build the Cedar
 * schema with it, so a policy naming `AgentCore::IamEntity` on a JWT gateway (which can never
 * apply) is refused on both sides.
 */
export function principalTypeForAuthorizer(authorizerType: string): PrincipalType {
    return authorizerType === "CUSTOM_JWT" ? "OAuthUser" : "IamEntity";
}

const OTHER: Record<PrincipalType, PrincipalType> = { IamEntity: "OAuthUser", OAuthUser: "IamEntity" };

/**
 * A Cedar policy that names the principal type the gateway never presents can never apply
 * (I10): `AgentCore::IamEntity` on a CUSTOM_JWT gateway, `AgentCore::OAuthUser` on an AWS_IAM one.
 */
export function checkPrincipalTypeFits(statement: string, authorizerType: string, label: string): Problem | undefined {
    const presented = principalTypeForAuthorizer(authorizerType);
    const wrong = OTHER[presented];
    if (!new RegExp(`AgentCore::${wrong}\\b`).test(statement)) return undefined;
    return problem("I10", `${label} names AgentCore::${wrong}, but a ${authorizerType} gateway presents its callers as AgentCore::${presented}: the policy can never apply${wrong === "IamEntity" ? " (a token-bearing caller has no IAM identity)" : ""}.`, `Write it for AgentCore::${presented}${presented === "OAuthUser" ? " (match the token's sub with principal.id, or its claims with principal.getTag)" : " (cedarPolicy().principalIamRole(...))"}.`);
}
