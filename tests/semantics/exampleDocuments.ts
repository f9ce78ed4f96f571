import { AgentGatewayHub } from "../../components";
import { CedarPolicyInput } from "../../invariants/cedar";
import { TargetTools } from "../../invariants/toolSchema";
import { CapturedProgram, CapturedResource, all, captureHubAndSpokeExample, single } from "../support/exampleCapture";

/**
 * The documents the reference example (`examples/hub-and-spoke`) emits, read from the
 * resources it registers under Pulumi mocks in update mode, ready for an evaluator.
 * Nothing here decides anything: the tests ask iam-simulate and Cedar.
 */

export type PolicyDocument = { Version?: string; Statement: Record<string, unknown>[] };

export const REGION = "us-east-1";
export const HUB_ACCOUNT = "111111111111";
export const SUPPORT_ACCOUNT = "222222222222";
export const BOOKING_ACCOUNT = "333333333333";
export const FOREIGN_ACCOUNT = "444444444444";
export const AGENTCORE = "bedrock-agentcore.amazonaws.com";

export interface ExampleDocuments {
    program: CapturedProgram;
    hub: AgentGatewayHub;
    gatewayArn: string;
    gatewayResourcePolicy: PolicyDocument;
    gatewayRoleArn: string;
    gatewayRoleTrust: PolicyDocument;
    /** The gateway role's permission documents (inline and managed). */
    gatewayRolePolicies: PolicyDocument[];
    policyEngineArn: string;
    refundsFunctionArn: string;
    backendFunctionArn: string;
    restApiId: string;
    stage: string;
    /** The REST API resource policy exactly as the program sends it (API-relative `execute-api:/…` resources). */
    restApiPolicyAsWritten: PolicyDocument;
    /** The same policy as API Gateway stores and evaluates it: `execute-api:/…` expanded to this API's ARN. */
    restApiPolicy: PolicyDocument;
    spokes: Record<"support" | "booking", { roleArn: string; accountId: string; trust: PolicyDocument; policies: PolicyDocument[] }>;
    cedarPolicies: CedarPolicyInput[];
    /** The tools the hub declares (the Cedar schema is built from them). */
    tools: TargetTools[];
}

function record(v: unknown, what: string): Record<string, unknown> {
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error(`${what} is not an object: ${JSON.stringify(v)}`);
    return v as Record<string, unknown>;
}

function text(v: unknown, what: string): string {
    if (typeof v !== "string" || v.length === 0) throw new Error(`${what} is not a known string: ${JSON.stringify(v)}`);
    return v;
}

function document(v: unknown, what: string): PolicyDocument {
    const d = record(typeof v === "string" ? JSON.parse(v) : v, what);
    if (!Array.isArray(d.Statement)) throw new Error(`${what} has no Statement list`);
    return d as unknown as PolicyDocument;
}

/**
 * API Gateway accepts `execute-api:/<stage>/<METHOD>/<path>` in a REST API's resource policy and
 * stores it expanded to `arn:<partition>:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>`
 * (the policy belongs to one API). iam-simulate knows nothing of API Gateway and leaves the
 * shorthand as a literal, which matches no request ARN: unexpanded, the guard Deny on
 * `execute-api:/*` would silently never apply. So we do API Gateway's expansion here.
 */
export function expandExecuteApiShorthand(policy: PolicyDocument, apiArnPrefix: string): PolicyDocument {
    const expand = (r: unknown) => (typeof r === "string" && r.startsWith("execute-api:/") ? `${apiArnPrefix}${r.slice("execute-api:".length)}` : r);
    return {
        ...policy,
        Statement: policy.Statement.map((s) => {
            const out = { ...s };
            for (const key of ["Resource", "NotResource"]) {
                if (key in out) out[key] = Array.isArray(out[key]) ? (out[key] as unknown[]).map(expand) : expand(out[key]);
            }
            return out;
        }),
    };
}

function callerRole(program: CapturedProgram, roleName: string): { roleArn: string; accountId: string; trust: PolicyDocument; policies: PolicyDocument[] } {
    const role = all(program, "aws-native:iam:Role").find((r) => r.state.roleName === roleName);
    if (!role) throw new Error(`no aws-native:iam:Role ${roleName}`);
    const policies = (role.state.policies as unknown[] | undefined) ?? [];
    return {
        roleArn: text(role.state.arn, `${roleName}.arn`),
        accountId: role.accountId,
        trust: document(role.state.assumeRolePolicyDocument, `${roleName}.assumeRolePolicyDocument`),
        policies: policies.map((p, i) => document(record(p, `${roleName}.policies[${i}]`).policyDocument, `${roleName}.policies[${i}].policyDocument`)),
    };
}

function lambdaFunctionArn(program: CapturedProgram, functionName: string): string {
    const fn = all(program, "aws:lambda/function:Function").find((r) => r.state.name === functionName);
    if (!fn) throw new Error(`no aws:lambda/function:Function ${functionName}`);
    return text(fn.state.arn, `${functionName}.arn`);
}

function rolePermissionDocuments(program: CapturedProgram, roleName: string): PolicyDocument[] {
    const inline = all(program, "aws-native:iam:RolePolicy").filter((r) => r.state.roleName === roleName);
    const managed = all(program, "aws-native:iam:ManagedPolicy").filter((r) => Array.isArray(r.state.roles) && (r.state.roles as unknown[]).includes(roleName));
    return [...inline, ...managed].map((r: CapturedResource) => document(r.state.policyDocument, `${r.type} ${r.name}.policyDocument`));
}

let cached: Promise<ExampleDocuments> | undefined;

/** The example's documents, captured once per test process. */
export function exampleDocuments(): Promise<ExampleDocuments> {
    cached ??= captureHubAndSpokeExample().then((program) => {
        const hub = program.instances.find((i): i is AgentGatewayHub => i instanceof AgentGatewayHub);
        if (!hub) throw new Error("the example constructed no AgentGatewayHub");
        const gateway = single(program, "aws-native:bedrockagentcore:Gateway");
        const gatewayArn = text(gateway.state.gatewayArn, "gateway.gatewayArn");
        const grants = single(program, "aws-native:bedrockagentcore:ResourcePolicy");
        if (grants.state.resourceArn !== gatewayArn) throw new Error(`the gateway resource policy is attached to ${String(grants.state.resourceArn)}, not ${gatewayArn}`);
        const role = all(program, "aws-native:iam:Role").find((r) => text(r.state.arn, "role.arn") === gateway.state.roleArn);
        if (!role) throw new Error(`no aws-native:iam:Role with the gateway's roleArn ${String(gateway.state.roleArn)}`);
        const api = single(program, "aws-native:apigateway:RestApi");
        const restApiId = text(api.state.restApiId, "restApi.restApiId");
        const target = all(program, "aws-native:bedrockagentcore:GatewayTarget")
            .map((t) => record(record(record(t.state.targetConfiguration, "targetConfiguration").mcp, "mcp").apiGateway ?? {}, "apiGateway"))
            .find((g) => g.restApiId === restApiId);
        if (!target) throw new Error(`no gateway target for REST API ${restApiId}`);
        const asWritten = document(api.state.policy, "restApi.policy");
        const engine = single(program, "aws-native:bedrockagentcore:PolicyEngine");
        const refundsTarget = all(program, "aws-native:bedrockagentcore:GatewayTarget")
            .map((t) => record(record(t.state.targetConfiguration, "targetConfiguration").mcp, "mcp").lambda)
            .find((l) => l !== undefined);
        const refundsFunctionArn = lambdaFunctionArn(program, "org-tools-refunds");
        if (record(refundsTarget, "lambda target").lambdaArn !== refundsFunctionArn) throw new Error("the Lambda target does not point at the org-tools-refunds function");
        return {
            program,
            hub,
            gatewayArn,
            gatewayResourcePolicy: document(grants.state.policy, "gateway resource policy"),
            gatewayRoleArn: text(role.state.arn, "gateway role arn"),
            gatewayRoleTrust: document(role.state.assumeRolePolicyDocument, "gateway role trust policy"),
            gatewayRolePolicies: rolePermissionDocuments(program, text(role.state.roleName, "gateway roleName")),
            policyEngineArn: text(engine.state.policyEngineArn, "policyEngineArn"),
            refundsFunctionArn,
            backendFunctionArn: lambdaFunctionArn(program, "reservations-backend"),
            restApiId,
            stage: text(target.stage, "apiGateway.stage"),
            restApiPolicyAsWritten: asWritten,
            restApiPolicy: expandExecuteApiShorthand(asWritten, `arn:aws:execute-api:${REGION}:${api.accountId}:${restApiId}`),
            spokes: { support: callerRole(program, "support-agent"), booking: callerRole(program, "booking-agent") },
            cedarPolicies: all(program, "aws-native:bedrockagentcore:Policy").map((p) => ({
                name: text(p.state.name, "policy name"),
                statement: text(record(record(p.state.definition, "definition").cedar, "definition.cedar").statement, "cedar statement"),
            })),
            tools: hub.tools,
        };
    });
    return cached;
}

/** A valid input for a tool, from its input schema: every required property with a plain value. */
export function sampleInput(schema: { properties?: Record<string, { type?: string }>; required?: string[] }): Record<string, unknown> {
    const values: Record<string, unknown> = { string: "x", integer: 1, number: 1.5, boolean: true, array: [], object: {} };
    return Object.fromEntries((schema.required ?? []).map((k) => [k, values[schema.properties?.[k]?.type ?? "string"]]));
}
