import { classifyGatewayArn, parseArn } from "../arns";
import { checkTargetAccount } from "../targetAccount";
import { LIMITS, jsonSize } from "../limits";
import { PolicyDocument, ReadStatement, ReadValue, Statement, readPolicyDocument, statementLabel } from "../policyDocument";
import { CheckResult, problem } from "../problems";
import { isUnknown } from "../unknown";
import { DeclaredFeatures, checkFeatureStatement, isFeatureAction } from "./gatewayFeatures";

/** Actions the gateway role needs to evaluate Cedar policies (AgentCore devguide, policy-permissions). */
export const POLICY_EVALUATION_ACTIONS = [
    "bedrock-agentcore:AuthorizeAction",
    "bedrock-agentcore:PartiallyAuthorizeActions",
    "bedrock-agentcore:GetPolicyEngine",
] as const;
export const INVOKE_API_ACTION = "execute-api:Invoke";
export const INVOKE_LAMBDA_ACTION = "lambda:InvokeFunction";

/** Every action a gateway service role may hold (I3). */
export const GATEWAY_ROLE_ACTIONS: readonly string[] = [INVOKE_API_ACTION, INVOKE_LAMBDA_ACTION, ...POLICY_EVALUATION_ACTIONS];

export interface GatewayPermissionsSpec<S = string> {
    /** One entry per target: the exact ARNs it may reach. */
    targets: { targetName: string; kind: "lambda" | "restApi"; resources: S[] }[];
    /** Policy engine and gateway ARNs (or ten-`?` patterns) when a policy engine is attached. */
    policyEngine?: { engineArn: S; gatewayArn: S };
}

/** Statement ids derive from target names (stable across runs), never from list positions. */
function sidFor(targetName: string): string {
    return ("Invoke" + targetName.replace(/[^A-Za-z0-9]/g, "")).slice(0, 100);
}

/** I3: exactly the targets, nothing else. */
export function buildGatewayRoleStatements<S>(spec: GatewayPermissionsSpec<S>): Statement<S>[] {
    const statements: Statement<S>[] = spec.targets.map((t) => ({
        Sid: sidFor(t.targetName),
        Effect: "Allow",
        Action: t.kind === "lambda" ? INVOKE_LAMBDA_ACTION : INVOKE_API_ACTION,
        Resource: t.resources,
    }));
    if (spec.policyEngine) {
        const { engineArn, gatewayArn } = spec.policyEngine;
        statements.push(
            { Sid: "EvaluateCedarPolicies", Effect: "Allow", Action: ["bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:PartiallyAuthorizeActions"], Resource: [engineArn, gatewayArn] },
            { Sid: "ReadPolicyEngine", Effect: "Allow", Action: "bedrock-agentcore:GetPolicyEngine", Resource: engineArn },
        );
    }
    return statements;
}

/**
 * Splits statements (given by their minified sizes, in order) into one inline policy within
 * the role's aggregate inline budget (10,240 characters) and, for what does not fit, managed
 * policies of at most 6,144 characters each. Throws when a statement cannot fit anywhere or
 * more managed policies are needed than a role can hold.
 */
export function packStatements(sizes: number[], inlineBudget: number = LIMITS.roleInlinePolicyChars, managedLimit: number = LIMITS.managedPolicyChars): { inline: number[]; managed: number[][] } {
    const envelope = jsonSize({ Version: "2012-10-17", Statement: [] });
    const inline: number[] = [];
    const managed: number[][] = [];
    let used = envelope;
    let i = 0;
    for (; i < sizes.length && used + sizes[i] + (inline.length ? 1 : 0) <= inlineBudget; i++) {
        used += sizes[i] + (inline.length ? 1 : 0);
        inline.push(i);
    }
    let current: number[] = [];
    used = envelope;
    for (; i < sizes.length; i++) {
        if (envelope + sizes[i] > managedLimit) {
            throw new Error(`a statement of ${sizes[i]} characters does not fit in a managed policy (limit ${managedLimit})`);
        }
        if (used + sizes[i] + (current.length ? 1 : 0) > managedLimit) {
            managed.push(current);
            current = [];
            used = envelope;
        }
        used += sizes[i] + (current.length ? 1 : 0);
        current.push(i);
    }
    if (current.length) managed.push(current);
    if (managed.length > LIMITS.managedPoliciesPerRole) {
        throw new Error(`the gateway role would need ${managed.length} managed policies besides its inline policy; a role holds at most ${LIMITS.managedPoliciesPerRole}`);
    }
    return { inline, managed };
}

export interface GatewayRolePermissionContext {
    /** Resource types the unknown leaves of this document derive from (propertyDependencies). */
    unknownProvenance?: readonly string[];
    /** The hub account, when known. */
    accountId?: string;
    /**
     * What the gateway declares beyond its targets (KMS key, guardrails, credential providers,
     * interceptors). Undefined when the gateway is not known (a role judged alone): feature
     * statements are then judged on their shape only (gatewayFeatures.ts).
     */
    features?: DeclaredFeatures;
}

const FIX = "Grant the gateway role only execute-api:Invoke on its exposed <api>/<stage>/<METHOD>/<path> ARNs, lambda:InvokeFunction on exact function ARNs, and the policy-evaluation actions on its engine and gateway (AgentGatewayHub does this).";

function provenanceAccepts(ctx: GatewayRolePermissionContext, family: "api" | "lambda" | "engine"): boolean {
    const types = ctx.unknownProvenance ?? [];
    const match: Record<typeof family, RegExp> = {
        api: /apigateway(\/restApi:RestApi|:RestApi$|:restApi)/i,
        lambda: /lambda(\/function:Function|:Function$)/i,
        engine: /bedrockagentcore(:PolicyEngine|:Gateway|\/agentcorePolicyEngine|\/agentcoreGateway)/i,
    };
    return types.some((t) => match[family].test(t));
}

function checkApiArn(arn: string): string | undefined {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== "execute-api") return "is not an execute-api ARN";
    const [apiId, stage, method, ...path] = parsed.resource.split("/");
    if (!apiId || /[*?]/.test(apiId)) return "does not name one API id";
    if (!stage || /[*?]/.test(stage)) return "does not name one stage";
    if (!method || /[*?]/.test(method)) return "does not name one HTTP method";
    if (path.length === 0 || (path.length === 1 && (path[0] === "*" || path[0] === ""))) return "covers every path of the stage";
    if (path.some((segment) => segment.includes("*") && segment !== "*")) return "uses a wildcard inside a path segment";
    if (path[path.length - 1] === "*" && path.length === 1) return "covers every path";
    return undefined;
}

function checkStatement(s: ReadStatement, ctx: GatewayRolePermissionContext, result: CheckResult): void {
    const label = statementLabel(s);
    if (s.effect === "Deny") return;
    if (s.notAction || s.notResource) {
        result.problems.push(problem("I3", `${label} uses NotAction/NotResource, which grants everything not listed.`, FIX));
        return;
    }
    const actions = s.actions ?? [];
    const families = new Set<"api" | "lambda" | "engine">();
    const featureActions: string[] = [];
    for (const action of actions) {
        if (isUnknown(action)) {
            result.deferred.push(`${label}: an Action is unknown`);
            continue;
        }
        if (action.includes("*") || action.includes("?")) {
            result.problems.push(problem("I3", `${label} allows the wildcard action "${action}".`, FIX));
        } else if (isFeatureAction(action)) {
            featureActions.push(action);
        } else if (!GATEWAY_ROLE_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase())) {
            result.problems.push(problem("I3", `${label} allows "${action}", which a gateway never needs to reach its targets.`, FIX));
        } else {
            families.add(action.toLowerCase() === INVOKE_API_ACTION.toLowerCase() ? "api" : action.toLowerCase() === INVOKE_LAMBDA_ACTION.toLowerCase() ? "lambda" : "engine");
        }
    }
    if (featureActions.length > 0) checkFeatureStatement(s, featureActions, ctx.features, result, ctx.unknownProvenance);
    if (families.size === 0 && featureActions.length > 0) return;
    for (const resource of s.resources ?? []) {
        if (isUnknown(resource)) {
            const undecided = [...families].filter((f) => !provenanceAccepts(ctx, f));
            if (undecided.length > 0) result.deferred.push(`${label}: a Resource is unknown and does not derive from a ${undecided.join("/")} resource`);
            continue;
        }
        if (resource === "*" || resource.endsWith(":*")) {
            result.problems.push(problem("I3", `${label} allows ${[...families].join("/") || "its actions"} on "${resource}", i.e. everything.`, FIX));
            continue;
        }
        for (const family of families) {
            let wrong: string | undefined;
            if (family === "api") wrong = checkApiArn(resource);
            else if (family === "lambda") {
                const p = parseArn(resource);
                if (!p || p.service !== "lambda" || !p.resource.startsWith("function:")) wrong = "is not a Lambda function ARN";
                else if (/[*?]/.test(resource)) wrong = "uses a wildcard";
            } else {
                const p = parseArn(resource);
                const isEngine = p && p.service === "bedrock-agentcore" && /^policy-engine\/[A-Za-z][A-Za-z0-9_]*-(\?{10}|[a-z0-9_]{10})$/.test(p.resource);
                const gw = classifyGatewayArn(resource);
                if (!isEngine && gw.kind === "broad") wrong = "is neither this gateway's policy engine nor this gateway";
            }
            if (wrong) result.problems.push(problem("I3", `${label}: Resource "${resource}" ${wrong}.`, FIX));
            const other = ctx.accountId ? checkTargetAccount(family, resource, { accountId: ctx.accountId }, label) : undefined;
            if (other) result.problems.push(other);
        }
    }
}

/** I3 on one permission document of a gateway role. */
export function checkGatewayRolePermissions(document: ReadValue | undefined, ctx: GatewayRolePermissionContext = {}): CheckResult {
    const result: CheckResult = { problems: [], deferred: [] };
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) {
        if (parsed.unknown) result.deferred.push("a permission document of the gateway role is entirely unknown (a JSON string built from unknown ARNs)");
        else result.problems.push(problem("I3", `A permission document of the gateway role is unreadable: ${parsed.error}.`, FIX));
        return result;
    }
    for (const s of parsed.statements) checkStatement(s, ctx, result);
    return result;
}

/** Convenience for builders: the full document form. */
export function toDocument<S>(statements: Statement<S>[]): PolicyDocument<S> {
    return { Version: "2012-10-17", Statement: statements };
}

