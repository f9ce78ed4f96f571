import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_ARN_PLACEHOLDER } from "../../invariants/cedar/validate";
import { JwtNetworkScope, buildJwtGatewayPolicy, checkJwtNetworkScope } from "../../invariants/documents/jwtGatewayPolicy";
import { LIMITS, jsonSize } from "../../invariants/limits";
import { problem } from "../../invariants/problems";
import { throwIfProblems } from "../common/validationError";
import { TYPES } from "../hub/constants";
import type { GrantableGateway } from "./gatewayConsumerGrants";

export interface JwtGatewayAccessArgs {
    gateway: GrantableGateway;
    /** Where token-bearing callers may come from; at least one VPC endpoint, VPC or CIDR. */
    network: JwtNetworkScope;
}

/** The longest gateway ARN AgentCore allows (docs/aws-facts.md §2), for sizing before the gateway exists. */
const LONGEST_GATEWAY_ARN = `arn:aws-us-gov:bedrock-agentcore:${"x".repeat(20)}:123456789012:gateway/${"x".repeat(100)}-${"x".repeat(10)}`;

/**
 * The resource-based policy of a CUSTOM_JWT gateway: `Principal: "*"` allowed
 * `bedrock-agentcore:InvokeGateway` on the gateway's exact ARN, narrowed to declared VPC
 * endpoints, VPCs or CIDRs (AWS requires the wildcard principal on OAuth gateways; the token's
 * issuer, audiences and clients, checked by I1, say who calls). Declares its template like
 * GatewayConsumerGrants, so the pack checks it at a first preview.
 */
export class JwtGatewayAccess extends pulumi.ComponentResource {
    readonly resourcePolicy: awsnative.bedrockagentcore.ResourcePolicy;

    constructor(name: string, args: JwtGatewayAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const problems = checkJwtNetworkScope(args.network);
        if (problems.length === 0) {
            const bytes = jsonSize(buildJwtGatewayPolicy(LONGEST_GATEWAY_ARN, args.network));
            if (bytes > LIMITS.gatewayResourcePolicyBytes) problems.push(problem("I12", `network lists too many values: the gateway's resource-based policy would be up to ${bytes} bytes; the limit is ${LIMITS.gatewayResourcePolicyBytes}.`, "Aggregate CIDRs, or reach the gateway through fewer VPC endpoints."));
        }
        throwIfProblems("JwtGatewayAccess", name, problems);
        const template = JSON.stringify(buildJwtGatewayPolicy(GATEWAY_ARN_PLACEHOLDER, args.network));
        // Plain values only in component inputs (see GatewayConsumerGrants): the template names the gateway by placeholder.
        super(TYPES.jwtAccess, name, { resourcePolicyTemplate: template }, opts);
        this.resourcePolicy = new awsnative.bedrockagentcore.ResourcePolicy(`${name}-policy`, {
            resourceArn: args.gateway.gatewayArn,
            policy: args.gateway.gatewayArn.apply((arn) => JSON.stringify(buildJwtGatewayPolicy(arn, args.network))),
        }, { parent: this, dependsOn: [args.gateway.gateway] });
        this.registerOutputs({ resourcePolicyTemplateResolved: template });
    }
}
