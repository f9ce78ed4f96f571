import { NameKind, checkName, toolActionName } from "../names";
import { formatProblem } from "../problems";
import { JsonSchema, TargetTools } from "../toolSchema";
import { CALL_TOOL_ACTION, CEDAR_NAMESPACE, GATEWAY_ENTITY_TYPE, IAM_ENTITY_TYPE, OAUTH_USER_TYPE } from "./schema";
import { GATEWAY_ARN_PLACEHOLDER } from "./validate";

/**
 * A small typed builder of AgentCore Cedar policies for IAM-authenticated gateways, so that
 * callers, tools and gateway are named the way AgentCore matches them and every literal is
 * escaped. The result is plain Cedar text: check it with `checkCedarPolicies`.
 *
 * ```ts
 * cedarPolicy().permit()
 *     .principalIamRole({ accountId: "123456789012", roleName: "agent-role" })
 *     .tool("refunds", "process_refund")
 *     .inputLessThan("amount", 1000)
 *     .toString();
 * ```
 *
 * ## How an IAM caller appears (`principal.id`)
 * For an AWS_IAM gateway the principal is `AgentCore::IamEntity` whose `id` attribute is the
 * caller's ARN; IamEntity has no tags, so callers are matched on `principal.id`
 * (policy-schema-constraints.html, policy-conditions.html). The devguide's revisions disagree
 * on the assumed-role form:
 * - current policy-conditions.html: "For callers authenticating via an assumed IAM role, the
 *   `principal.id` and Cedar entity ID use the format: `arn:aws:sts::<account-id>:assumed-role/<role-name>`
 *   ... This format is stable across invocations, so you can use `principal ==` for exact role matching";
 * - older revision: "IAM role (assumed): `arn:aws:sts::123456789012:assumed-role/role-name/session-name`",
 *   "IAM role: `arn:aws:iam::123456789012:role/role-name`", with `like ".../ServiceRole/*"`.
 * `principalIamRole` therefore accepts exactly those three forms of that one role:
 * `== "arn:aws:sts::<acct>:assumed-role/<role>"`, `like "arn:aws:sts::<acct>:assumed-role/<role>/*"`
 * and `== "arn:aws:iam::<acct>:role<path><role>"`. It never uses `like ".../<role>*"`, which
 * would also admit `<role>-admin`. (An assumed-role ARN does not carry the role's path.)
 *
 * ## Gateway
 * Policies that name tools must name one gateway ARN (policy-scope.html). Unless `.gateway(arn)`
 * or `.anyGateway()` is called, the builder writes GATEWAY_ARN_PLACEHOLDER, which components
 * replace with `renderGatewayArn` once the gateway exists.
 *
 * ## Typed input conditions
 * `context.input` is typed from the tool's input schema: JSON integer is Cedar Long, JSON
 * number is Cedar `decimal` (compared with `.lessThan(decimal("…"))`, not `<`). Give the
 * builder the gateway's targets (`cedarPolicy({ targets })`) and it picks the comparison from
 * the schema, checks the attribute exists in every selected tool, and guards optional
 * attributes with `has`; without targets, integers compare as Long, other numbers as decimal
 * (override with `{ type }`), and every path is guarded with `has`.
 *
 * ## Time, OAuth tags and guardrails
 * `between(from, to)` and `duringHours(9, 17)` read `context.system.now` exactly as AWS's
 * time-based examples do (policy-time-based.html, UTC). `principalOAuthUser()`, `principalTag`
 * and `principalTagLike` match a CUSTOM_JWT gateway's caller by its JWT claims
 * (`principal.hasTag("x") && principal.getTag("x") == "v"`, policy-conditions.html).
 * `guardrail({...})` adds a `when guardrails { BedrockGuardrails::<Type>(…) … }` clause
 * (example-policies-guardrails.html); such a statement is Dogwood (`language()` says so) and is
 * registered under `definition.policy`; the gateway role then needs `bedrock:InvokeGuardrailChecks`.
 */

export type CedarEffect = "permit" | "forbid";

/** A Bedrock guardrail safeguard AgentCore Policy can call (policy-guardrails-in-policies.html). */
export type GuardrailType = "ContentFilter" | "PromptAttack" | "SensitiveInformation";

export interface GuardrailCondition {
    type: GuardrailType;
    /** Categories to assess, e.g. ["VIOLENCE"], ["JAILBREAK"], ["US_SOCIAL_SECURITY_NUMBER"]. */
    categories: string[];
    /** What to assess: input attribute paths ("message", "a.b") or JSONPaths into the payload ("$.messages[*].content"). */
    content: string[];
    /** The clause holds when the score is above this (0 to 1). Exactly one of greaterThan / greaterThanOrEqual. */
    greaterThan?: number;
    greaterThanOrEqual?: number;
}

/** A UTC instant as Cedar datetime text, `YYYY-MM-DDTHH:MM:SSZ` (the form of AWS's examples). */
export function cedarDatetimeText(value: Date | string): string {
    const date = typeof value === "string" ? new Date(value) : value;
    if (Number.isNaN(date.getTime()) || (typeof value === "string" && !/(Z|[+-]\d{2}:?\d{2})$/.test(value))) {
        throw new Error(`${JSON.stringify(String(value))} is not an instant with a time zone (use "2025-01-31T23:59:59Z" or a Date).`);
    }
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface IamRoleCaller {
    accountId: string;
    roleName: string;
    /** The role's IAM path, e.g. "/agents/"; only the `arn:aws:iam::…:role<path><name>` form carries it. @default "/" */
    path?: string;
    /** @default "aws" */
    partition?: string;
}

export interface IamUserCaller {
    accountId: string;
    userName: string;
    /** @default "/" */
    path?: string;
    /** @default "aws" */
    partition?: string;
}

/** Cedar type of a compared input attribute. */
export type InputValueType = "Long" | "decimal" | "String" | "Bool";

export interface InputConditionOptions {
    /** Overrides the type read from the targets' schemas or inferred from the value. */
    type?: InputValueType;
}

export interface CedarPolicyBuilderOptions {
    /** The gateway's targets: typed input conditions are checked and typed against them. */
    targets?: TargetTools[];
}

type ComparisonOp = "<" | "<=" | ">" | ">=" | "==";

interface InputCondition {
    path: string[];
    op: ComparisonOp;
    value: number | string | boolean;
    type?: InputValueType;
}

type ActionChoice = { kind: "tool"; target: string; tool: string } | { kind: "target"; target: string } | { kind: "any" };

type Clause = { kind: "when" | "unless"; text: string } | { kind: "input"; condition: InputCondition } | { kind: "guardrail"; condition: GuardrailCondition };

const CEDAR_RESERVED = new Set(["true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"]);
const CEDAR_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Cedar string literal (quotes included), escaping backslash, quote and control characters. */
export function cedarString(value: string): string {
    return `"${escapeCedar(value, false)}"`;
}

/**
 * A Cedar `like` pattern literal (quotes included): `*` in `pattern` is the wildcard, every
 * other character is literal. Use `cedarLikeLiteral` for text that may contain a literal `*`.
 */
export function cedarLikePattern(pattern: string): string {
    return `"${pattern.split("*").map((part) => escapeCedar(part, true)).join("*")}"`;
}

/** The escaped body of a `like` pattern that matches `text` literally (a `*` matches only `*`). */
export function cedarLikeLiteral(text: string): string {
    return escapeCedar(text, true);
}

function escapeCedar(value: string, inPattern: boolean): string {
    let out = "";
    for (const ch of value) {
        const code = ch.codePointAt(0) ?? 0;
        if (ch === "\\") out += "\\\\";
        else if (ch === '"') out += '\\"';
        else if (ch === "\n") out += "\\n";
        else if (ch === "\r") out += "\\r";
        else if (ch === "\t") out += "\\t";
        else if (ch === "\0") out += "\\0";
        else if (inPattern && ch === "*") out += "\\*";
        else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
        else out += ch;
    }
    return out;
}

const DECIMAL_MAX_SCALED = 9223372036854775807n;

/**
 * A number as Cedar decimal text (`"12.5"`): Cedar's decimal has four fraction digits and
 * the range of a 64-bit integer scaled by 10^4. `exact` throws when the value needs more
 * digits; `truncate` drops them, as AgentCore does with JSON numbers ("numbers will be
 * truncated to the Cedar representation", policy-schema-constraints.html).
 */
export function cedarDecimalText(value: number, mode: "exact" | "truncate"): string {
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number; Cedar's decimal cannot hold it.`);
    let text = String(value);
    if (/e/i.test(text)) {
        if (Math.abs(value) >= 1) throw new RangeError(`${value} is outside Cedar's decimal range.`);
        text = value.toFixed(20);
    }
    const negative = text.startsWith("-");
    const [whole, fraction = ""] = text.replace(/^-/, "").split(".");
    if (fraction.length > 4 && mode === "exact") {
        throw new RangeError(`${value} has more than 4 fraction digits; Cedar's decimal has 4.`);
    }
    const digits = fraction.slice(0, 4);
    const scaled = BigInt(whole) * 10000n + BigInt(digits.padEnd(4, "0"));
    if (scaled > DECIMAL_MAX_SCALED + (negative ? 1n : 0n)) throw new RangeError(`${value} is outside Cedar's decimal range.`);
    const kept = digits.replace(/0+$/, "");
    return `${negative && scaled !== 0n ? "-" : ""}${whole}.${kept === "" ? "0" : kept}`;
}

/** A Cedar `decimal("…")` literal; throws when Cedar's decimal cannot hold the value exactly. */
export function cedarDecimalLiteral(value: number): string {
    return `decimal("${cedarDecimalText(value, "exact")}")`;
}

function requireName(kind: NameKind, value: string, argument: string): void {
    const bad = checkName(kind, value, argument);
    if (bad) throw new Error(formatProblem(bad));
}

function requireAccount(accountId: string, argument: string): void {
    if (!/^\d{12}$/.test(accountId)) throw new Error(`${argument} = ${JSON.stringify(accountId)} is not a 12-digit AWS account id.`);
}

function requirePartition(partition: string, argument: string): void {
    if (!/^aws(-[a-z]+)*$/.test(partition)) throw new Error(`${argument} = ${JSON.stringify(partition)} is not an AWS partition (aws, aws-cn, aws-us-gov).`);
}

function attributeAccess(base: string, name: string): string {
    return CEDAR_IDENTIFIER.test(name) && !CEDAR_RESERVED.has(name) ? `${base}.${name}` : `${base}[${cedarString(name)}]`;
}

function hasTest(base: string, name: string): string {
    return CEDAR_IDENTIFIER.test(name) && !CEDAR_RESERVED.has(name) ? `${base} has ${name}` : `${base} has ${cedarString(name)}`;
}

function actionUid(id: string): string {
    return `${CEDAR_NAMESPACE}::Action::${cedarString(id)}`;
}

/** The schema node at `path` under a tool's input schema, and whether every level is required. */
function schemaAt(root: JsonSchema, path: string[]): { schema: JsonSchema; required: boolean } | undefined {
    let node: JsonSchema = root;
    let required = true;
    for (const segment of path) {
        if (node.type !== "object" || !node.properties || !Object.prototype.hasOwnProperty.call(node.properties, segment)) return undefined;
        required = required && (node.required ?? []).includes(segment);
        node = node.properties[segment];
    }
    return { schema: node, required };
}

function valueTypeOf(schema: JsonSchema): InputValueType | undefined {
    switch (schema.type) {
        case "integer":
            return "Long";
        case "number":
            return "decimal";
        case "string":
            return "String";
        case "boolean":
            return "Bool";
        default:
            return undefined;
    }
}

export class CedarPolicyBuilder {
    private effect?: CedarEffect;
    private readonly principals: string[] = [];
    private principalKind?: "iam" | "oauth";
    private readonly tagConditions: string[] = [];
    private readonly actions: ActionChoice[] = [];
    private resource?: { kind: "gateway"; arn: string } | { kind: "any" };
    private readonly clauses: Clause[] = [];

    constructor(private readonly options: CedarPolicyBuilderOptions = {}) {}

    permit(): this {
        return this.setEffect("permit");
    }

    forbid(): this {
        return this.setEffect("forbid");
    }

    private setEffect(effect: CedarEffect): this {
        if (this.effect && this.effect !== effect) throw new Error(`The policy is already a ${this.effect}.`);
        this.effect = effect;
        return this;
    }

    private setPrincipalKind(kind: "iam" | "oauth"): void {
        if (this.principalKind && this.principalKind !== kind) {
            throw new Error("A policy matches either IAM callers (AgentCore::IamEntity, AWS_IAM gateways) or OAuth users (AgentCore::OAuthUser, CUSTOM_JWT gateways), not both.");
        }
        this.principalKind = kind;
    }

    /** Any OAuth user (`principal is AgentCore::OAuthUser`), for a CUSTOM_JWT gateway. */
    principalOAuthUser(): this {
        this.setPrincipalKind("oauth");
        return this;
    }

    /** An OAuth user whose JWT claim `claim` equals `value` (claims are string tags; several tag calls all must hold). */
    principalTag(claim: string, value: string): this {
        this.setPrincipalKind("oauth");
        if (claim.length === 0) throw new Error("principalTag: the claim name is empty.");
        this.tagConditions.push(`principal.hasTag(${cedarString(claim)}) && principal.getTag(${cedarString(claim)}) == ${cedarString(value)}`);
        return this;
    }

    /** An OAuth user whose claim `claim` matches `pattern` (`*` the wildcard), e.g. a scope in a space-separated list: "*refund:write*". */
    principalTagLike(claim: string, pattern: string): this {
        this.setPrincipalKind("oauth");
        if (claim.length === 0) throw new Error("principalTagLike: the claim name is empty.");
        if (pattern.replace(/\*/g, "") === "") throw new Error(`principalTagLike(${JSON.stringify(claim)}, ${JSON.stringify(pattern)}) matches every value; name it.`);
        this.tagConditions.push(`principal.hasTag(${cedarString(claim)}) && principal.getTag(${cedarString(claim)}) like ${cedarLikePattern(pattern)}`);
        return this;
    }

    /** Only from `from` (inclusive) until `to` (exclusive), UTC: `context.system.now >= datetime(…) && context.system.now < datetime(…)`. */
    between(from: Date | string, to: Date | string): this {
        const start = cedarDatetimeText(from);
        const end = cedarDatetimeText(to);
        if (new Date(start).getTime() >= new Date(end).getTime()) throw new Error(`between(${start}, ${end}): the window is empty.`);
        this.clauses.push({ kind: "when", text: `context.system.now >= datetime("${start}") && context.system.now < datetime("${end}")` });
        return this;
    }

    /** Every day from `startHour` to `endHour` (0-24, UTC), as AWS writes it: `duration("9h") <= context.system.now.toTime() && context.system.now.toTime() <= duration("17h")`. */
    duringHours(startHour: number, endHour: number): this {
        for (const [n, v] of [["startHour", startHour], ["endHour", endHour]] as const) {
            if (!Number.isInteger(v) || v < 0 || v > 24) throw new Error(`duringHours: ${n} = ${v} is not a whole hour from 0 to 24.`);
        }
        if (startHour >= endHour) throw new Error(`duringHours(${startHour}, ${endHour}): the start must be before the end (a window across midnight is two policies).`);
        this.clauses.push({ kind: "when", text: `duration("${startHour}h") <= context.system.now.toTime() && context.system.now.toTime() <= duration("${endHour}h")` });
        return this;
    }

    /** A guardrail check as its own `when guardrails { … }` clause; makes the statement Dogwood. */
    guardrail(condition: GuardrailCondition): this {
        if (condition.categories.length === 0) throw new Error("guardrail: name at least one category.");
        if (condition.content.length === 0) throw new Error("guardrail: name the content to assess.");
        if ((condition.greaterThan === undefined) === (condition.greaterThanOrEqual === undefined)) throw new Error("guardrail: give exactly one of greaterThan or greaterThanOrEqual.");
        const threshold = condition.greaterThan ?? condition.greaterThanOrEqual ?? 0;
        if (threshold < 0 || threshold > 1) throw new Error(`guardrail: the threshold ${threshold} is not between 0 and 1.`);
        this.clauses.push({ kind: "guardrail", condition: { ...condition, categories: [...condition.categories], content: [...condition.content] } });
        return this;
    }

    /** "dogwood" when the statement has a guardrail clause (register it under definition.policy), else "cedar". */
    language(): "cedar" | "dogwood" {
        return this.clauses.some((c) => c.kind === "guardrail") ? "dogwood" : "cedar";
    }

    /** Callers acting as this IAM role (any session); several principal calls are alternatives (or). */
    principalIamRole(role: IamRoleCaller): this {
        this.setPrincipalKind("iam");
        const partition = role.partition ?? "aws";
        const path = role.path ?? "/";
        requireAccount(role.accountId, "role.accountId");
        requireName("role", role.roleName, "role.roleName");
        requireName("rolePath", path, "role.path");
        requirePartition(partition, "role.partition");
        const assumed = `arn:${partition}:sts::${role.accountId}:assumed-role/${role.roleName}`;
        this.principals.push(
            `principal.id == ${cedarString(assumed)}`,
            `principal.id like "${cedarLikeLiteral(`${assumed}/`)}*"`,
            `principal.id == ${cedarString(`arn:${partition}:iam::${role.accountId}:role${path}${role.roleName}`)}`,
        );
        return this;
    }

    /** One IAM user (long-term credentials; prefer roles). */
    principalIamUser(user: IamUserCaller): this {
        this.setPrincipalKind("iam");
        const partition = user.partition ?? "aws";
        const path = user.path ?? "/";
        requireAccount(user.accountId, "user.accountId");
        if (!/^[\w+=,.@-]{1,64}$/.test(user.userName)) {
            throw new Error(`user.userName = ${JSON.stringify(user.userName)} is not a valid IAM user name: 1-64 characters from letters, digits and '+=,.@_-'.`);
        }
        requireName("rolePath", path, "user.path");
        requirePartition(partition, "user.partition");
        this.principals.push(`principal.id == ${cedarString(`arn:${partition}:iam::${user.accountId}:user${path}${user.userName}`)}`);
        return this;
    }

    /** A caller whose ARN is exactly `arn`. */
    principalId(arn: string): this {
        this.setPrincipalKind("iam");
        if (arn.length === 0) throw new Error("principalId: the ARN is empty.");
        this.principals.push(`principal.id == ${cedarString(arn)}`);
        return this;
    }

    /** Callers whose ARN matches `pattern`, where `*` is the wildcard (IAM ARNs never contain a literal `*`). */
    principalIdLike(pattern: string): this {
        this.setPrincipalKind("iam");
        if (pattern.replace(/\*/g, "") === "") throw new Error(`principalIdLike(${JSON.stringify(pattern)}) matches every caller; name the account or role.`);
        this.principals.push(`principal.id like ${cedarLikePattern(pattern)}`);
        return this;
    }

    /** Any IAM identity of one account (AgentCore's documented `principal.id like "*:<account>:*"`). */
    principalAccount(accountId: string): this {
        this.setPrincipalKind("iam");
        requireAccount(accountId, "accountId");
        this.principals.push(`principal.id like "*:${accountId}:*"`);
        return this;
    }

    /** One tool: `AgentCore::Action::"<target>___<tool>"`. */
    tool(target: string, tool: string): this {
        requireName("target", target, "target");
        requireName("tool", tool, "tool");
        this.actions.push({ kind: "tool", target, tool });
        return this;
    }

    tools(target: string, tools: string[]): this {
        if (tools.length === 0) throw new Error(`tools(${JSON.stringify(target)}, []): name at least one tool.`);
        for (const tool of tools) this.tool(target, tool);
        return this;
    }

    /** Every tool of one target (the target is an action group). */
    target(target: string): this {
        requireName("target", target, "target");
        this.actions.push({ kind: "target", target });
        return this;
    }

    /** Every tool (`action in AgentCore::Action::"CallTool"`). */
    anyTool(): this {
        this.actions.push({ kind: "any" });
        return this;
    }

    /** The gateway, by ARN or GATEWAY_ARN_PLACEHOLDER (the default). */
    gateway(arnOrPlaceholder: string = GATEWAY_ARN_PLACEHOLDER): this {
        if (arnOrPlaceholder.length === 0) throw new Error("gateway: the ARN is empty.");
        this.resource = { kind: "gateway", arn: arnOrPlaceholder };
        return this;
    }

    /** Every gateway attached to the engine; AgentCore allows it only with anyTool(). */
    anyGateway(): this {
        this.resource = { kind: "any" };
        return this;
    }

    /** A raw Cedar condition, as its own `when { … }` clause. */
    when(condition: string): this {
        this.clauses.push({ kind: "when", text: condition });
        return this;
    }

    /** A raw Cedar condition, as its own `unless { … }` clause. */
    unless(condition: string): this {
        this.clauses.push({ kind: "unless", text: condition });
        return this;
    }

    inputLessThan(path: string | string[], value: number, options: InputConditionOptions = {}): this {
        return this.input(path, "<", value, options);
    }

    inputLessThanOrEqual(path: string | string[], value: number, options: InputConditionOptions = {}): this {
        return this.input(path, "<=", value, options);
    }

    inputGreaterThan(path: string | string[], value: number, options: InputConditionOptions = {}): this {
        return this.input(path, ">", value, options);
    }

    inputGreaterThanOrEqual(path: string | string[], value: number, options: InputConditionOptions = {}): this {
        return this.input(path, ">=", value, options);
    }

    inputEquals(path: string | string[], value: number | string | boolean, options: InputConditionOptions = {}): this {
        return this.input(path, "==", value, options);
    }

    private input(path: string | string[], op: ComparisonOp, value: number | string | boolean, options: InputConditionOptions): this {
        const segments = typeof path === "string" ? path.split(".") : [...path];
        if (segments.length === 0 || segments.some((s) => s.length === 0)) throw new Error(`Input path ${JSON.stringify(path)} has an empty segment.`);
        this.clauses.push({ kind: "input", condition: { path: segments, op, value, type: options.type } });
        return this;
    }

    /** The tools the action scope selects, from the targets given to the builder. */
    private selectedTools(): { action: string; inputSchema: JsonSchema }[] | undefined {
        const targets = this.options.targets;
        if (!targets) return undefined;
        const selected: { action: string; inputSchema: JsonSchema }[] = [];
        for (const choice of this.actions) {
            for (const target of targets) {
                if (choice.kind !== "any" && choice.target !== target.targetName) continue;
                for (const tool of target.tools) {
                    if (choice.kind === "tool" && choice.tool !== tool.name) continue;
                    selected.push({ action: toolActionName(target.targetName, tool.name), inputSchema: tool.inputSchema });
                }
            }
            if (choice.kind === "tool" && !selected.some((s) => s.action === toolActionName(choice.target, choice.tool))) {
                throw new Error(`Tool ${toolActionName(choice.target, choice.tool)} is not among the targets given to cedarPolicy({ targets }).`);
            }
        }
        return selected;
    }

    private renderInput(condition: InputCondition, tools: { action: string; inputSchema: JsonSchema }[] | undefined): string {
        const dotted = condition.path.join(".");
        let type = condition.type;
        let guarded = true;
        if (tools) {
            if (tools.length === 0) throw new Error(`context.input.${dotted}: the policy selects no tool.`);
            const found = tools.map((t) => ({ action: t.action, at: schemaAt(t.inputSchema, condition.path) }));
            const missing = found.filter((f) => f.at === undefined).map((f) => f.action);
            if (missing.length > 0) throw new Error(`context.input.${dotted} is not in the input schema of ${missing.join(", ")}.`);
            const types = new Set(found.map((f) => (f.at ? valueTypeOf(f.at.schema) : undefined)));
            if (types.size !== 1 || types.has(undefined)) {
                throw new Error(`context.input.${dotted} is not one comparable type across ${tools.map((t) => t.action).join(", ")}.`);
            }
            type = type ?? [...types][0];
            guarded = !found.every((f) => f.at?.required);
        }
        const value = condition.value;
        if (!type) {
            type = typeof value === "string" ? "String" : typeof value === "boolean" ? "Bool" : Number.isInteger(value) ? "Long" : "decimal";
        }
        let access = "context.input";
        const guards: string[] = [];
        for (const segment of condition.path) {
            guards.push(hasTest(access, segment));
            access = attributeAccess(access, segment);
        }
        let comparison: string;
        switch (type) {
            case "Long":
                if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new Error(`context.input.${dotted} is a Long: compare it with an integer, not ${JSON.stringify(value)}.`);
                comparison = `${access} ${condition.op} ${value}`;
                break;
            case "decimal": {
                if (typeof value !== "number") throw new Error(`context.input.${dotted} is a decimal: compare it with a number, not ${JSON.stringify(value)}.`);
                const literal = cedarDecimalLiteral(value);
                const method = { "<": "lessThan", "<=": "lessThanOrEqual", ">": "greaterThan", ">=": "greaterThanOrEqual" } as const;
                comparison = condition.op === "==" ? `${access} == ${literal}` : `${access}.${method[condition.op]}(${literal})`;
                break;
            }
            case "String":
            case "Bool":
                if (condition.op !== "==") throw new Error(`context.input.${dotted} is a ${type}: only inputEquals applies.`);
                if (typeof value !== (type === "String" ? "string" : "boolean")) throw new Error(`context.input.${dotted} is a ${type}, not ${JSON.stringify(value)}.`);
                comparison = `${access} == ${typeof value === "string" ? cedarString(value) : String(value)}`;
                break;
        }
        return guarded ? [...guards, comparison].join(" && ") : comparison;
    }

    private renderGuardrail(condition: GuardrailCondition): string {
        const content = condition.content.map((c) => {
            if (c.startsWith("$")) return cedarString(c);
            const segments = c.split(".");
            if (segments.some((x) => x.length === 0)) throw new Error(`guardrail: content path ${JSON.stringify(c)} has an empty segment.`);
            return segments.reduce(attributeAccess, "context.input");
        });
        const call = `BedrockGuardrails::${condition.type}([${condition.categories.map(cedarString).join(", ")}], [${content.join(", ")}])`;
        // SensitiveInformation has no per-category score: AWS requires an aggregation.
        const score = condition.categories.length === 1 && condition.type !== "SensitiveInformation" ? `[${cedarString(condition.categories[0])}].confidenceScore` : ".maxConfidenceScore()";
        const method = condition.greaterThan !== undefined ? "greaterThan" : "greaterThanOrEqual";
        return `${call}${score}.${method}(${cedarDecimalLiteral(condition.greaterThan ?? condition.greaterThanOrEqual ?? 0)})`;
    }

    /** The Cedar text of the one statement. */
    toString(): string {
        if (!this.effect) throw new Error("Call permit() or forbid() before toString().");
        if (this.actions.length === 0) throw new Error("Name the tools: tool(), tools(), target() or anyTool().");
        const principal =
            this.principalKind === "oauth"
                ? `principal is ${CEDAR_NAMESPACE}::${OAUTH_USER_TYPE}`
                : this.principals.length > 0
                  ? `principal is ${CEDAR_NAMESPACE}::${IAM_ENTITY_TYPE}`
                  : "principal";

        let action: string;
        if (this.actions.some((a) => a.kind === "any")) {
            action = `action in ${actionUid(CALL_TOOL_ACTION)}`;
        } else {
            const ids = [...new Set(this.actions.map((a) => (a.kind === "tool" ? toolActionName(a.target, a.tool) : a.kind === "target" ? a.target : CALL_TOOL_ACTION)))];
            const onlyOneTool = ids.length === 1 && this.actions.every((a) => a.kind === "tool");
            action = onlyOneTool ? `action == ${actionUid(ids[0])}` : ids.length === 1 ? `action in ${actionUid(ids[0])}` : `action in [${ids.map(actionUid).join(", ")}]`;
        }

        const resourceChoice = this.resource ?? { kind: "gateway", arn: GATEWAY_ARN_PLACEHOLDER };
        if (resourceChoice.kind === "any" && !this.actions.some((a) => a.kind === "any")) {
            throw new Error("AgentCore requires a specific gateway ARN when a policy names tools or targets: call gateway(arn) instead of anyGateway().");
        }
        const resource =
            resourceChoice.kind === "gateway"
                ? `resource == ${CEDAR_NAMESPACE}::${GATEWAY_ENTITY_TYPE}::${cedarString(resourceChoice.arn)}`
                : `resource is ${CEDAR_NAMESPACE}::${GATEWAY_ENTITY_TYPE}`;

        const tools = this.clauses.some((c) => c.kind === "input") ? this.selectedTools() : undefined;
        const lines = [`${this.effect} (`, `    ${principal},`, `    ${action},`, `    ${resource}`, ")"];
        if (this.principals.length > 0) lines.push(`when { ${this.principals.join(" || ")} }`);
        for (const tag of this.tagConditions) lines.push(`when { ${tag} }`);
        for (const clause of this.clauses) {
            if (clause.kind === "input") lines.push(`when { ${this.renderInput(clause.condition, tools)} }`);
            else if (clause.kind === "guardrail") lines.push(`when guardrails { ${this.renderGuardrail(clause.condition)} }`);
            else lines.push(`${clause.kind} { ${clause.text} }`);
        }
        return `${lines.join("\n")};`;
    }
}

/**
 * Starts a policy; pass the gateway's targets to type input conditions against their schemas.
 * An error of a chained call (a bad account id, an unknown tool) is kept until the statement is
 * rendered, and `toString()` throws them all: a hub renders its policies while it validates its
 * arguments, so each builder error becomes one of its problems, naming the policy, instead of an
 * exception at the call that hides the hub's other problems.
 */
export function cedarPolicy(options: CedarPolicyBuilderOptions = {}): CedarPolicyBuilder {
    return deferringErrors(new CedarPolicyBuilder(options));
}

function deferringErrors(builder: CedarPolicyBuilder): CedarPolicyBuilder {
    const errors: string[] = [];
    const proxy: CedarPolicyBuilder = new Proxy(builder, {
        get(target, property) {
            const value: unknown = Reflect.get(target, property, target);
            if (typeof value !== "function") return value;
            if (property === "toString") {
                return () => {
                    if (errors.length > 0) throw new Error(errors.join(" "));
                    return target.toString();
                };
            }
            return (...args: unknown[]) => {
                try {
                    const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
                    // Chained calls return the builder: keep returning the proxy so later calls defer too.
                    return result === target ? proxy : result;
                } catch (err) {
                    errors.push(err instanceof Error ? err.message : String(err));
                    return proxy;
                }
            };
        },
    });
    return proxy;
}
