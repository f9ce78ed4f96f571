import { checkGatewayResourcePolicy } from "../../invariants/documents/gatewayGrants";
import { LIMITS } from "../../invariants/limits";
import { readPolicyDocument } from "../../invariants/policyDocument";
import { problem } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { str } from "../model/resource";
import { T } from "../model/types";
import { ResourcePolicyDef, add, describe, findings } from "./framework";
import { GATEWAY_POLICY_FIX, checkSize, documentSize } from "./limits";

/**
 * I7 and I12 on one gateway ResourcePolicy, from its own inputs, so at `pulumi up` a bad policy
 * is stopped before it is put on the gateway (Analyze runs before the resource's step). A
 * policy wholly unknown here (a first preview: it embeds the new gateway's ARN) is left to the
 * stack policies, which check the declared template or name the check as deferred: see
 * grants.ts and limits.ts, which in turn skip what this policy decides.
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go:1469 analyzes the inputs after Check;
 * :1477 bails before any step when a mandatory Analyze result came back, at 1b5949891b3c).
 */
export const gatewayResourcePolicyResource: ResourcePolicyDef = {
    name: "agentcore-gateway-resource-policy",
    description: "A gateway resource-based policy allows only bedrock-agentcore:InvokeGateway on the gateway it is attached to, to named principals, never '*', whole accounts only when allowed; at most 20 KB and 100 statements",
    invariants: ["I7", "I12"],
    types: T.resourcePolicy,
    check: (r, config) => {
        const out = findings();
        const policy = r.props.policy;
        if (isUnknown(policy)) return out;
        const attachedTo = str(r.props.resourceArn);
        add(out, r, checkGatewayResourcePolicy(policy, { gatewayArn: typeof attachedTo === "string" ? attachedTo : undefined, allowWholeAccount: config.allowWholeAccount, allowedConsumerAccounts: config.allowedConsumerAccounts }));
        checkSize(out, r, "the gateway resource policy", documentSize(policy), LIMITS.gatewayResourcePolicyBytes, GATEWAY_POLICY_FIX);
        const parsed = readPolicyDocument(policy);
        if (parsed.ok && parsed.statements.length > LIMITS.gatewayResourcePolicyStatements) {
            out.problems.push({ urn: r.urn, problem: problem("I12", `${describe(r)}: the gateway resource policy has ${parsed.statements.length} statements; the limit is ${LIMITS.gatewayResourcePolicyStatements}.`, GATEWAY_POLICY_FIX) });
        }
        return out;
    },
};
