import { CedarValueJson, DetailedError, Type, isAuthorized } from "@cedar-policy/cedar-wasm/nodejs";
import { cedarDatetimeText, cedarDecimalText } from "./builder";
import { AgentCoreCedarSchema, CEDAR_NAMESPACE, GATEWAY_ENTITY_TYPE, IAM_ENTITY_TYPE, toolInputType } from "./schema";
import { CedarPolicyInput, renderGatewayArn, GATEWAY_ARN_PLACEHOLDER } from "./validate";

/**
 * Evaluates an AgentCore tool call against Cedar policies with Cedar's own authorizer, as
 * AgentCore Policy would for an AWS_IAM gateway: principal `AgentCore::IamEntity::"<caller ARN>"`
 * with attribute `id` = the caller ARN, action `AgentCore::Action::"<target>___<tool>"`,
 * resource `AgentCore::Gateway::"<gateway ARN>"`, context `{ input: <tool arguments>, system: { now } }`.
 * Decisions are default-deny and a `forbid` wins, as in AgentCore. For tests and for the
 * offline checker's who-can-call-what summary.
 */

export type CedarDecision = "ALLOW" | "DENY";

export interface CedarToolCall {
    /** The caller's ARN as AgentCore presents it in principal.id. */
    principalArn: string;
    /** `<target>___<tool>`. */
    action: string;
    gatewayArn: string;
    /** The tool call's arguments (JSON); JSON numbers for `number` properties become Cedar decimals. */
    input: Record<string, unknown>;
    /** The evaluation time, `context.system.now` (UTC). @default the current time */
    now?: Date;
}

export interface CedarEvaluation {
    decision: CedarDecision;
    /** Names of the policies that determined the decision (the permits that applied, or the forbids). */
    determiningPolicies: string[];
    /** Policies that raised an evaluation error (Cedar skips them), with Cedar's message. */
    errors: string[];
}

/** The request or the policies are not what the schema describes; Cedar's message says how. */
export class CedarEvaluationError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CedarEvaluationError";
    }
}

function messages(errors: DetailedError[]): string {
    return errors.map((e) => e.message).join("; ");
}

/** A JSON number as a Cedar decimal value, truncated to Cedar's four fraction digits as AgentCore does. */
export function toCedarDecimal(value: number): CedarValueJson {
    try {
        return { __extn: { fn: "decimal", arg: cedarDecimalText(value, "truncate") } };
    } catch (e) {
        if (e instanceof RangeError) throw new CedarEvaluationError(e.message);
        throw e;
    }
}

/** Converts tool arguments to Cedar JSON values following the schema's types. */
function toCedarValue(value: unknown, type: Type<string> | undefined, path: string): CedarValueJson {
    const variant = type?.type;
    if (variant === "Extension" && type && "name" in type && type.name === "decimal") {
        if (typeof value !== "number") throw new CedarEvaluationError(`${path} = ${JSON.stringify(value)} is not a number.`);
        return toCedarDecimal(value);
    }
    if (variant === "Long" && (typeof value !== "number" || !Number.isSafeInteger(value))) {
        throw new CedarEvaluationError(`${path} = ${JSON.stringify(value)} is not an integer.`);
    }
    if (Array.isArray(value)) {
        const element = type && "element" in type ? type.element : undefined;
        return value.map((v, i) => toCedarValue(v, element, `${path}[${i}]`));
    }
    if (value !== null && typeof value === "object") {
        const attributes = type && "attributes" in type ? type.attributes : {};
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCedarValue(v, attributes[k], `${path}.${k}`)]));
    }
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    throw new CedarEvaluationError(`${path} = ${JSON.stringify(value)} has no Cedar value.`);
}

export interface CedarEvaluationOptions {
    /**
     * The ARN of the gateway the policies belong to, which replaces GATEWAY_ARN_PLACEHOLDER
     * in their text (as `renderGatewayArn` does at deploy). Required when a policy still
     * contains the placeholder. Deliberately separate from `request.gatewayArn`, the gateway
     * being called: rendering with the called gateway would make the placeholder match any gateway.
     */
    policyGatewayArn?: string;
}

/** The decision and the policies behind it. Throws CedarEvaluationError when Cedar rejects the request or policies. */
export function evaluateCedarDetailed(
    policies: CedarPolicyInput[],
    schema: AgentCoreCedarSchema,
    request: CedarToolCall,
    options: CedarEvaluationOptions = {},
): CedarEvaluation {
    const inputType = toolInputType(schema, request.action);
    if (!inputType) throw new CedarEvaluationError(`${request.action} is not a tool action of the schema.`);
    const staticPolicies: Record<string, string> = {};
    for (const p of policies) {
        if (!p.statement.includes(GATEWAY_ARN_PLACEHOLDER)) {
            staticPolicies[p.name] = p.statement;
        } else if (options.policyGatewayArn !== undefined) {
            staticPolicies[p.name] = renderGatewayArn(p.statement, options.policyGatewayArn);
        } else {
            throw new CedarEvaluationError(`Policy ${JSON.stringify(p.name)} contains ${GATEWAY_ARN_PLACEHOLDER}: pass { policyGatewayArn } or render it with renderGatewayArn first.`);
        }
    }
    const principal = { type: `${CEDAR_NAMESPACE}::${IAM_ENTITY_TYPE}`, id: request.principalArn };
    const resource = { type: `${CEDAR_NAMESPACE}::${GATEWAY_ENTITY_TYPE}`, id: request.gatewayArn };
    const answer = isAuthorized({
        principal,
        action: { type: `${CEDAR_NAMESPACE}::Action`, id: request.action },
        resource,
        context: { input: toCedarValue(request.input, inputType, "input"), system: { now: { __extn: { fn: "datetime", arg: cedarDatetimeText(request.now ?? new Date()) } } } },
        schema,
        validateRequest: true,
        policies: { staticPolicies },
        entities: [
            { uid: principal, attrs: { id: request.principalArn }, parents: [] },
            { uid: resource, attrs: {}, parents: [] },
        ],
    });
    if (answer.type === "failure") throw new CedarEvaluationError(`Cedar rejected the request: ${messages(answer.errors)}`);
    return {
        decision: answer.response.decision === "allow" ? "ALLOW" : "DENY",
        determiningPolicies: answer.response.diagnostics.reason,
        errors: answer.response.diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`),
    };
}

/** "ALLOW" or "DENY" for one tool call. */
export function evaluateCedar(
    policies: CedarPolicyInput[],
    schema: AgentCoreCedarSchema,
    request: CedarToolCall,
    options: CedarEvaluationOptions = {},
): CedarDecision {
    return evaluateCedarDetailed(policies, schema, request, options).decision;
}
