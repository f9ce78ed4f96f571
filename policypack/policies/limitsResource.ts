import { LIMITS } from "../../invariants/limits";
import { isUnknown } from "../../invariants/unknown";
import { ModelResource } from "../model/resource";
import { T, kindOf } from "../model/types";
import { restApiView, roleView, rolePolicyDocument } from "../model/views";
import { Findings, ResourcePolicyDef, findings } from "./framework";
import { checkNameOf, checkSize, documentSize, inlineTotal } from "./limits";
import { checkSchemaLimitsOf } from "./schemaLimitsResource";

const REST_API_FIX = "Shorten the policy: name API-relative resources (execute-api:/<stage>/<METHOD>/<path>) and merge statements.";

function roleLimits(out: Findings, r: ModelResource): void {
    const view = roleView(r);
    checkNameOf(out, r, "role", view.roleName, "role name", true);
    checkSize(out, r, "the trust policy", documentSize(view.trust), LIMITS.trustPolicyChars, "Trust fewer principals per role.");
    // An unknown list is left to agentcore-aws-limits, which names it (and counts RolePolicy resources).
    if (!isUnknown(view.inline)) checkSize(out, r, "the role's inline policies in total", inlineTotal(view.inline.map((p) => p.document)), LIMITS.roleInlinePolicyChars, "Move statements into managed policies (AgentGatewayHub spills automatically).");
}

/** A size that is wholly unknown here is left to agentcore-aws-limits, which sees the whole stack. */
function knownSize(out: Findings, r: ModelResource, what: string, document: Parameters<typeof documentSize>[0], limit: number, fix: string): void {
    if (!isUnknown(document)) checkSize(out, r, what, documentSize(document), limit, fix);
}

/**
 * I12 limits that one resource shows on its own (names, trust and inline policy sizes,
 * managed and REST API policy sizes), as a resource policy: at `pulumi up` the resource is
 * stopped before it is created instead of failing half-way. Gateway resource policies and Cedar
 * policies have their own resource policies (gatewayResourcePolicy.ts, cedarPolicy.ts); limits
 * that need several resources stay in limits.ts.
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go:1469 analyzes the inputs after Check;
 * :1477 bails before any step when a mandatory Analyze result came back, at 1b5949891b3c).
 */
export const awsLimitsResource: ResourcePolicyDef = {
    name: "agentcore-aws-limits-resource",
    description: "Every limit the CloudFormation schemas publish for AgentCore resources (descriptions, tags, lists, enums), a Lambda target in the gateway's Region, AgentCore name rules (gateway, target, policy engine), role names, trust (2,048) and inline (10,240) policy sizes, managed policies (6,144), REST API resource policies (8,192)",
    invariants: ["I12"],
    types: [...T.gateway, ...T.gatewayTarget, ...T.policyEngine, ...T.cedarPolicy, ...T.resourcePolicy, ...T.role, ...T.managedPolicy, ...T.restApi, ...T.restApiPolicy],
    check: (r) => {
        const out = findings();
        checkSchemaLimitsOf(out, r);
        switch (kindOf(r.type)) {
            case "gateway":
                checkNameOf(out, r, "gateway", r.props.name, "name");
                break;
            case "gatewayTarget":
                checkNameOf(out, r, "target", r.props.name, "name");
                break;
            case "policyEngine":
                checkNameOf(out, r, "policyEngine", r.props.name, "name");
                break;
            case "role":
                roleLimits(out, r);
                break;
            case "managedPolicy":
                knownSize(out, r, "the managed policy", rolePolicyDocument(r), LIMITS.managedPolicyChars, "Split the managed policy.");
                break;
            case "restApi":
                knownSize(out, r, "the REST API resource policy", restApiView(r).policy, LIMITS.restApiPolicyChars, REST_API_FIX);
                break;
            case "restApiPolicy":
                knownSize(out, r, "the REST API resource policy", r.props.policy, LIMITS.restApiPolicyChars, REST_API_FIX);
                break;
            default:
                break;
        }
        return out;
    },
};
