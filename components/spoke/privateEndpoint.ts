import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope } from "../../invariants/arns";
import { buildEndpointPolicy, gatewayEndpointServiceName } from "../../invariants/documents/endpointPolicy";
import { Problem, problem } from "../../invariants/problems";

/** A private path from a spoke VPC to the hub gateway (SpokeCallerArgs.privateEndpoint). */
export interface PrivateEndpointSpec {
    /** The spoke VPC (`vpc-…`) the agents run in. */
    vpcId: pulumi.Input<string>;
    /** At least one subnet (`subnet-…`) of that VPC; one endpoint network interface per subnet. */
    subnetIds: pulumi.Input<string>[];
    /** Security groups of the endpoint's interfaces (HTTPS from the agents); the VPC's default group when omitted. */
    securityGroupIds?: pulumi.Input<string>[];
    /**
     * Private DNS for the service's default host names, so the gateway URL resolves to the endpoint.
     * @default true
     */
    privateDns?: boolean;
}

const ID_PATTERNS: [keyof PrivateEndpointSpec, RegExp, string][] = [
    ["vpcId", /^vpc-[0-9a-f]{8,17}$/, "vpc-"],
    ["subnetIds", /^subnet-[0-9a-f]{8,17}$/, "subnet-"],
    ["securityGroupIds", /^sg-[0-9a-f]{8,17}$/, "sg-"],
];

/** Every problem of the endpoint's arguments that is visible before registration. */
export function validatePrivateEndpoint(spec: PrivateEndpointSpec | undefined): Problem[] {
    if (spec === undefined) return [];
    const out: Problem[] = [];
    if (!spec.subnetIds || spec.subnetIds.length === 0) {
        out.push(problem("I8", "privateEndpoint.subnetIds is empty: an interface endpoint needs at least one subnet.", "Pass the subnets the agents run in (one per Availability Zone)."));
    }
    for (const [key, pattern, prefix] of ID_PATTERNS) {
        const raw = spec[key];
        const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
        values.forEach((v, i) => {
            if (typeof v === "string" && !pattern.test(v)) {
                const where = Array.isArray(raw) ? `privateEndpoint.${key}[${i}]` : `privateEndpoint.${key}`;
                out.push(problem("I8", `${where} = ${JSON.stringify(v)} is not a ${prefix}… id.`, `Pass the ${prefix}… id from the spoke's network stack.`));
            }
        });
    }
    return out;
}

/**
 * The interface endpoint `com.amazonaws.<region>.bedrock-agentcore.gateway` in the spoke's VPC,
 * created with the spoke's provider (the caller's parent), with a structured endpoint policy
 * (aws-native keeps its unknown ARNs as leaves, so the pack decides it at a first preview).
 */
export function createPrivateEndpoint(
    name: string,
    spec: PrivateEndpointSpec,
    scope: pulumi.Output<AccountScope>,
    callerRoleArn: pulumi.Output<string>,
    gatewayArns: pulumi.Input<string>[],
    parent: pulumi.Resource,
    tags?: Record<string, string>,
): awsnative.ec2.VpcEndpoint {
    return new awsnative.ec2.VpcEndpoint(`${name}-endpoint`, {
        vpcId: spec.vpcId,
        vpcEndpointType: "Interface",
        serviceName: scope.apply((s) => gatewayEndpointServiceName(s.region)),
        subnetIds: spec.subnetIds,
        securityGroupIds: spec.securityGroupIds,
        privateDnsEnabled: spec.privateDns ?? true,
        policyDocument: buildEndpointPolicy<pulumi.Input<string>>(callerRoleArn, gatewayArns),
        tags: tags ? Object.entries(tags).map(([key, value]) => ({ key, value })) : undefined,
    }, { parent });
}
