import { LIMITS } from "../../invariants/limits";

/** Where the hub's IAM roles live, so an SCP or a review can find them. */
export const DEFAULT_ROLE_PATH = "/agentcore-hub/";
/** API Gateway stage the hub deploys exposed APIs to. */
export const DEFAULT_STAGE = "v1";
/** Type tokens of our components (stable: renaming them replaces resources). */
export const TYPES = {
    hub: "agentcore-hub:index:AgentGatewayHub",
    lambdaTarget: "agentcore-hub:index:LambdaTarget",
    restApiTarget: "agentcore-hub:index:RestApiTarget",
    grants: "agentcore-hub:index:GatewayConsumerGrants",
    jwtAccess: "agentcore-hub:index:JwtGatewayAccess",
    spoke: "agentcore-hub:index:SpokeCaller",
} as const;

export function defaultRoleName(gatewayName: string): string {
    return `${gatewayName}-gateway`.slice(0, LIMITS.roleNameLength);
}

export function defaultEngineName(gatewayName: string): string {
    return `${gatewayName.replace(/-/g, "_")}_engine`.replace(/^([^A-Za-z])/, "e$1").slice(0, LIMITS.policyNameLength);
}
