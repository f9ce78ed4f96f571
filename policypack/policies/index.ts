import { Policies } from "@pulumi/policy";
import { asResourcePolicy, asStackPolicy, AreaPolicy, ResourcePolicyDef } from "./framework";
import { cedarPolicies } from "./cedar";
import { cedarPolicyResource } from "./cedarPolicy";
import { componentDeclarations } from "./declarations";
import { deferredToUpdate } from "./deferredReport";
import { gatewayExceptionLevel, gatewayInboundAuth, gatewayPolicyEngine } from "./gateway";
import { gatewayRoleAlone } from "./gatewayRoleAlone";
import { gatewayEncryption, gatewayKeyPolicy } from "./encryption";
import { gatewayConsumerGrants } from "./grants";
import { gatewayResourcePolicyResource } from "./gatewayResourcePolicy";
import { awsLimits } from "./limits";
import { awsLimitsResource } from "./limitsResource";
import { gatewayRateLimitResource, gatewayRateLimits } from "./rateLimits";
import { lambdaTargetPermission } from "./lambdaPermission";
import { gatewayAlarms } from "./alarms";
import { gatewayAuditTrail, gatewayLogDeliveries } from "./observability";
import { restApiPlacement, restApiRedeployed, restApiResourcePolicy, restApiShape, restMethodIamAuth } from "./restApi";
import { gatewayRolePermissions, gatewayRoleTrust } from "./role";
import { spokeCallerRoles } from "./spoke";
import { spokeCallerAlone } from "./spokeCallerAlone";
import { gatewayEndpointPolicy, gatewayWaf } from "./perimeter";

/** Checks of what one resource shows on its own. */
export const RESOURCE_POLICIES: ResourcePolicyDef[] = [
    componentDeclarations,
    gatewayInboundAuth,
    gatewayPolicyEngine,
    gatewayExceptionLevel,
    gatewayRoleAlone,
    spokeCallerAlone,
    gatewayResourcePolicyResource,
    cedarPolicyResource,
    awsLimitsResource,
    gatewayRateLimitResource,
    gatewayEncryption,
];

/** Checks of relations across the stack. */
export const STACK_POLICIES: AreaPolicy[] = [
    gatewayRoleTrust,
    gatewayRolePermissions,
    restMethodIamAuth,
    restApiResourcePolicy,
    restApiRedeployed,
    restApiShape,
    restApiPlacement,
    lambdaTargetPermission,
    gatewayConsumerGrants,
    spokeCallerRoles,
    cedarPolicies,
    awsLimits,
    gatewayRateLimits,
    gatewayWaf,
    gatewayEndpointPolicy,
    gatewayLogDeliveries,
    gatewayAuditTrail,
    gatewayAlarms,
    gatewayKeyPolicy,
];

/** Every policy of the pack, in the order the pack registers them (the deferred report last). */
export function allPolicies(): Policies {
    return [...RESOURCE_POLICIES.map(asResourcePolicy), ...STACK_POLICIES.map(asStackPolicy), deferredToUpdate];
}

export { gatewayResourcePolicyResource, cedarPolicyResource, awsLimitsResource, gatewayRateLimitResource, gatewayRateLimits };
export { lambdaTargetPermission, restApiPlacement };
export { gatewayWaf, gatewayEndpointPolicy };
export { gatewayAlarms, gatewayAuditTrail, gatewayLogDeliveries };
export { gatewayEncryption, gatewayKeyPolicy };
export { cedarPolicies, deferredToUpdate, gatewayConsumerGrants, awsLimits, restApiRedeployed, restApiResourcePolicy, restApiShape, restMethodIamAuth, gatewayRolePermissions, gatewayRoleTrust, spokeCallerRoles, gatewayExceptionLevel, gatewayInboundAuth, gatewayPolicyEngine, gatewayRoleAlone, spokeCallerAlone };
