import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";

/**
 * A thin wrapper over `@cloud-copilot/iam-simulate` (AGPL: devDependency, tests only) that
 * asks one question: is this request allowed by these policies, as AWS evaluates it?
 *
 * What the wrapper adds, because the evaluator does not (BRIEF §4):
 * - the request context a real request would carry: `aws:PrincipalArn`, `aws:PrincipalAccount`,
 *   `aws:PrincipalType` for a role session; `aws:SourceArn`, `aws:SourceAccount`,
 *   `aws:PrincipalServiceName`, `aws:PrincipalIsAWSService` for a service principal acting for
 *   a resource. iam-simulate derives none of these from the principal;
 * - failure instead of silence: a validation error of a policy or request, or a context key
 *   the evaluator ignores for this action, throws (an ignored key would make a condition read
 *   "missing" and could flip a decision unnoticed).
 */

export type IamDecision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** Who sends the request, with the context AWS attaches to it. */
export interface IamCaller {
    /** The request principal: an assumed-role session ARN, a user ARN, or a service principal. */
    principal: string;
    context: Record<string, string | string[]>;
    /** Human-readable name for test titles and reports. */
    label: string;
}

/** A session of `roleArn` (role ARN with its path), as STS presents it. */
export function roleSession(roleArn: string, sessionName = "session1"): IamCaller {
    const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    if (!m) throw new Error(`${roleArn} is not a role ARN`);
    const [, partition, account, roleName] = m;
    return {
        principal: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`,
        context: {
            // For a role session, aws:PrincipalArn is the ARN of the role (with its path), not of the session.
            "aws:PrincipalArn": roleArn,
            "aws:PrincipalAccount": account,
            "aws:PrincipalType": "AssumedRole",
        },
        label: `session of ${roleArn}`,
    };
}

/** An AWS service principal calling on behalf of `sourceArn` in `sourceAccount`. */
export function serviceOnBehalfOf(service: string, sourceArn: string, sourceAccount: string): IamCaller {
    return {
        principal: service,
        context: {
            "aws:SourceArn": sourceArn,
            "aws:SourceAccount": sourceAccount,
            "aws:PrincipalServiceName": service,
            "aws:PrincipalIsAWSService": "true",
        },
        label: `${service} for ${sourceArn}`,
    };
}

export interface IamRequest {
    caller: IamCaller;
    action: string;
    resource: string;
    /** The account that owns the resource (decides same-account vs cross-account evaluation). */
    resourceAccount: string;
    /** The identity-based policies of the caller (none for a service principal). */
    identityPolicies?: unknown[];
    /** The resource-based policy of the resource, if any. */
    resourcePolicy?: unknown;
    /** Extra request context. */
    context?: Record<string, string | string[]>;
    /** Policies of the VPC endpoint the request goes through (pass aws:SourceVpce in `context` too). */
    vpcEndpointPolicies?: unknown[];
}

export interface IamEvaluation {
    decision: IamDecision;
    /** The evaluator's full answer, for failure messages. */
    raw: unknown;
}

export class IamSimulationError extends Error {
    constructor(message: string, readonly details: unknown) {
        super(`${message}: ${JSON.stringify(details)}`);
        this.name = "IamSimulationError";
    }
}

export async function evaluateIam(request: IamRequest): Promise<IamEvaluation> {
    if (request.resource !== "*" && (request.resource.includes("*") || request.resource.includes("?"))) {
        // A pattern makes iam-simulate run one simulation per matching policy resource; ask about
        // one concrete resource instead ("*" alone is how AWS names wildcard-only actions).
        throw new IamSimulationError("Ask about one concrete resource, not a pattern", request.resource);
    }
    const simulation: Simulation = {
        request: {
            principal: request.caller.principal,
            action: request.action,
            resource: { resource: request.resource, accountId: request.resourceAccount },
            contextVariables: { ...request.caller.context, ...(request.context ?? {}) },
        },
        identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i + 1}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: request.resourcePolicy,
        vpcEndpointPolicies: request.vpcEndpointPolicies?.map((policy, i) => ({ name: `endpoint-${i + 1}`, policy })),
    };
    const result = await runSimulation(simulation, { simulationMode: "Strict" });
    if (result.resultType === "error") throw new IamSimulationError("iam-simulate rejected the simulation", result.errors);
    if (result.resultType !== "single") throw new IamSimulationError("Expected a single-resource simulation", result.resultType);
    const ignored = result.result.ignoredContextKeys ?? [];
    if (ignored.length) throw new IamSimulationError(`iam-simulate ignored context keys for ${request.action}`, ignored);
    return { decision: result.overallResult as IamDecision, raw: result.result.analysis };
}

/** The decision alone. */
export async function decide(request: IamRequest): Promise<IamDecision> {
    return (await evaluateIam(request)).decision;
}

/** An identity policy allowing `actions` on `resources` (default: administrator `*:*`). */
export function allowPolicy(actions: string | string[] = "*", resources: string | string[] = "*"): unknown {
    return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resources }] };
}
