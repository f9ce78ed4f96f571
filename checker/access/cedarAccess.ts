import { renderTemplate, declaredCedar, standInGatewayArn } from "../../policypack/model/declared";
import { engineOf, gatewayArnOf, policiesOf } from "../../policypack/model/relations";
import { ModelResource, at, str } from "../../policypack/model/resource";
import { cedarPolicyView } from "../../policypack/model/views";
import { parseArn } from "../../invariants/arns";
import { AccessContext, accountOf } from "./context";
import { NamedPolicy, decideTool } from "./cedarDecisions";
import { namedActions, namedPrincipals, parsePolicy, readsContext } from "./cedarPolicyJson";
import { refOf } from "./refs";
import { Steps, runAll } from "./steps";
import { UNKNOWN_TEXT } from "./statements";
import { CedarAccess, CedarDecisionRow, CedarPolicySummary, GatewayInvoker, ToolRef } from "./types";

/** How AgentCore presents a role's caller in `principal.id` (docs/aws-facts.md: the assumed-role ARN without session). */
export function callerIdOfRole(roleArn: string): string | undefined {
    const arn = parseArn(roleArn);
    if (!arn || arn.service !== "iam" || !arn.resource.startsWith("role/")) return undefined;
    return `arn:${arn.partition}:sts::${arn.accountId}:assumed-role/${arn.resource.split("/").pop()}`;
}

/** The probe for "anyone else": a role of the gateway's own account that no policy names. */
export function undeclaredCaller(account: string | undefined): string {
    return `arn:aws:sts::${account ?? "000000000000"}:assumed-role/undeclared-caller`;
}

interface ReadPolicy {
    summary: CedarPolicySummary;
    named?: NamedPolicy;
}

function readPolicy(ctx: AccessContext, p: ModelResource, gatewayArn: string): ReadPolicy {
    const view = cedarPolicyView(p);
    const name = typeof view.name === "string" ? view.name : p.name;
    const enforcementMode = typeof view.enforcementMode === "string" ? view.enforcementMode : undefined;
    const base = { name, resource: refOf(p), tools: [], principals: [], inputConditions: false, ...(enforcementMode ? { enforcementMode } : {}) };
    const declared = typeof view.statement === "string" ? undefined : declaredCedar(ctx.model, p);
    const statement = typeof view.statement === "string" ? view.statement : declared ? renderTemplate(declared.template, gatewayArn) : undefined;
    if (statement === undefined) return { summary: { ...base, source: "unknown" } };
    const json = parsePolicy(statement);
    const source = declared ? "declared" : "deployed";
    if (typeof json === "string") return { summary: { ...base, source, principals: [`(does not parse: ${json})`] } };
    const summary: CedarPolicySummary = {
        ...base,
        source,
        effect: json.effect,
        tools: namedActions(json),
        principals: namedPrincipals(json).length > 0 ? namedPrincipals(json) : ["*"],
        inputConditions: json.conditions.some(readsContext),
    };
    return { summary, named: { name, json } };
}

/** The callers Cedar is asked about: each exact role the gateway admits, the extra roles asked for, and one undeclared caller. */
function callers(invokers: readonly GatewayInvoker[], probe: string, extraRoles: readonly string[]): { principal: string; invoker?: string }[] {
    const named = invokers.filter((i) => i.kind === "role").map((i) => i.principal);
    const roles = [...new Set([...named, ...extraRoles])].flatMap((arn) => {
        const id = callerIdOfRole(arn);
        return id ? [{ principal: id, invoker: arn }] : [];
    });
    return [...roles, { principal: probe }];
}

/**
 * The Cedar side of a gateway: its policy engine's policies by name (what each permits or
 * forbids, for which tools and callers) and Cedar's decision for each admitted role and tool.
 */
/** What else to probe: roles of other stacks that name this gateway (crossStack.ts), and whether callers are JWT users. */
export interface CedarAccessOptions {
    extraRoles?: readonly string[];
    jwt?: boolean;
}

export function cedarAccess(ctx: AccessContext, gateway: ModelResource, tools: readonly ToolRef[] | undefined, invokers: readonly GatewayInvoker[], options: CedarAccessOptions = {}): CedarAccess {
    return runAll(cedarAccessSteps(ctx, gateway, tools, invokers, options));
}

/** The same, one step per Cedar decision (steps.ts). */
export function* cedarAccessSteps(ctx: AccessContext, gateway: ModelResource, tools: readonly ToolRef[] | undefined, invokers: readonly GatewayInvoker[], options: CedarAccessOptions = {}): Steps<CedarAccess> {
    const extraRoles = options.extraRoles ?? [];
    const jwt = options.jwt ?? false;
    const engines = engineOf(ctx.model, gateway);
    const mode = str(at(gateway.props, "policyEngineConfiguration", "mode"));
    const notes: string[] = [];
    const out: CedarAccess = { policies: [], decisions: [], notes, ...(typeof mode === "string" ? { mode } : {}) };
    if (engines.length === 0) {
        notes.push("No policy engine is attached: every caller the gateway admits may call every tool.");
        return out;
    }
    out.engine = refOf(engines[0]);
    const knownArn = gatewayArnOf(gateway);
    const gatewayArn = typeof knownArn === "string" ? knownArn : standInGatewayArn(str(gateway.props.name));
    const read = engines.flatMap((e) => policiesOf(ctx.model, e)).map((p) => readPolicy(ctx, p, gatewayArn));
    out.policies = read.map((r) => r.summary);
    if (read.some((r) => r.summary.source === "declared")) notes.push(`Policies marked "declared" are unknown at this preview (they embed the gateway ARN); read from the templates their component declared.`);
    if (mode === "LOG_ONLY") notes.push("The engine runs in LOG_ONLY: decisions are only logged, every admitted caller may call every tool.");
    const unknown = read.filter((r) => r.named === undefined);
    if (unknown.length > 0) {
        notes.push(`Not evaluated: the statement of ${unknown.map((r) => `"${r.summary.name}"`).join(", ")} is ${UNKNOWN_TEXT} or does not parse.`);
        return out;
    }
    if (tools === undefined) {
        notes.push(`Not evaluated: the gateway's tools are ${UNKNOWN_TEXT}.`);
        return out;
    }
    if (jwt) {
        // Callers are AgentCore::OAuthUser (the token's sub and claims), not IAM roles: there is no role to probe.
        notes.push("Not evaluated per caller: a CUSTOM_JWT gateway's callers are AgentCore::OAuthUser entities (the token's sub and claims as tags), so who may call which tool is what the policies above say about them.");
        return out;
    }
    // Per-policy LOG_ONLY policies do not take part in decisions.
    const active = read.filter((r) => r.summary.enforcementMode !== "LOG_ONLY").flatMap((r) => (r.named ? [r.named] : []));
    if (invokers.some((i) => i.kind !== "role")) notes.push("Callers admitted by role path or account are not enumerated: Cedar decides per caller ARN, see the policies above.");
    const decisions: CedarDecisionRow[] = [];
    for (const caller of callers(invokers, undeclaredCaller(accountOf(ctx, gateway)), extraRoles)) {
        for (const tool of tools) {
            decisions.push({ ...caller, tool: tool.action, ...decideTool(active, caller.principal, tool, gatewayArn, tools) });
            yield;
        }
    }
    out.decisions = decisions;
    return out;
}
