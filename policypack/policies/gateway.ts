import { checkExceptionLevel, checkInboundAuth, checkPolicyEngineAttachment } from "../../invariants/gatewayConfig";
import { problem } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { T, kindOf } from "../model/types";
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
    types: [...T.gateway, ...T.cedarPolicy],
    check: (r, config) => {
        const out = findings();
        if (kindOf(r.type) === "gateway") {
            add(out, r, checkPolicyEngineAttachment(gatewayConfig(r), { production: config.production }));
            return out;
        }
        const mode = cedarPolicyView(r).enforcementMode;
        if (isUnknown(mode)) add(out, r, { problems: [], deferred: ["the policy's enforcementMode is unknown"] });
        else if (mode === "LOG_ONLY" && config.production) {
            add(out, r, {
                problems: [problem("I9", 'The Cedar policy runs in enforcementMode "LOG_ONLY" in a production stack: what it forbids is only logged.', 'Set enforcementMode "ACTIVE" (the default of AgentGatewayHub policies) once the staged rollout is over, or mark the stack non-production (pack config production: false).')],
                deferred: [],
            });
        }
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
