/**
 * pulumi-agentcore-hub: secure-by-default components for a central Amazon Bedrock AgentCore
 * Gateway (hub) and the caller roles of other accounts (spokes).
 */
export { AgentGatewayHub } from "./hub/agentGatewayHub";
export type { AgentGatewayHubArgs, InboundAuth, CedarPolicySpec, PolicyEngineSpec, GatewayRoleSpec } from "./hub/args";
export { validateHubArgs } from "./hub/validation";
export { LambdaTarget } from "./targets/lambdaTarget";
export { RestApiTarget } from "./targets/restApiTarget";
export type { TargetSpec, LambdaTargetSpec, RestApiTargetSpec, RestOperation, NewRestApi, ExistingRestApi, ExistingFunction, NewFunction, HttpMethod, OperationIntegration } from "./targets/specs";
export { GatewayConsumerGrants } from "./grants/gatewayConsumerGrants";
export type { InvokeGrantee, GrantInvokeOptions } from "./grants/gatewayConsumerGrants";
export type { GatewayRateLimits } from "./grants/consumerRateLimits";
export type { Rate, RatePeriod } from "../invariants/rateLimits";
export { SpokeCaller, validateSpokeCallerArgs } from "./spoke/spokeCaller";
export type { SpokeCallerArgs, AssumedBy } from "./spoke/spokeCaller";
export { AgentCoreHubValidationError } from "./common/validationError";
export { accountProviders, DEFAULT_DEPLOY_ROLE_NAME } from "./common/accountProviders";
export type { AccountProviders } from "./common/accountProviders";
export { GATEWAY_ARN_PLACEHOLDER as GATEWAY_ARN, cedarPolicy } from "../invariants/cedar";
export { toolActionName } from "../invariants/names";
export type { ToolDefinition, JsonSchema, JsonSchemaObject } from "../invariants/toolSchema";
