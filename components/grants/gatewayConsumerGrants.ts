import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "../../invariants/arns";
import { ConsumerGrant, GatewayPolicyPlan, GrantForm, describeGrants, planGatewayResourcePolicy } from "../../invariants/documents/gatewayGrants";
import { LIMITS } from "../../invariants/limits";
import { Problem, formatProblem, problem } from "../../invariants/problems";
import { GATEWAY_ARN_PLACEHOLDER } from "../../invariants/cedar/validate";
import { roleArnSlot } from "../../invariants/documents/normalize";
import { throwIfProblems } from "../common/validationError";
import { TYPES } from "../hub/constants";
import { SpokeCaller } from "../spoke/spokeCaller";
import { GrantCapacity, planGrantCapacity } from "./grantBounds";
import { GatewayRateLimits, registerRateLimits, validateRateLimits } from "./consumerRateLimits";
import { duplicateConsumers, duplicateRoleArns } from "./duplicateConsumers";
import { TargetTools } from "../../invariants/toolSchema";
import type { InvokeGrantee } from "./invokeGrantee";

export type { InvokeGrantee } from "./invokeGrantee";

export interface GrantInvokeOptions {
    /** Whole-account grants are refused unless this is set. @default false */
    allowWholeAccount?: boolean;
    /**
     * Gateway rate limits: `perCaller` (a `*` default, one bucket per caller principal) and
     * `perTool` (keyed `<target>___<tool>`); a consumer's own `rateLimit` overrides `perCaller`.
     * Rate limits fail open (AWS): they shape traffic, they do not keep anyone out.
     * @example hub.grantInvoke([support, { roleArn, rateLimit: { requests: 0, per: "minute" } }],
     *     { rateLimits: { perCaller: { requests: 600, per: "minute" }, perTool: { "refunds___process_refund": { requests: 5, per: "second" } } } })
     */
    rateLimits?: GatewayRateLimits;
}

/** What the hub needs of its gateway to grant access (keeps this file free of a cycle on the hub). */
export interface GrantableGateway {
    /** Sizes the gateway ARN at construction; the longest gateway name is assumed without it. */
    gatewayName?: string;
    gatewayArn: pulumi.Output<string>;
    gatewayId: pulumi.Output<string>;
    gateway: pulumi.Resource;
    /** The gateway's tools, when known: a per-tool rate limit must name one of them. */
    tools?: readonly TargetTools[];
}

export interface GatewayConsumerGrantsArgs extends GrantInvokeOptions {
    gateway: GrantableGateway;
    consumers: InvokeGrantee[];
}

function isSpoke(g: InvokeGrantee): g is SpokeCaller {
    return g instanceof SpokeCaller;
}

/** Validates the declared consumers before anything is registered. */
export function validateGrantees(consumers: InvokeGrantee[], options: GrantInvokeOptions, tools?: readonly TargetTools[]): Problem[] {
    const out: Problem[] = [];
    if (consumers.length === 0) out.push(problem("I7", "grantInvoke got no consumers.", "Pass at least one SpokeCaller, role ARN or role path."));
    consumers.forEach((c, i) => {
        if (isSpoke(c)) return;
        if ("roleArn" in c) {
            if (typeof c.roleArn === "string") {
                const arn = parseArn(c.roleArn);
                if (arn && arn.service === "iam" && !/^\d{12}$/.test(arn.accountId)) {
                    out.push(problem("I7", `consumers[${i}].roleArn = ${JSON.stringify(c.roleArn)} has account id ${JSON.stringify(arn.accountId)}, not 12 digits.`, "Use the spoke account's 12-digit id in the role ARN."));
                } else if (!arn || arn.service !== "iam" || !arn.resource.startsWith("role/") || /[*?]/.test(c.roleArn)) {
                    out.push(problem("I7", `consumers[${i}].roleArn = ${JSON.stringify(c.roleArn)} is not one exact IAM role ARN.`, "Grant exact role ARNs, or use { accountId, rolePath } for every role under a path."));
                }
            }
            return;
        }
        if (!/^\d{12}$/.test(c.accountId)) out.push(problem("I7", `consumers[${i}].accountId = ${JSON.stringify(c.accountId)} is not a 12-digit account id.`, "Use the spoke account's id."));
        if ("wholeAccount" in c) {
            if (!options.allowWholeAccount) {
                out.push(problem("I7", `consumers[${i}] grants the whole account ${c.accountId}: every role and user in it could invoke the gateway.`, "Grant the caller roles or a role path instead; or pass { allowWholeAccount: true } if this is intended."));
            }
        } else if (!/^\/(?:[\x21-\x2E\x30-\x7E]+\/)+$/.test(c.rolePath)) {
            out.push(problem("I7", `consumers[${i}].rolePath = ${JSON.stringify(c.rolePath)} must be a non-root path like "/agents/" ("/" would be the whole account).`, "Create the consumer roles under a dedicated path and grant that path."));
        }
    });
    out.push(...duplicateConsumers(consumers));
    out.push(...validateRateLimits(consumers, options.rateLimits, tools));
    return out;
}

/** Resolves every consumer into a grant (role ARNs may be outputs). */
function grantsOf(consumers: InvokeGrantee[]): pulumi.Output<ConsumerGrant[]> {
    return pulumi.all(
        consumers.map((c): pulumi.Input<ConsumerGrant> => {
            if (isSpoke(c)) {
                if (c.endpointId === undefined) return c.roleArn.apply((roleArn): ConsumerGrant => ({ kind: "role", roleArn }));
                return pulumi.all([c.roleArn, c.endpointId]).apply(([roleArn, sourceVpce]): ConsumerGrant => ({ kind: "role", roleArn, sourceVpce }));
            }
            if ("roleArn" in c) return pulumi.output(c.roleArn).apply((roleArn): ConsumerGrant => ({ kind: "role", roleArn }));
            const partition = c.partition ?? "aws";
            return "wholeAccount" in c ? { kind: "account", partition, accountId: c.accountId } : { kind: "rolePath", partition, accountId: c.accountId, path: c.rolePath };
        }),
    );
}

/**
 * A consumer as a grant known at construction: a spoke role's ARN waits for its account (a
 * provider lookup), so it is a slot naming the role's path and name; an ARN given as an output
 * has no known part, so no template can be declared.
 */
function declaredGrant(c: InvokeGrantee): ConsumerGrant | undefined {
    // The endpoint id a grant is conditioned on is assigned when the endpoint is created.
    if (isSpoke(c)) return c.endpointId === undefined ? { kind: "role", roleArn: roleArnSlot(c.path, c.roleName) } : undefined;
    if ("roleArn" in c) return typeof c.roleArn === "string" ? { kind: "role", roleArn: c.roleArn } : undefined;
    const partition = c.partition ?? "aws";
    return "wholeAccount" in c ? { kind: "account", partition, accountId: c.accountId } : { kind: "rolePath", partition, accountId: c.accountId, path: c.rolePath };
}

/**
 * The component inputs the policy pack reads (policypack/model/declared.ts): the resource policy
 * with GATEWAY_ARN_PLACEHOLDER for the new gateway's ARN, or why none could be declared. Plain
 * values only: since Node SDK 3.202 component inputs are serialized and sent to the engine
 * (pulumi/pulumi sdk/nodejs/resource.ts:1576 at 1b5949891b3c), and Outputs among them leave
 * promises pending at exit (pulumi/pulumi#23953).
 */
function declareResourcePolicy(consumers: InvokeGrantee[], form: GrantForm | undefined): { resourcePolicyTemplate: string } | { resourcePolicyTemplateOmitted: string } {
    if (form === undefined) return { resourcePolicyTemplateOmitted: "the policy's form is chosen once the role ARNs given as outputs are known" };
    const grants = consumers.map(declaredGrant);
    if (consumers.some((c) => isSpoke(c) && c.endpointId !== undefined)) return { resourcePolicyTemplateOmitted: "a consumer's grant is conditioned on its VPC endpoint, whose id is assigned at creation" };
    if (grants.some((g) => g === undefined)) return { resourcePolicyTemplateOmitted: "a consumer role ARN is given as an output" };
    const t = planGatewayResourcePolicy(GATEWAY_ARN_PLACEHOLDER, grants as ConsumerGrant[], { form });
    return Array.isArray(t) ? { resourcePolicyTemplateOmitted: "the policy does not fit AgentCore's limits" } : { resourcePolicyTemplate: JSON.stringify(t.document) };
}

function limitsLine(statements: number, bytes: number, bytesWord: string): string {
    return `${statements} of ${LIMITS.gatewayResourcePolicyStatements} statements, ${bytesWord}${bytes} of ${LIMITS.gatewayResourcePolicyBytes} bytes`;
}

/** What construction knows, for the engine log: visible in `pulumi preview` before the gateway exists. */
function capacityMessage(name: string, capacity: GrantCapacity): string {
    const head = `GatewayConsumerGrants "${name}": ${describeGrants(capacity.summary)}`;
    if (!capacity.planned) return `${head}; the policy's form is chosen once the role ARNs given as outputs are known.`;
    const p = capacity.planned;
    return `${head} -> form "${p.form}", ${limitsLine(p.statements, p.maxBytes, "at most ")} (unknown ARN parts counted at their longest).`;
}

/**
 * The gateway's one resource-based policy, naming each declared consumer (I7), planned within
 * AgentCore's limits (I12), plus per-consumer rate limits where asked.
 *
 * Capacity is checked at construction from bounds (./grantBounds.ts): a consumer list that
 * cannot fit fails before anything is registered; when every unknown part has an upper bound
 * the form is fixed at construction, so `form` and `statements` are known at a first preview.
 */
export class GatewayConsumerGrants extends pulumi.ComponentResource {
    /** Which form the policy took: "statement-per-consumer" (readable) or "merged" (compact). */
    readonly form: pulumi.Output<GrantForm>;
    /** The policy's exact size in bytes, known once the gateway ARN is (so the headroom is visible). */
    readonly bytes: pulumi.Output<number>;
    readonly statements: pulumi.Output<number>;
    /** The largest size the policy can have, from construction; undefined when not decidable then. */
    readonly maxBytes?: number;
    readonly resourcePolicy: awsnative.bedrockagentcore.ResourcePolicy;
    /** One GatewayRateLimit per dimension-key list asked for (`$.context.iam.principal`, `toolName`). */
    readonly rateLimits: awsnative.bedrockagentcore.GatewayRateLimit[];

    constructor(name: string, args: GatewayConsumerGrantsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const problems = validateGrantees(args.consumers, args, args.gateway.tools);
        const capacity = problems.length === 0 ? planGrantCapacity(args.consumers, args.gateway.gatewayName) : { problems: [] };
        throwIfProblems("GatewayConsumerGrants", name, [...problems, ...capacity.problems]);
        const planned = capacity.capacity?.planned;
        // The policy embeds the new gateway's exact ARN, so it is unknown at a first preview. The
        // same document with a placeholder for that ARN is declared as a component input, known
        // at preview, for the policy pack to check (policypack/model/declared.ts); at `pulumi up`
        // the pack checks that the deployed policy is exactly this one rendered.
        super(TYPES.grants, name, declareResourcePolicy(args.consumers, planned?.form), opts);
        if (capacity.capacity) pulumi.log.info(capacityMessage(name, capacity.capacity), this);
        const plan: pulumi.Output<GatewayPolicyPlan> = pulumi.all([args.gateway.gatewayArn, grantsOf(args.consumers)]).apply(([gatewayArn, grants]) => {
            // ARNs known only now (outputs, spoke lookups) may turn out to name one role twice.
            const twice = duplicateRoleArns(grants.map((g) => (g.kind === "role" ? g.roleArn : undefined)));
            if (twice.length > 0) throw new pulumi.ResourceError(`GatewayConsumerGrants "${name}": ${twice.map(formatProblem).join("; ")}`, this);
            // The form fixed at construction is kept: its upper bound fits, so the real policy does.
            const result = planGatewayResourcePolicy(gatewayArn, grants, { form: planned?.form });
            if (Array.isArray(result)) throw new pulumi.ResourceError(`GatewayConsumerGrants "${name}": ${result.map(formatProblem).join("; ")}`, this);
            pulumi.log.info(`GatewayConsumerGrants "${name}": resource-based policy in form "${result.form}", ${limitsLine(result.statements, result.bytes, "")}.`, this);
            return result;
        });
        this.form = planned ? pulumi.output(planned.form) : plan.form;
        this.statements = planned ? pulumi.output(planned.statements) : plan.statements;
        this.bytes = plan.bytes;
        this.maxBytes = planned?.maxBytes;
        const spokes = args.consumers.filter(isSpoke);
        this.resourcePolicy = new awsnative.bedrockagentcore.ResourcePolicy(`${name}-policy`, {
            resourceArn: args.gateway.gatewayArn,
            policy: plan.apply((p) => JSON.stringify(p.document)),
        }, { parent: this, dependsOn: [args.gateway.gateway, ...spokes.map((s) => s.role), ...spokes.flatMap((s) => (s.endpoint ? [s.endpoint] : []))] });

        this.rateLimits = registerRateLimits(name, this, args.gateway.gatewayId, args.consumers, args.rateLimits, [this.resourcePolicy]);
        // The template with the consumers' real ARNs (known at preview: they come from provider
        // lookups) as an output, which AnalyzeStack reads whatever the SDK does with component
        // inputs (pulumi/pulumi pkg/resource/deploy/step_executor.go:283, step_generator.go:3520
        // at 1b5949891b3c); an Output is fine here, unlike in component inputs. Its own key, so a
        // transform of the declared input is never shadowed by it (model/declared.ts).
        const resourcePolicyTemplate = grantsOf(args.consumers).apply((grants) => {
            const t = planGatewayResourcePolicy(GATEWAY_ARN_PLACEHOLDER, grants, { form: planned?.form });
            return Array.isArray(t) ? undefined : JSON.stringify(t.document);
        });
        this.registerOutputs({ form: this.form, bytes: this.bytes, statements: this.statements, maxBytes: this.maxBytes, resourcePolicyTemplateResolved: resourcePolicyTemplate });
    }
}
