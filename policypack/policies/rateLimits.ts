import { checkGatewayRateLimits, checkRateLimit } from "../../invariants/rateLimits";
import { isUnknown } from "../../invariants/unknown";
import { ModelResource, at, str } from "../model/resource";
import { StackModel } from "../model/stack";
import { T } from "../model/types";
import { AreaPolicy, Findings, ResourcePolicyDef, add, describe, findings } from "./framework";

/**
 * One GatewayRateLimit alone, through the same check the components run
 * (invariants/rateLimits.ts): values that bind (exact IAM ARNs or `*` for the principal,
 * `<target>___<tool>` tool names, no partial wildcard, `*` only trailing), rates, entry counts
 * and duplicates. A resource policy, so `pulumi up` stops a limit that would fail open before
 * it is created; unknown leaves are deferred by name.
 */
export const gatewayRateLimitResource: ResourcePolicyDef = {
    name: "agentcore-gateway-rate-limit",
    description: "Gateway rate limits bind: exact IAM principal ARNs or \"*\", <target>___<tool> tool names, whole rates 0..10,000,000 per second or minute, at most 1,000 entries, no duplicate entries",
    invariants: ["I12"],
    types: T.gatewayRateLimit,
    check: (r) => {
        const out = findings();
        add(out, r, checkRateLimit({ dimensionKeys: r.props.dimensionKeys, entries: r.props.entries, description: r.props.description }));
        return out;
    },
};

/** Which gateway a limit belongs to: the gateway resource it refers to, else its literal id. */
function gatewayOf(model: StackModel, r: ModelResource): string | undefined {
    const [gateway] = model.referenced(r, "gatewayIdentifier", "gateway");
    if (gateway) return `Gateway "${gateway.name}"`;
    const id = str(at(r.props, "gatewayIdentifier"));
    return id === undefined || isUnknown(id) ? undefined : `gateway ${JSON.stringify(id)}`;
}

/**
 * The limits of each gateway together: at most 50 per gateway (gateway-rate-limits.html) and
 * no two with the same dimensionKeys (CFN schema). Needs relations, so a stack policy.
 */
export const gatewayRateLimits: AreaPolicy = {
    name: "agentcore-gateway-rate-limits",
    description: "At most 50 rate limits per gateway, each with its own dimensionKeys list",
    invariants: ["I12"],
    check: (model) => {
        const out: Findings = findings();
        const byGateway = new Map<string, ModelResource[]>();
        for (const r of model.of("gatewayRateLimit")) {
            const g = gatewayOf(model, r);
            if (g === undefined) {
                add(out, r, { problems: [], deferred: ["gatewayIdentifier is not known yet and comes from no gateway of this stack, so the per-gateway count and dimensionKeys uniqueness are not decided"] });
                continue;
            }
            byGateway.set(g, [...(byGateway.get(g) ?? []), r]);
        }
        for (const [gateway, limits] of byGateway) {
            const result = checkGatewayRateLimits(gateway, limits.map((l) => ({ label: describe(l), dimensionKeys: l.props.dimensionKeys })));
            // Reported on the last limit: the one that makes the set too many or a duplicate.
            add(out, limits[limits.length - 1], result);
        }
        return out;
    },
};
