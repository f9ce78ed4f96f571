import { checkEndpointPolicy, isGatewayEndpointService } from "../../invariants/documents/endpointPolicy";
import { MaybeUnknown, UNKNOWN, isUnknown } from "../../invariants/unknown";
import { GatewayWafFacts, checkGatewayWaf } from "../../invariants/waf";
import { ModelResource, at, str } from "../model/resource";
import { StackModel } from "../model/stack";
import { isBridged, kindOf } from "../model/types";
import { AreaPolicy, add, findings } from "./framework";

/**
 * Whether a WebAclAssociation of the stack names this gateway: by propertyDependencies or a known
 * ARN equal to the gateway's; UNKNOWN when some association's resourceArn is unknown and derives
 * from nothing the stack can name (it might be this gateway).
 */
function associated(model: StackModel, gateway: ModelResource): MaybeUnknown<boolean> {
    let undecided = false;
    for (const a of model.of("webAclAssociation")) {
        if (model.referenced(a, "resourceArn", "gateway").includes(gateway)) return true;
        const arn = str(a.props.resourceArn);
        if (isUnknown(arn) && model.provenance(a, "resourceArn").length === 0) undecided = true;
    }
    return undecided ? UNKNOWN : false;
}

function failureMode(gateway: ModelResource): GatewayWafFacts["failureMode"] {
    // The @pulumi/aws gateway (7.48) declares no wafConfiguration (node_modules/@pulumi/aws/bedrock/agentcoreGateway.d.ts).
    if (isBridged(gateway.type)) return "unsupported";
    return str(at(gateway.props, "wafConfiguration", "failureMode"));
}

/** I13: in production every gateway has a web ACL (unless the config opts out), and fails closed when it has one. */
export const gatewayWaf: AreaPolicy = {
    name: "agentcore-gateway-waf",
    description: "In production every gateway has an AWS WAF web ACL associated (unless requireWaf is false), and a gateway with a web ACL fails closed (wafConfiguration.failureMode FAIL_CLOSE)",
    invariants: ["I13"],
    check: (model, config) => {
        const out = findings();
        for (const g of model.of("gateway")) {
            add(out, g, checkGatewayWaf({ associated: associated(model, g), failureMode: failureMode(g) }, { production: config.production, requireWaf: config.requireWaf }));
        }
        return out;
    },
};

/**
 * I8 at the network edge: the policy of an interface endpoint for AgentCore gateways never allows
 * Principal "*" or Resource "*". A stack policy, so an unknown Resource that derives from a gateway
 * or a StackReference (propertyDependencies) is known not to be "*" at a first preview.
 */
export const gatewayEndpointPolicy: AreaPolicy = {
    name: "agentcore-gateway-endpoint-policy",
    description: "The endpoint policy of every bedrock-agentcore gateway interface endpoint names its principals and gateways, never \"*\"",
    invariants: ["I8"],
    check: (model) => {
        const out = findings();
        for (const e of model.of("vpcEndpoint")) {
            const service = str(e.props.serviceName);
            if (isUnknown(service)) {
                out.deferred.push({ urn: e.urn, item: `VpcEndpoint "${e.name}": its serviceName is unknown (is it an AgentCore gateway endpoint?)` });
                continue;
            }
            if (service === undefined || !isGatewayEndpointService(service)) continue;
            const prop = isBridged(e.type) ? "policy" : "policyDocument";
            const fromGateway = model.provenance(e, prop).some((t) => kindOf(t) === "gateway" || t === "pulumi:pulumi:StackReference");
            add(out, e, checkEndpointPolicy(e.props[prop], { unknownFromGateway: fromGateway }));
        }
        return out;
    },
};
