import { DetailedError, Effect, PolicyJson } from "@cedar-policy/cedar-wasm/nodejs";
import { checkParseSchema, policySetTextToParts, policyToJson } from "./cached";
import { entityReferences } from "./entityReferences";
import { validatePolicies } from "./validateSliced";
import { classifyGatewayArn } from "../arns";
import { cedarCore } from "./dogwood";
import { LIMITS } from "../limits";
import { NAME_RULES, checkName, splitToolActionName } from "../names";
import { Problem, problem } from "../problems";
import {
    AgentCoreCedarSchema,
    CALL_TOOL_ACTION,
    CEDAR_NAMESPACE,
    GATEWAY_ENTITY_TYPE,
    MCP_ACTION,
    declaredActions,
    declaredToolActions,
    schemaSize,
} from "./schema";

/**
 * Checks of Cedar policies for an AgentCore policy engine (I10, I12), with Cedar's own parser
 * and validator (`@cedar-policy/cedar-wasm`), so the messages are Cedar's.
 *
 * ## The gateway ARN placeholder
 * Policies that name tools must name the gateway by ARN (`resource == AgentCore::Gateway::"<arn>"`,
 * policy-scope.html: "When specifying one or more specific actions, you must use specific
 * AgentCore Gateway ARNs"), but the ARN is unknown until the gateway exists, and components
 * validate at construction. So policies are written with GATEWAY_ARN_PLACEHOLDER in place of
 * the ARN: it sits inside a Cedar string literal, so the text parses and validates exactly as
 * the final text will (Cedar does not type entity ids). Components then register
 * `gatewayArn.apply((arn) => renderGatewayArn(text, arn))`, and the policy pack, which sees
 * the text sent to AWS, checks with `requireRenderedGatewayArn: true` so that a placeholder
 * that escaped rendering is an error (a `forbid` naming a gateway that does not exist would
 * silently never apply).
 * Sizes are measured on the rendered text: with the real ARN when known, otherwise with the
 * longest gateway ARN AgentCore can assign.
 */

/** Stands for the gateway's ARN in policy text until the gateway exists. */
export const GATEWAY_ARN_PLACEHOLDER = "{{agentcore-hub:gateway-arn}}";

/**
 * Length of the longest gateway ARN: partition `aws-us-gov`, a Region of up to 20
 * characters (CFN gateway ARN pattern `[a-z0-9-]{1,20}`), a 12-digit account, and an id of a
 * gateway name (NAME_RULES.gateway: up to 48 characters each followed by at most one '-')
 * plus '-' and the 10 generated characters.
 */
export const GATEWAY_ARN_MAX_LENGTH =
    "arn:aws-us-gov:bedrock-agentcore:".length + 20 + 1 + 12 + ":gateway/".length + 2 * NAME_RULES.gateway.maxLength + 1 + 10;

/**
 * "Maximum total policy size per resource | 200 KB | Combined size of all policies per
 * resource within a policy engine" (bedrock-agentcore-limits.html, AgentCore Policy quotas).
 * Not in LIMITS (yet); with one gateway per engine, it bounds the sum of all policies.
 */
export const CEDAR_POLICIES_TOTAL_BYTES_PER_RESOURCE = 204_800;

/** Replaces the placeholder with the gateway's ARN; throws when the ARN is not a gateway ARN. */
export function renderGatewayArn(statement: string, gatewayArn: string): string {
    if (classifyGatewayArn(gatewayArn).kind !== "exact" || /["\\]/.test(gatewayArn)) {
        throw new Error(`renderGatewayArn: ${JSON.stringify(gatewayArn)} is not the ARN of one gateway (arn:<partition>:bedrock-agentcore:<region>:<account>:gateway/<id>).`);
    }
    return statement.split(GATEWAY_ARN_PLACEHOLDER).join(gatewayArn);
}

/** UTF-8 size of the statement once rendered (with `gatewayArn`, or the longest possible ARN). */
export function renderedPolicySize(statement: string, gatewayArn?: string): number {
    const occurrences = statement.split(GATEWAY_ARN_PLACEHOLDER).length - 1;
    const arnLength = gatewayArn !== undefined ? Buffer.byteLength(gatewayArn, "utf8") : GATEWAY_ARN_MAX_LENGTH;
    return Buffer.byteLength(statement, "utf8") - occurrences * Buffer.byteLength(GATEWAY_ARN_PLACEHOLDER, "utf8") + occurrences * arnLength;
}

export interface CedarPolicyInput {
    /** The policy resource's name (unique in the engine, NAME_RULES.policy). */
    name: string;
    /** Exactly one Cedar statement; may contain GATEWAY_ARN_PLACEHOLDER. */
    statement: string;
    /** The definition it is registered under (overrides CedarCheckOptions.language). */
    language?: "cedar" | "dogwood";
}

export interface CedarCheckOptions {
    /** The gateway's ARN when known; policies must name this gateway and no other. */
    gatewayArn?: string;
    /**
     * The text is what is sent to AWS, so GATEWAY_ARN_PLACEHOLDER must not appear in it
     * (the policy pack sets this; components validate before rendering and leave it unset).
     * @default false
     */
    requireRenderedGatewayArn?: boolean;
    /** How the caller passed the list, for messages (`policies[2]`). @default "policies" */
    argument?: string;
    /**
     * "skip" leaves out what checkCedarPolicyAlone decides (the pack's per-resource policy has
     * reported it already). @default "include"
     */
    standalone?: "include" | "skip";
    /**
     * Which definition the statement is registered under: `cedar` (definition.cedar.statement,
     * plain Cedar) or `dogwood` (definition.policy.statement, which also takes temporal and
     * guardrail clauses). Components pass `statementLanguage(text)`. @default "cedar"
     */
    language?: "cedar" | "dogwood";
    /** What is known of the gateway when its ARN is not (names of other gateways are refused from it). */
    gatewayIdentity?: GatewayIdentity;
}

const ACTION_TYPE = `${CEDAR_NAMESPACE}::Action`;
const GATEWAY_TYPE = `${CEDAR_NAMESPACE}::${GATEWAY_ENTITY_TYPE}`;
const GROUP_ACTIONS: readonly string[] = [MCP_ACTION, CALL_TOOL_ACTION];

/** `line L, column C` of a byte offset in `text` (Cedar reports byte offsets). */
function lineColumn(text: string, offset: number): string {
    const before = Buffer.from(text, "utf8").subarray(0, offset).toString("utf8");
    const lines = before.split("\n");
    return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
}

/** Cedar's own message, without its "for policy `x`, " prefix, with help and location. */
function cedarMessage(error: DetailedError, text: string): string {
    const message = error.message.replace(/^for policy `[^`]*`, /, "");
    const location = error.sourceLocations?.[0];
    const label = location?.label ? ` (${location.label})` : "";
    const where = location ? ` at ${lineColumn(text, location.start)}` : "";
    const help = error.help ? `; ${error.help}` : "";
    return `${message}${label}${where}${help}`;
}

/** The value of a condition when it is a constant (`true`, `!false`, `1 == 1`, `true && true`...). */
function constantValue(expr: unknown): unknown {
    if (expr === null || typeof expr !== "object") return undefined;
    const e = expr as Record<string, { left?: unknown; right?: unknown; arg?: unknown } | unknown>;
    if ("Value" in e) {
        const v = e.Value;
        return typeof v === "boolean" || typeof v === "number" || typeof v === "string" ? v : undefined;
    }
    const binary = (op: string) => e[op] as { left: unknown; right: unknown };
    if ("!" in e) {
        const v = constantValue((e["!"] as { arg: unknown }).arg);
        return typeof v === "boolean" ? !v : undefined;
    }
    if ("&&" in e) {
        const l = constantValue(binary("&&").left);
        const r = constantValue(binary("&&").right);
        if (l === false || r === false) return false;
        return l === true && r === true ? true : undefined;
    }
    if ("||" in e) {
        const l = constantValue(binary("||").left);
        const r = constantValue(binary("||").right);
        if (l === true || r === true) return true;
        return l === false && r === false ? false : undefined;
    }
    if ("==" in e || "!=" in e) {
        const op = "==" in e ? "==" : "!=";
        const l = constantValue(binary(op).left);
        const r = constantValue(binary(op).right);
        if (l === undefined || r === undefined) return undefined;
        return op === "==" ? l === r : l !== r;
    }
    return undefined;
}

/**
 * A `permit` that applies to every caller, every tool and every gateway with no real
 * condition: scope `principal` / `principal is T`, `action` / `action in Mcp|CallTool`,
 * `resource` / `resource is AgentCore::Gateway`, and only constant-true conditions
 * (`when { true }`, `unless { false }`). A permit scoped to one gateway ARN is not flagged:
 * AgentCore documents it (policy-scope.html) and the gateway's resource-based policy (I7)
 * still bounds who reaches it.
 */
export function isUnconditionalPermitAll(policy: PolicyJson): boolean {
    if (policy.effect !== "permit") return false;
    const anyPrincipal = policy.principal.op === "All" || (policy.principal.op === "is" && policy.principal.in === undefined);
    const action = policy.action;
    const anyAction =
        action.op === "All" ||
        (action.op === "in" &&
            ("entity" in action ? [action.entity] : action.entities).some((uid) => {
                const ref = "__entity" in uid ? uid.__entity : uid;
                return ref.type === ACTION_TYPE && GROUP_ACTIONS.includes(ref.id);
            }));
    const anyResource = policy.resource.op === "All" || (policy.resource.op === "is" && policy.resource.in === undefined);
    const vacuous = policy.conditions.every((clause) => constantValue(clause.body) === (clause.kind === "when"));
    return anyPrincipal && anyAction && anyResource && vacuous;
}

/** Action ids a policy's scope names, other than the Mcp / CallTool groups. */
function specificScopeActions(policy: PolicyJson): string[] {
    const action = policy.action;
    if (action.op === "All") return [];
    const uids = "entities" in action ? action.entities : "entity" in action ? [action.entity] : [];
    return uids
        .map((uid) => ("__entity" in uid ? uid.__entity : uid))
        .filter((ref) => ref.type === ACTION_TYPE && !GROUP_ACTIONS.includes(ref.id))
        .map((ref) => ref.id);
}

/** `resource == AgentCore::Gateway::"…"`: one gateway. */
function resourceIsOneGateway(policy: PolicyJson): boolean {
    const resource = policy.resource;
    if (resource.op !== "==" || !("entity" in resource)) return false;
    const ref = "__entity" in resource.entity ? resource.entity.__entity : resource.entity;
    return ref.type === GATEWAY_TYPE;
}

function listed(names: string[], max = 20): string {
    if (names.length === 0) return "(none)";
    return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/** Problems of the schema itself: Cedar parses it, and it fits AgentCore's 400 KB. */
export function checkCedarSchema(schema: AgentCoreCedarSchema): Problem[] {
    const problems: Problem[] = [];
    const parsed = checkParseSchema(schema);
    if (parsed.type === "failure") {
        problems.push(
            problem(
                "I10",
                `The Cedar schema does not parse: ${parsed.errors.map((e) => e.message).join("; ")}.`,
                "Build the schema with buildAgentCoreCedarSchema from the gateway's tool definitions.",
            ),
        );
    }
    const size = schemaSize(schema);
    if (size > LIMITS.cedarSchemaBytes) {
        problems.push(
            problem(
                "I12",
                `The Cedar schema generated from the gateway's tools is ${size} bytes; AgentCore allows ${LIMITS.cedarSchemaBytes} bytes (400 KB) per policy engine.`,
                "Expose fewer tools or smaller input schemas on the gateways attached to this policy engine.",
            ),
        );
    }
    return problems;
}

/** What checkCedarPolicyAlone found, and the Cedar it checked. */
export interface CedarAloneResult {
    problems: Problem[];
    /** The parsed Cedar part, when it parses. */
    ast?: PolicyJson;
    /** The Cedar text checked: the statement itself, or the Cedar core of a Dogwood statement. */
    cedarText?: string;
    /** Dogwood clauses cedar-wasm cannot check (temporal, guardrail calls), as written; AgentCore validates them at CreatePolicy. */
    unchecked?: string[];
}

/**
 * The checks one Cedar policy resource decides on its own, without its engine's schema or its
 * gateway (the pack runs them per resource, so `pulumi up` stops the policy before it is
 * created): name rule, size, no leftover placeholder, exactly one static statement that
 * parses, no unconditional permit-all, a specific gateway when tools are named, and, when the
 * gateway's ARN is not given, that every gateway it names is a gateway ARN.
 */
export function checkCedarPolicyAlone(policy: CedarPolicyInput, options: CedarCheckOptions & { who?: string; at?: string; nameKnown?: boolean } = {}): CedarAloneResult {
    const mine: Problem[] = [];
    const at = options.at ?? "policy";
    const who = options.who ?? `Cedar policy ${JSON.stringify(policy.name)}`;
    // An unknown name (derived from another resource's output) is checked once it is known.
    const nameProblem = options.nameKnown === false ? undefined : checkName("policy", policy.name, `${at}.name`);
    if (nameProblem) mine.push(nameProblem);
    const text = policy.statement;
    const size = renderedPolicySize(text, options.gatewayArn);
    if (size > LIMITS.cedarPolicyBytes) {
        mine.push(
            problem(
                "I12",
                `${who} is ${size} bytes${text.includes(GATEWAY_ARN_PLACEHOLDER) && options.gatewayArn === undefined ? " (with the longest possible gateway ARN in place of the placeholder)" : ""}; AgentCore allows ${LIMITS.cedarPolicyBytes} bytes per policy.`,
                "Split it into several policies (each permit or forbid on fewer tools or conditions).",
            ),
        );
    }
    if (options.requireRenderedGatewayArn && text.includes(GATEWAY_ARN_PLACEHOLDER)) {
        mine.push(
            problem(
                "I10",
                `${who} still contains the placeholder ${GATEWAY_ARN_PLACEHOLDER} instead of the gateway's ARN; it would match no gateway.`,
                "Render the statement with renderGatewayArn(statement, arn) once the gateway's ARN is known (inside an apply of the gateway's ARN output).",
            ),
        );
    }

    const split = cedarCore(text);
    const language = policy.language ?? options.language ?? "cedar";
    if (split.kind === "dogwood" && language !== "dogwood") {
        mine.push(
            problem(
                "I10",
                `${who} uses Dogwood (${split.core.unchecked.map(clauseHead).join(", ") || split.core.effect}), which only definition.policy.statement takes; definition.cedar.statement takes plain Cedar.`,
                "Register it as definition: { policy: { statement } } (the hub does this for you), or remove the temporal/guardrail clauses.",
            ),
        );
    }
    // Parse errors are reported on the text as written, so positions point into it.
    const cedarText = split.kind === "invalid" ? text : split.core.text;
    const parts = policySetTextToParts(cedarText);
    if (parts.type === "failure") {
        mine.push(
            problem(
                "I10",
                `${who} does not parse as Cedar${language === "dogwood" ? " or Dogwood" : ""}: ${parts.errors.map((e) => cedarMessage(e, cedarText)).join("; ")}.`,
                "Fix the syntax: permit|forbid (principal ..., action ..., resource ...) when { ... };",
            ),
        );
        return { problems: mine };
    }
    const count = parts.policies.length + parts.policy_templates.length;
    if (count !== 1) {
        mine.push(
            problem(
                "I10",
                `${who} contains ${count} Cedar statements; AgentCore takes exactly one statement per policy.`,
                count === 0 ? "Write one permit or forbid statement." : `Split it into ${count} policies of one statement each.`,
            ),
        );
        return { problems: mine };
    }
    if (parts.policy_templates.length > 0) {
        mine.push(
            problem("I10", `${who} is a Cedar template (it uses ?principal or ?resource); AgentCore policies are static statements.`, "Replace the slots with the principal and gateway."),
        );
        return { problems: mine };
    }
    const json = policyToJson(cedarText);
    if (json.type === "failure") {
        mine.push(problem("I10", `${who} does not parse as Cedar: ${json.errors.map((e) => cedarMessage(e, cedarText)).join("; ")}.`, "Fix the syntax."));
        return { problems: mine };
    }
    const ast = json.json;
    const unchecked = split.kind === "dogwood" ? split.core.unchecked : [];

    // A temporal or guardrail clause is a real condition, so only a statement without one can be a permit-all.
    if (unchecked.length === 0 && isUnconditionalPermitAll(ast)) {
        mine.push(
            problem(
                "I10",
                `${who} permits every caller to call every tool on every gateway, unconditionally.`,
                `Name the tools (action == AgentCore::Action::"<target>___<tool>"), the gateway (resource == AgentCore::Gateway::"<gateway ARN>") and the callers (when { principal.id like "arn:aws:sts::<account>:assumed-role/<role>/*" }).`,
            ),
        );
    }

    mine.push(...checkScope(ast, who, options.gatewayArn));

    for (const id of new Set(entityReferences(ast).filter((r) => r.type === GATEWAY_TYPE).map((r) => r.id))) {
        if (id === GATEWAY_ARN_PLACEHOLDER || options.gatewayArn !== undefined) continue;
        if (classifyGatewayArn(id).kind !== "exact") {
            mine.push(
                problem(
                    "I10",
                    `${who} names the gateway ${JSON.stringify(id)}, which is not a gateway ARN (arn:<partition>:bedrock-agentcore:<region>:<account>:gateway/<name>-<10 characters>).`,
                    "Name this hub's gateway with the package's GATEWAY_ARN constant (or .gateway() on cedarPolicy()); the hub replaces it with the gateway's ARN.",
                ),
            );
        }
    }
    return { problems: mine, ast, cedarText, unchecked };
}

/** `when temporal`, `when guardrails`, `unless`: the head of a clause, for messages. */
function clauseHead(clause: string): string {
    return clause.slice(0, clause.indexOf("{")).trim();
}

/**
 * What AWS refuses at CreatePolicy about the scope (example-policies-action-resource.html,
 * "Requirements for the action and resource scope"; policy-scope.html):
 * - a bare `resource`: "a wildcard resource was detected", whatever the action scope;
 * - specific actions (`action == …`, `action in [ … ]`, a target group) need one gateway,
 *   `resource == AgentCore::Gateway::"<arn>"`;
 * - a bare `action` (or the Mcp/CallTool groups) needs `resource is AgentCore::Gateway`
 *   (AWS's table) or one gateway (`resource == …`, as AWS's own samples write; assumed accepted).
 * `resource in …` and `resource is … in …` are in none of AWS's accepted forms.
 */
function checkScope(ast: PolicyJson, who: string, gatewayArn: string | undefined): Problem[] {
    const resource = ast.resource;
    // Never the internal placeholder in a fix: users write the package's GATEWAY_ARN constant.
    const gatewayFix = gatewayArn !== undefined ? `resource == AgentCore::Gateway::"${gatewayArn}"` : "resource == AgentCore::Gateway::GATEWAY_ARN (the package's GATEWAY_ARN constant, or .gateway() on cedarPolicy())";
    if (resource.op === "All") {
        return [
            problem(
                "I10",
                `${who} leaves the resource unconstrained (a bare \`resource\`); AgentCore refuses it at CreatePolicy: "a wildcard resource was detected".`,
                `Constrain the resource: ${gatewayFix}, or resource is AgentCore::Gateway when the policy covers every action.`,
            ),
        ];
    }
    const specific = specificScopeActions(ast);
    const oneGateway = resourceIsOneGateway(ast);
    const gatewayType = resource.op === "is" && resource.entity_type === GATEWAY_TYPE && resource.in === undefined;
    if (specific.length > 0 && !oneGateway) {
        return [
            problem(
                "I10",
                `${who} names specific actions (${listed(specific, 5)}) but not a specific gateway; AgentCore requires resource == AgentCore::Gateway::"<gateway ARN>" when a policy names actions.`,
                `Scope the policy with ${gatewayFix}.`,
            ),
        ];
    }
    if (specific.length === 0 && !oneGateway && !gatewayType) {
        return [
            problem(
                "I10",
                `${who} covers every action but constrains the resource in a form AgentCore does not accept; with an unconstrained action the resource must be \`resource is AgentCore::Gateway\`.`,
                `Write resource is AgentCore::Gateway, or name the tools and use ${gatewayFix}.`,
            ),
        ];
    }
    return [];
}

/** What is known of the engine's gateway before its ARN exists (the pack at a first preview). */
export interface GatewayIdentity {
    /** The gateway's name: its id is `<name>-<10 characters>`. */
    name?: string;
    accountId?: string;
    region?: string;
    partition?: string;
}

/** A literal gateway ARN that cannot be this gateway's, given what is known of it; undefined when it may be. */
export function foreignGatewayProblem(arn: string, identity: GatewayIdentity, who: string): Problem | undefined {
    const parsed = /^arn:([^:]+):bedrock-agentcore:([^:]*):([^:]*):gateway\/(.+)$/.exec(arn);
    if (!parsed) return undefined;
    const [, partition, region, accountId, id] = parsed;
    const differences: string[] = [];
    if (identity.partition !== undefined && partition !== identity.partition) differences.push(`partition ${partition}, not ${identity.partition}`);
    if (identity.region !== undefined && region !== identity.region) differences.push(`Region ${region}, not ${identity.region}`);
    if (identity.accountId !== undefined && accountId !== identity.accountId) differences.push(`account ${accountId}, not ${identity.accountId}`);
    if (identity.name !== undefined && !(id.length === identity.name.length + 11 && id.startsWith(`${identity.name}-`) && /^[0-9a-z]{10}$/.test(id.slice(-10)))) {
        differences.push(`gateway id ${id}, not ${identity.name}-<10 characters>`);
    }
    if (differences.length === 0) return undefined;
    return problem(
        "I10",
        `${who} names the gateway ${JSON.stringify(arn)}, which cannot be this policy engine's gateway (${differences.join("; ")}); the policy would never apply to it.`,
        "Name this engine's gateway: its ARN, or the package's GATEWAY_ARN constant (or .gateway() on cedarPolicy()), which the hub replaces with the gateway's ARN.",
    );
}

/**
 * Whether a literal gateway ARN in a statement can be decided against what is known of the
 * gateway: true when partition, Region, account and name are all known (then
 * foreignGatewayProblem decides); otherwise an ARN it does not refuse may still be another
 * gateway's, and the caller defers by name.
 */
export function gatewayIdentityComplete(identity: GatewayIdentity | undefined): boolean {
    return identity !== undefined && [identity.name, identity.accountId, identity.region, identity.partition].every((v) => v !== undefined);
}

/**
 * Checks the Cedar policies of one policy engine against the schema of the tools its gateway
 * exposes. Per policy: name rule, size, exactly one statement (AgentCore takes one statement
 * per policy resource), Cedar's parser, no unconditional permit-all, actions that are declared
 * tools, a specific gateway ARN when tools are named and that it is this gateway's, and Cedar's
 * strict validator: its errors (AgentCore's schema checks "always run regardless of the
 * validation mode") and its warnings (an impossible policy: with FAIL_ON_ANY_FINDINGS,
 * AgentCore's semantic validation rejects "ineffective policies",
 * policy-create-update-validation.html). Then the engine's limits: number of policies, their
 * total size, unique names, schema size.
 */
export function checkCedarPolicies(policies: CedarPolicyInput[], schema: AgentCoreCedarSchema, options: CedarCheckOptions = {}): Problem[] {
    const { engine, perPolicy } = checkCedarPoliciesByPolicy(policies, schema, options);
    return [...engine, ...perPolicy.flat()];
}

/**
 * The same checks, with each problem attributed: `perPolicy[i]` are the problems of
 * `policies[i]`; `undecidedGateways[i]` the literal gateway ARNs it names that neither the
 * gateway's ARN nor `gatewayIdentity` can decide (the pack defers them by name); `engine` those of the engine as a whole (schema, count, total size, a batch
 * Cedar could not validate). The policy pack reports each on the resource it belongs to.
 */
export function checkCedarPoliciesByPolicy(
    policies: CedarPolicyInput[],
    schema: AgentCoreCedarSchema,
    options: CedarCheckOptions = {},
): { engine: Problem[]; perPolicy: Problem[][]; undecidedGateways: string[][] } {
    const undecided: string[][] = policies.map(() => []);
    const argument = options.argument ?? "policies";
    const schemaProblems = checkCedarSchema(schema);
    const problems: Problem[] = [...schemaProblems];
    const schemaUsable = !schemaProblems.some((p) => p.invariant === "I10");
    const tools = declaredToolActions(schema);
    const actions = new Set(declaredActions(schema));

    if (policies.length > LIMITS.cedarPoliciesPerEngine) {
        problems.push(
            problem(
                "I12",
                `${argument} has ${policies.length} policies; a policy engine holds at most ${LIMITS.cedarPoliciesPerEngine}.`,
                `Merge policies (one statement can name several tools with action in [...]) to stay within ${LIMITS.cedarPoliciesPerEngine}.`,
            ),
        );
    }
    const total = policies.reduce((sum, p) => sum + renderedPolicySize(p.statement, options.gatewayArn), 0);
    if (total > CEDAR_POLICIES_TOTAL_BYTES_PER_RESOURCE) {
        problems.push(
            problem(
                "I12",
                `${argument} total ${total} bytes; AgentCore allows ${CEDAR_POLICIES_TOTAL_BYTES_PER_RESOURCE} bytes (200 KB) of policies per gateway in a policy engine.`,
                "Merge or shorten policies.",
            ),
        );
    }
    const firstIndex = new Map<string, number>();
    const perPolicy: Problem[][] = [];
    const pending: { id: string; who: string; text: string; ast: PolicyJson; effect: Effect; unknownActions: string[]; problems: Problem[] }[] = [];

    policies.forEach((policy, i) => {
        const mine: Problem[] = [];
        perPolicy.push(mine);
        const at = `${argument}[${i}]`;
        const who = `Cedar policy ${JSON.stringify(policy.name)} (${at})`;
        const alone = checkCedarPolicyAlone(policy, { ...options, who, at });
        if (options.standalone !== "skip") mine.push(...alone.problems);
        const earlier = firstIndex.get(policy.name);
        if (earlier !== undefined) {
            mine.push(
                problem("I12", `${who} has the same name as ${argument}[${earlier}]; names must be unique within a policy engine.`, "Give every policy a distinct name."),
            );
        } else {
            firstIndex.set(policy.name, i);
        }
        const ast = alone.ast;
        if (!ast) return;
        const text = alone.cedarText ?? policy.statement;

        const references = entityReferences(ast);
        const unknownActions = [...new Set(references.filter((r) => r.type === ACTION_TYPE && !actions.has(r.id)).map((r) => r.id))];
        for (const id of unknownActions) {
            const split = splitToolActionName(id);
            const sameTarget = split ? tools.filter((t) => splitToolActionName(t)?.target === split.target) : [];
            mine.push(
                problem(
                    "I10",
                    `${who} names the action AgentCore::Action::${JSON.stringify(id)}, which is no tool this gateway exposes` +
                        (split ? "" : " (tool actions are named <target>___<tool>)") +
                        (sameTarget.length > 0
                            ? `. Tools of target "${split?.target}": ${listed(sameTarget)}.`
                            : `. Declared tools: ${listed(tools)}.`),
                    split
                        ? `Name one of the declared tools, or add tool "${split.tool}" to target "${split.target}".`
                        : `Name a declared tool as AgentCore::Action::"<target>___<tool>", a target ("action in AgentCore::Action::\\"<target>\\""), or AgentCore::Action::"${CALL_TOOL_ACTION}".`,
                ),
            );
        }

        for (const id of new Set(references.filter((r) => r.type === GATEWAY_TYPE).map((r) => r.id))) {
            if (id === GATEWAY_ARN_PLACEHOLDER) continue;
            if (options.gatewayArn === undefined) {
                // The gateway does not exist yet: refuse what cannot be it, name what cannot be decided.
                const foreign = options.gatewayIdentity ? foreignGatewayProblem(id, options.gatewayIdentity, who) : undefined;
                if (foreign) mine.push(foreign);
                else if (!gatewayIdentityComplete(options.gatewayIdentity) && classifyGatewayArn(id).kind === "exact") undecided[i].push(id);
            } else if (id !== options.gatewayArn) {
                mine.push(
                    problem(
                        "I10",
                        `${who} names the gateway ${JSON.stringify(id)}, but this policy engine's gateway is ${JSON.stringify(options.gatewayArn)}; the policy would never apply to it.`,
                        "Name this engine's gateway: its ARN, or the package's GATEWAY_ARN constant (or .gateway() on cedarPolicy()), which the hub replaces with the gateway's ARN.",
                    ),
                );
            }
        }

        pending.push({ id: `policy${i}`, who, text, ast, effect: ast.effect, unknownActions, problems: mine });
    });

    // The policies that parse, validated as one call would (validateSliced.ts): each finding
    // under the policy's id, with offsets into that policy's own text.
    if (schemaUsable && pending.length > 0) {
        const answer = validatePolicies(schema, pending, { mode: "strict" });
        if (answer.type === "failure") {
            problems.push(problem("I10", `The policies could not be validated: ${answer.errors.map((e) => e.message).join("; ")}.`, "Fix the policies and the schema."));
        } else {
            for (const p of pending) {
                // Unknown actions were reported above with the list of tools; Cedar's own error
                // about them (and the "impossible policy" warnings that follow) would repeat it.
                const errors = answer.validationErrors.filter(
                    (e) => e.policyId === p.id && !(p.unknownActions.length > 0 && /unrecognized action/.test(e.error.message)),
                );
                for (const e of errors) {
                    p.problems.push(
                        problem(
                            "I10",
                            `${p.who} fails Cedar validation against the gateway's tool schema: ${cedarMessage(e.error, p.text)}.`,
                            "Use only declared tools, context.input attributes with their declared types (guard optional ones with `has`), and AgentCore entity types.",
                        ),
                    );
                }
                const warnings = answer.validationWarnings.filter((w) => w.policyId === p.id);
                if (errors.length === 0 && p.unknownActions.length === 0 && warnings.length > 0) {
                    p.problems.push(
                        problem(
                            "I10",
                            `${p.who} has Cedar validation findings: ${warnings.map((w) => cedarMessage(w.error, p.text)).join("; ")}. ` +
                                `With validation mode FAIL_ON_ANY_FINDINGS AgentCore rejects ineffective policies, and a ${p.effect} that can never apply ${p.effect === "forbid" ? "protects nothing" : "grants nothing"}.`,
                            "Make the principal type, actions and conditions satisfiable for the tools the gateway exposes.",
                        ),
                    );
                }
            }
        }
    }
    return { engine: problems, perPolicy, undecidedGateways: undecided };
}
