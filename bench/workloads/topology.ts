import * as pulumi from "@pulumi/pulumi";
import { AgentGatewayHub, CedarPolicySpec, GatewayConsumerGrants, InvokeGrantee, RestOperation, SpokeCaller, TargetSpec, cedarPolicy } from "../../components";
import { GrantForm } from "../../invariants/documents/gatewayGrants";
import { HUB_ACCOUNT_ID, accountProviders, spokeAccountId } from "./accounts";

/**
 * Synthetic organizations of a given size, as one Pulumi program: a hub with Lambda and REST
 * API targets and Cedar policies, spoke accounts with their own providers and caller roles,
 * and the gateway's consumer grants. Used by the scale tests and the benchmark (issue 5).
 */
export interface TopologySpec {
    /** Short id, used in logical names and reports. */
    id: string;
    lambdaTargets: number;
    restTargets: number;
    operationsPerRestTarget: number;
    spokeAccounts: number;
    /** Caller roles (one SpokeCaller each) per spoke account. */
    rolesPerAccount: number;
    /**
     * `role`: every caller role by its exact ARN (least privilege by enumeration);
     * `rolePath`: each spoke account's caller path (one pattern per account, whatever its roles).
     */
    grantBy: "role" | "rolePath";
    cedarPolicies: number;
    /** Requests per minute for each caller (a gateway rate-limit entry each); only with `grantBy: "role"`. */
    rateLimitPerMinute?: number;
}

/** M: 20 targets and 50 consumers over 10 accounts, granted one by one. */
export const MEDIUM: TopologySpec = {
    id: "m",
    lambdaTargets: 10,
    restTargets: 10,
    operationsPerRestTarget: 5,
    spokeAccounts: 10,
    rolesPerAccount: 5,
    grantBy: "role",
    cedarPolicies: 20,
    rateLimitPerMinute: 600,
};

/** L: 100 targets (half Lambda, half REST with 5 operations), 1,000 roles over 100 accounts granted by path, 200 Cedar policies. */
export const LARGE: TopologySpec = {
    id: "l",
    lambdaTargets: 50,
    restTargets: 50,
    operationsPerRestTarget: 5,
    spokeAccounts: 100,
    rolesPerAccount: 10,
    grantBy: "rolePath",
    cedarPolicies: 200,
};

export const GATEWAY_NAME = "org-tools";
export const CALLER_PATH = "/agentcore-callers/";

export interface Topology {
    spec: TopologySpec;
    hub: AgentGatewayHub;
    callers: SpokeCaller[];
    grants: GatewayConsumerGrants;
}

export function lambdaTargetName(i: number): string {
    return `fn-${i}`;
}

export function restTargetName(i: number): string {
    return `api-${i}`;
}

export function callerRoleName(account: number, role: number): string {
    return `agent-${account}-${role}`;
}

function lambdaTarget(i: number): TargetSpec {
    return {
        kind: "lambda",
        name: lambdaTargetName(i),
        description: `Synthetic Lambda target ${i}`,
        create: {
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async (event) => ({ ok: true, event });") }),
        },
        tools: [
            {
                name: "process_refund",
                description: "Refund part or all of an order",
                inputSchema: { type: "object", properties: { orderId: { type: "string" }, amount: { type: "integer" } }, required: ["orderId", "amount"] },
            },
            { name: "get_order", description: "Read an order", inputSchema: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] } },
        ],
    };
}

function restOperation(target: number, n: number): RestOperation {
    const post = n % 2 === 1;
    return {
        path: post ? `/resource-${n}` : `/resource-${n}/{id}`,
        method: post ? "POST" : "GET",
        toolName: `Operation${n}`,
        description: `Operation ${n} of API ${target}`,
        integration: { http: { uri: `https://backend-${target}.example.internal/resource-${n}`, method: post ? "POST" : "GET" } },
        inputSchema: post
            ? { type: "object", properties: { name: { type: "string" }, quantity: { type: "integer" } }, required: ["name", "quantity"] }
            : undefined,
    };
}

function restTarget(i: number, operations: number): TargetSpec {
    return {
        kind: "restApi",
        name: restTargetName(i),
        description: `Synthetic REST API target ${i}`,
        create: { description: `Synthetic API ${i}`, operations: Array.from({ length: operations }, (_, n) => restOperation(i, n)) },
    };
}

/** Policy k lets spoke account k mod N use the tools of target k mod T (refunds under 1,000 for Lambda targets). */
function cedarPolicyFor(spec: TopologySpec, k: number): CedarPolicySpec {
    const account = spokeAccountId(k % spec.spokeAccounts);
    const targets = spec.lambdaTargets + spec.restTargets;
    const t = k % targets;
    const builder = cedarPolicy().permit().principalAccount(account);
    const statement = t < spec.lambdaTargets
        ? builder.tool(lambdaTargetName(t), "process_refund").inputLessThan("amount", 1000)
        : builder.tools(restTargetName(t - spec.lambdaTargets), Array.from({ length: spec.operationsPerRestTarget }, (_, n) => `Operation${n}`));
    return { name: `p${k}_acct${k % spec.spokeAccounts}_t${t}`, description: `Synthetic policy ${k}`, statement };
}

function spokeCallers(spec: TopologySpec, hub: AgentGatewayHub): SpokeCaller[] {
    const callers: SpokeCaller[] = [];
    for (let a = 0; a < spec.spokeAccounts; a++) {
        const account = accountProviders(`spoke-${a}`, spokeAccountId(a));
        for (let r = 0; r < spec.rolesPerAccount; r++) {
            callers.push(new SpokeCaller(callerRoleName(a, r), {
                roleName: callerRoleName(a, r),
                path: CALLER_PATH,
                gatewayArns: [hub.gatewayArn],
                rateLimitPerMinute: spec.grantBy === "role" ? spec.rateLimitPerMinute : undefined,
            }, { providers: account.list }));
        }
    }
    return callers;
}

function consumersOf(spec: TopologySpec, callers: SpokeCaller[]): InvokeGrantee[] {
    if (spec.grantBy === "role") return callers;
    return Array.from({ length: spec.spokeAccounts }, (_, a) => ({ accountId: spokeAccountId(a), rolePath: CALLER_PATH }));
}

/** Declares the whole topology; call inside a Pulumi program (or `runUnderMocks`). */
export function buildTopology(spec: TopologySpec): Topology {
    const hubAccount = accountProviders("hub", HUB_ACCOUNT_ID);
    const targets: TargetSpec[] = [
        ...Array.from({ length: spec.lambdaTargets }, (_, i) => lambdaTarget(i)),
        ...Array.from({ length: spec.restTargets }, (_, i) => restTarget(i, spec.operationsPerRestTarget)),
    ];
    const hub = new AgentGatewayHub("hub", {
        gatewayName: GATEWAY_NAME,
        description: `Synthetic organization ${spec.id}`,
        targets,
        policyEngine: { mode: "ENFORCE", policies: Array.from({ length: spec.cedarPolicies }, (_, k) => cedarPolicyFor(spec, k)) },
    }, { providers: hubAccount.list });
    const callers = spokeCallers(spec, hub);
    const grants = hub.grantInvoke(consumersOf(spec, callers));
    return { spec, hub, callers, grants };
}

/** The stack outputs of a topology: what `pulumi stack output` would show. */
export interface TopologyOutputs {
    gatewayArn: pulumi.Output<string>;
    grantForm: pulumi.Output<GrantForm>;
    grantPolicyBytes: pulumi.Output<number>;
    grantPolicyStatements: pulumi.Output<number>;
    targets: number;
    callers: number;
    cedarPolicies: number;
}

export function topologyOutputs(t: Topology): TopologyOutputs {
    return {
        gatewayArn: t.hub.gatewayArn,
        grantForm: t.grants.form,
        grantPolicyBytes: t.grants.bytes,
        grantPolicyStatements: t.grants.statements,
        targets: t.hub.targets.length,
        callers: t.callers.length,
        cedarPolicies: t.hub.policies.length,
    };
}

/** A program for `runUnderMocks`: declares the topology and returns its outputs. */
export function topologyProgram(spec: TopologySpec): () => TopologyOutputs {
    return () => topologyOutputs(buildTopology(spec));
}
