import type { PrincipalType } from "./cedar/schema";

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
