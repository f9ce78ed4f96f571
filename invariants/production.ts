import { CheckResult, Problem, problem } from "./problems";
import { MaybeUnknown, isUnknown } from "./unknown";

/**
 * The stack's production mode is ONE setting: the stack config key `agentcore-hub:production`
 * (`pulumi config set agentcore-hub:production false`; unset means production). The components
 * read it; the policy pack gets the same value as its `production` config (the offline checker
 * passes it; with the Pulumi CLI give the pack the same value, see README "Production mode").
 * When the two differ the pack sees the hub declare non-production in a stack it treats as
 * production, and refuses it: the stricter reading wins.
 */
export const PRODUCTION_CONFIG_NAMESPACE = "agentcore-hub";
export const PRODUCTION_CONFIG_KEY = "production";
export const PRODUCTION_SETTING = `${PRODUCTION_CONFIG_NAMESPACE}:${PRODUCTION_CONFIG_KEY}`;

/** The pack's policies that read `production` (the checker passes the stack's value to each). */
export const PRODUCTION_POLICIES = ["agentcore-gateway-policy-engine", "agentcore-gateway-exception-level", "agentcore-gateway-waf", "agentcore-gateway-log-deliveries", "agentcore-gateway-audit-trail", "agentcore-gateway-alarms", "agentcore-gateway-encryption", "agentcore-gateway-key-policy"] as const;

/** Reads the stack setting as Pulumi config holds it (a string); undefined when unset. */
export function parseProductionSetting(raw: string | undefined): boolean | Problem | undefined {
    if (raw === undefined) return undefined;
    if (raw === "true" || raw === "false") return raw === "true";
    return problem("I9", `Stack config ${PRODUCTION_SETTING} = ${JSON.stringify(raw)} is not true or false.`, `pulumi config set ${PRODUCTION_SETTING} false (or true, or leave it unset for production).`);
}

/**
 * The hub's production mode: the stack setting, default production. The component argument
 * `production` (kept for compatibility) may only repeat it: a second setting that disagrees
 * with the stack's is refused, so the component and the pack cannot read two modes.
 */
export function resolveProduction(argument: boolean | undefined, stackSetting: boolean | undefined): { production: boolean; problems: Problem[] } {
    const production = stackSetting ?? true;
    if (argument === undefined || argument === production) return { production, problems: [] };
    const stackWords = stackSetting === undefined ? "unset, i.e. production" : String(stackSetting);
    return {
        production,
        problems: [problem("I9", `production = ${argument}, but the stack's production mode (${PRODUCTION_SETTING}) is ${stackWords}: the production mode is one setting of the stack, read by the components and given to the policy pack.`, `Remove the argument and set the stack's mode: pulumi config set ${PRODUCTION_SETTING} ${argument}; give the pack the same value (README "Production mode").`)],
    };
}

/** The pack's side: a hub that declares non-production in a stack the pack treats as production. */
export function checkDeclaredProduction(declared: MaybeUnknown<boolean> | undefined, packProduction: boolean): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    if (isUnknown(declared)) out.deferred.push("the hub's declared production mode is unknown");
    else if (declared === false && packProduction) {
        out.problems.push(problem("I9", `The hub declares the stack non-production (${PRODUCTION_SETTING} = false) but the policy pack treats it as production: the two would judge LOG_ONLY and DEBUG differently.`, `Give the pack the stack's value (policy config "production": false, which agentcore-hub check passes by itself), or unset ${PRODUCTION_SETTING}.`));
    }
    return out;
}

/**
 * I9 per Cedar policy: in production every policy is ACTIVE. A LOG_ONLY policy "does not
 * contribute to the enforce decision" (docs/aws-facts.md §5): a LOG_ONLY forbid protects
 * nothing, and a staged permit belongs in a non-production stack until it is promoted.
 */
export function checkPolicyEnforcement(mode: MaybeUnknown<string> | undefined, production: boolean, at = "enforcementMode"): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    if (isUnknown(mode)) out.deferred.push("the policy's enforcementMode is unknown");
    else if (mode === "LOG_ONLY" && production) {
        out.problems.push(problem("I9", `${at} is "LOG_ONLY" in a production stack: what the policy forbids is only logged, what it permits is not granted.`, `Use "ACTIVE" (the default) once the staged rollout is over, or stage it in a stack with ${PRODUCTION_SETTING} = false.`));
    }
    return out;
}
