import { checkGatewayResourcePolicy } from "../../invariants/documents/gatewayGrants";
import { problem } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { declaredResourcePolicy, derivesOnlyFromGateways, renderTemplate, standInGatewayArn } from "../model/declared";
import { gatewayArnOf } from "../model/relations";
import { str } from "../model/resource";
import { AreaPolicy, add, describe, findings } from "./framework";

/** I7: consumers are named; only InvokeGateway on this gateway's exact ARN; whole accounts only when allowed. */
export const gatewayConsumerGrants: AreaPolicy = {
    name: "agentcore-gateway-consumer-grants",
    description: "A gateway's resource-based policy allows only bedrock-agentcore:InvokeGateway on that gateway's exact ARN, to named consumer roles (or a role path of an account); whole accounts only when allowed",
    invariants: ["I7"],
    check: (model, config) => {
        const out = findings();
        for (const rp of model.of("resourcePolicy")) {
            const gateways = model.referenced(rp, "resourceArn", "gateway");
            const gatewayArn = gateways.length === 1 ? gatewayArnOf(gateways[0]) : undefined;
            const expect = { gatewayArn: typeof gatewayArn === "string" ? gatewayArn : undefined, allowWholeAccount: config.allowWholeAccount, allowedConsumerAccounts: config.allowedConsumerAccounts };
            const policy = rp.props.policy;
            const declared = declaredResourcePolicy(model, rp);
            if (isUnknown(policy) && declared && derivesOnlyFromGateways(model, rp, "policy")) {
                const name = gateways.length === 1 ? str(gateways[0].props.name) : undefined;
                const standIn = standInGatewayArn(name);
                add(out, rp, checkGatewayResourcePolicy(renderTemplate(declared.template, standIn), { ...expect, gatewayArn: standIn }), `${describe(rp)} (as declared by ${describe(declared.component)}; the gateway's ARN is filled in at deploy)`);
                continue;
            }
            add(out, rp, checkGatewayResourcePolicy(policy, expect));
            if (declared && typeof policy === "string" && typeof gatewayArn === "string" && policy !== renderTemplate(declared.template, gatewayArn)) {
                out.problems.push({ urn: rp.urn, problem: problem("I7", `${describe(rp)}: the deployed policy differs from the one ${describe(declared.component)} declared.`, "Do not transform the component's resource policy; declare consumers through grantInvoke.") });
            }
        }
        return out;
    },
};
