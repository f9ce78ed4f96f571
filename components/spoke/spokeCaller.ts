import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { AGENTCORE_SERVICE_PRINCIPAL, classifyGatewayArn, roleArn as buildRoleArn } from "../../invariants/arns";
import { CallerPrincipal, buildSpokeInvokePolicy, buildSpokeTrustPolicy } from "../../invariants/documents/spokeCaller";
import { lifecycleOptions } from "../../invariants/lifecycle";
import { checkName } from "../../invariants/names";
import { Problem, problem } from "../../invariants/problems";
import { Rate, checkRate } from "../../invariants/rateLimits";
import { lookupAccountScope } from "../common/accountScope";
import { throwIfProblems } from "../common/validationError";
import { TYPES } from "../hub/constants";
import { PrivateEndpointSpec, createPrivateEndpoint, validatePrivateEndpoint } from "./privateEndpoint";

/** Who may assume the caller role. */
export type AssumedBy =
    /** AgentCore Runtime (agents) acting for this spoke account: the default. */
    | { agentCoreRuntime: true }
    /** Another AWS service acting for this spoke account (aws:SourceAccount is added). */
    | { service: string; sourceArn?: string }
    /** An exact IAM role (e.g. an ECS task role or a CI role). */
    | { roleArn: string };

export interface SpokeCallerArgs {
    /** IAM role name (1-64 characters of letters, digits and `+=,.@_-`). */
    roleName: string;
    /** @default "/agentcore-callers/" */
    path?: string;
    /** The exact ARNs of the hub gateways this role may invoke (e.g. `hub.gatewayArn` or a StackReference output). */
    gatewayArns: pulumi.Input<string>[];
    /** @default [{ agentCoreRuntime: true }] */
    assumedBy?: AssumedBy[];
    /**
     * This caller's request rate, applied by the hub's `grantInvoke` as an entry of the gateway's
     * `$.context.iam.principal` rate limit with this role's exact ARN; `{ requests: 0, per: "minute" }`
     * suspends the caller. Overrides the hub's `rateLimits.perCaller` default for this role.
     */
    rateLimit?: Rate;
    /** @deprecated Use `rateLimit: { requests: n, per: "minute" }`. */
    rateLimitPerMinute?: number;
    /**
     * Reach the hub privately: an interface endpoint for AgentCore gateways in this VPC (spoke
     * account), whose policy lets only this role invoke only `gatewayArns`; the hub's grant for
     * this caller then holds only through this endpoint (`aws:SourceVpce`).
     */
    privateEndpoint?: PrivateEndpointSpec;
    tags?: Record<string, string>;
}

export const DEFAULT_CALLER_PATH = "/agentcore-callers/";

/** Every problem with the arguments, before anything is registered. */
export function validateSpokeCallerArgs(args: SpokeCallerArgs): Problem[] {
    const out: (Problem | undefined)[] = [checkName("role", args.roleName ?? "", "roleName"), checkName("rolePath", args.path ?? DEFAULT_CALLER_PATH, "path")];
    if (!args.gatewayArns || args.gatewayArns.length === 0) {
        out.push(problem("I8", "gatewayArns is empty: the caller role would have nothing to invoke.", "Pass the hub gateway ARN(s), e.g. [hub.gatewayArn] or a StackReference output."));
    }
    (args.gatewayArns ?? []).forEach((arn, i) => {
        if (typeof arn === "string" && classifyGatewayArn(arn).kind !== "exact") {
            out.push(problem("I8", `gatewayArns[${i}] = ${JSON.stringify(arn)} is not one gateway's exact ARN.`, "Use the ARN the hub exports (gatewayArn), never a wildcard."));
        }
    });
    (args.assumedBy ?? []).forEach((a, i) => {
        if ("roleArn" in a && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(a.roleArn)) {
            out.push(problem("I8", `assumedBy[${i}].roleArn = ${JSON.stringify(a.roleArn)} is not one exact IAM role ARN.`, "Name the exact role that runs your agent."));
        }
        if ("service" in a && !/^[a-z0-9.-]+\.amazonaws\.com$/.test(a.service)) {
            out.push(problem("I8", `assumedBy[${i}].service = ${JSON.stringify(a.service)} is not an AWS service principal.`, "Use a principal like \"ecs-tasks.amazonaws.com\"."));
        }
    });
    if (args.rateLimit !== undefined && args.rateLimitPerMinute !== undefined) {
        out.push(problem("I12", `rateLimit and rateLimitPerMinute = ${args.rateLimitPerMinute} are both set: a caller has one rate.`, "Keep rateLimit and drop the deprecated rateLimitPerMinute."));
    }
    if (args.rateLimit !== undefined) out.push(...checkRate(args.rateLimit.requests, args.rateLimit.per, { rate: "rateLimit.requests", period: "rateLimit.per" }).problems);
    if (args.rateLimitPerMinute !== undefined) out.push(...checkRate(args.rateLimitPerMinute, "minute", { rate: "rateLimitPerMinute", period: "rateLimitPerMinute's period" }).problems);
    out.push(...validatePrivateEndpoint(args.privateEndpoint));
    return out.filter((p): p is Problem => p !== undefined);
}

function principalsFor(assumedBy: AssumedBy[], accountId: string): CallerPrincipal[] {
    return assumedBy.map((a) => {
        if ("roleArn" in a) return { roleArn: a.roleArn };
        if ("service" in a) return { service: a.service, sourceAccount: accountId, sourceArn: a.sourceArn };
        return { service: AGENTCORE_SERVICE_PRINCIPAL, sourceAccount: accountId };
    });
}

/**
 * The role an agent in a spoke account uses to call the hub gateway (I8): assumable only by
 * the declared principals, allowed `bedrock-agentcore:InvokeGateway` on the exact hub gateway
 * ARN(s) and nothing else. Create it with the spoke account's providers (`aws` for the account
 * lookup, `aws-native` for the role); pass it to the hub's `grantInvoke`.
 */
export class SpokeCaller extends pulumi.ComponentResource {
    /** Known at preview: built from the spoke account, path and name. */
    readonly roleArn: pulumi.Output<string>;
    readonly accountId: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
    readonly roleName: string;
    readonly path: string;
    /** The caller's rate (`rateLimit`, or the deprecated `rateLimitPerMinute` per minute). */
    readonly rateLimit?: Rate;
    /** @deprecated Read `rateLimit`. */
    readonly rateLimitPerMinute?: number;
    readonly role: awsnative.iam.Role;
    /** The caller's interface endpoint, when `privateEndpoint` is set. */
    readonly endpoint?: awsnative.ec2.VpcEndpoint;
    /** Its id (`vpce-…`, unknown until created): the hub's grant is conditioned on it. */
    readonly endpointId?: pulumi.Output<string>;

    constructor(name: string, args: SpokeCallerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        throwIfProblems("SpokeCaller", name, validateSpokeCallerArgs(args));
        super(TYPES.spoke, name, {}, opts);
        this.roleName = args.roleName;
        this.path = args.path ?? DEFAULT_CALLER_PATH;
        this.rateLimitPerMinute = args.rateLimitPerMinute;
        this.rateLimit = args.rateLimit ?? (args.rateLimitPerMinute !== undefined ? { requests: args.rateLimitPerMinute, per: "minute" } : undefined);
        const scope = lookupAccountScope(this);
        this.accountId = scope.accountId;
        this.partition = scope.partition;
        this.roleArn = scope.apply((s) => buildRoleArn(s.partition, s.accountId, this.path, args.roleName));
        // A name or path change replaces the role (invariants/lifecycle.ts); role names are unique per account, so the old one goes first.
        this.role = new awsnative.iam.Role(`${name}-role`, {
            roleName: args.roleName,
            path: this.path,
            description: "Calls the organization's AgentCore hub gateway; may do nothing else.",
            assumeRolePolicyDocument: scope.apply((s) => buildSpokeTrustPolicy(principalsFor(args.assumedBy ?? [{ agentCoreRuntime: true }], s.accountId))),
            // Structured, with the gateway ARN as one leaf: decidable by the pack at preview.
            policies: [{ policyName: "invoke-hub-gateways", policyDocument: buildSpokeInvokePolicy<pulumi.Input<string>>(args.gatewayArns) }],
            tags: args.tags ? Object.entries(args.tags).map(([key, value]) => ({ key, value })) : undefined,
        }, { parent: this, ...lifecycleOptions("AWS::IAM::Role") });
        if (args.privateEndpoint) {
            this.endpoint = createPrivateEndpoint(name, args.privateEndpoint, scope, this.roleArn, args.gatewayArns, this, args.tags);
            this.endpointId = this.endpoint.awsId;
        }
        this.registerOutputs({ roleArn: this.roleArn, accountId: this.accountId, endpointId: this.endpointId });
    }
}
