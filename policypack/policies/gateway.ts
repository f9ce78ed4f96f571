import { checkExceptionLevel, checkInboundAuth, checkPolicyEngineAttachment } from "../../invariants/gatewayConfig";
import { checkDeclaredProduction, checkPolicyEnforcement } from "../../invariants/production";
import { bool } from "../model/resource";
import { COMPONENT_TYPES, T, kindOf } from "../model/types";
import { cedarPolicyView, gatewayConfig } from "../model/views";
import { ResourcePolicyDef, add, findings } from "./framework";

/** I1: what one gateway resource shows about its inbound auth. */
export const gatewayInboundAuth: ResourcePolicyDef = {
    name: "agentcore-gateway-inbound-auth",
    description: "The gateway authenticates callers with AWS_IAM (or CUSTOM_JWT with issuer and audiences/clients), never none",
    invariants: ["I1"],
    types: T.gateway,
    check: (r) => {
        const out = findings();
        add(out, r, checkInboundAuth(gatewayConfig(r), "authorizerType"));
        return out;
    },
};

/** I9: a policy engine is attached, in ENFORCE in production; Cedar policies ACTIVE in production. */
export const gatewayPolicyEngine: ResourcePolicyDef = {
    name: "agentcore-gateway-policy-engine",
    description: "A policy engine is attached to every gateway in ENFORCE mode, and every Cedar policy is ACTIVE, unless the stack is marked non-production",
    invariants: ["I9"],
    types: [...T.gateway, ...T.cedarPolicy, COMPONENT_TYPES.hub],
    check: (r, config) => {
        const out = findings();
        if (kindOf(r.type) === "gateway") {
            add(out, r, checkPolicyEngineAttachment(gatewayConfig(r), { production: config.production }));
            return out;
        }
        if (r.type === COMPONENT_TYPES.hub) {
            // One production mode: the hub's declaration (the stack setting it read) against the pack's.
            add(out, r, checkDeclaredProduction(bool(r.props.production), config.production));
            return out;
        }
        add(out, r, checkPolicyEnforcement(cedarPolicyView(r).enforcementMode, config.production, "The Cedar policy's enforcementMode"));
        return out;
    },
};

/** I11: no DEBUG exception level in production. */
export const gatewayExceptionLevel: ResourcePolicyDef = {
    name: "agentcore-gateway-exception-level",
    description: "No gateway returns DEBUG error details in a production stack",
    invariants: ["I11"],
    types: T.gateway,
    check: (r, config) => {
        const out = findings();
        add(out, r, checkExceptionLevel(gatewayConfig(r), { production: config.production }));
        return out;
    },
};
