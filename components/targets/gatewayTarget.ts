import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { lifecycleOptions } from "../../invariants/lifecycle";
import { GATEWAY_ROLE_CREDENTIALS } from "./hubContext";

export interface GatewayTargetRegistration {
    gatewayId: pulumi.Input<string>;
    targetName: string;
    description?: string;
    targetConfiguration: awsnative.bedrockagentcore.GatewayTargetArgs["targetConfiguration"];
    dependsOn: pulumi.Resource[];
}

/**
 * The gateway target of one Lambda or REST API target: always signed with the gateway's
 * service role (`GATEWAY_IAM_ROLE`), the outbound auth every invariant about targets assumes.
 */
export function registerGatewayTarget(logicalName: string, parent: pulumi.Resource, t: GatewayTargetRegistration): awsnative.bedrockagentcore.GatewayTarget {
    return new awsnative.bedrockagentcore.GatewayTarget(`${logicalName}-target`, {
        gatewayIdentifier: t.gatewayId,
        name: t.targetName,
        description: t.description,
        credentialProviderConfigurations: GATEWAY_ROLE_CREDENTIALS,
        targetConfiguration: t.targetConfiguration,
    }, { parent, dependsOn: t.dependsOn, ...lifecycleOptions("AWS::BedrockAgentCore::GatewayTarget") });
}
