import { CedarAccess, GatewayAccess, Principal, RestApiAccess, RoleReach, ToolCallAudit } from "../access/types";
import { CheckReport, DeferredCheck, EngineOutcome, ResourceGroup, ResourceRef, Violation } from "../report/types";
import { programLogLines } from "./logLines";

/**
 * The report for a person at a terminal: what was checked, what is wrong and how to fix it,
 * what waits for `pulumi up`, and who can reach what. Readable at a glance, top to bottom.
 */

const INDENT = "  ";

function label(r: ResourceRef): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function header(report: CheckReport): string[] {
    const mode = report.program.mode === "preview" ? "first preview (ids unknown, as `pulumi preview` before anything exists)" : "update (ids and outputs synthesized, as the update of `pulumi up --skip-preview`)";
    const rel = (p: string) => (p.startsWith(process.cwd()) ? p.slice(process.cwd().length + 1) || "." : p);
    return [
        `agentcore-hub check ${rel(report.program.dir)}`,
        `${INDENT}project ${report.program.project}, stack ${report.program.stack}, ${mode}`,
        ...(report.program.stackFile === undefined ? [`${INDENT}no Pulumi.${report.program.stack}.yaml: the stack runs with the project's config defaults only`] : []),
        `${INDENT}policy pack ${report.policyPack.name}@${report.policyPack.version} (${report.policyPack.policies.length} policies) over the Analyzer protocol`,
        ...(report.emulatedInvokes.length > 0
            ? [`${INDENT}answered offline from each provider's account and Region: ${report.emulatedInvokes.map((t) => t.split(":").pop()).join(", ")}`]
            : []),
    ];
}

function typeCounts(group: ResourceGroup): string {
    const counts = new Map<string, number>();
    for (const r of group.resources) {
        const short = r.type.split(":").pop() ?? r.type;
        counts.set(short, (counts.get(short) ?? 0) + 1);
    }
    return [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(", ");
}

function resourcesSection(report: CheckReport): string[] {
    const accounts = new Set(report.resources.map((g) => g.account));
    const rows = report.resources.map((g) => [g.component ? label(g.component) : "(program)", g.account, g.region, String(g.resources.length), typeCounts(g)]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 0));
    return [
        `Resources: ${report.counts.resources} in ${plural(accounts.size, "account")}`,
        ...rows.map((r) => `${INDENT}${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3].padStart(widths[3])}  ${r[4]}`),
    ];
}

/** When the violation is found relative to the change, as the engine runs it. */
function whenFound(v: Violation, outcome: EngineOutcome): string | undefined {
    if (v.foundAfterApply) return "found by a stack policy after the change was applied: `pulumi up` reports it, it stops nothing";
    if (outcome.stoppedAt?.urn === v.resource.urn) return "stops `pulumi up` before this resource is created or changed";
    return undefined;
}

function violationLines(v: Violation, outcome: EngineOutcome): string[] {
    const when = whenFound(v, outcome);
    return [
        `${INDENT}✗ ${v.invariant ? `[${v.invariant}] ` : ""}${v.policy} on ${label(v.resource)}`,
        `${INDENT}${INDENT}${v.message}`,
        ...(v.fix ? [`${INDENT}${INDENT}Fix: ${v.fix}`] : []),
        ...(when ? [`${INDENT}${INDENT}(${when})`] : []),
    ];
}

function violationsSection(report: CheckReport): string[] {
    if (report.violations.length === 0) return ["✓ No mandatory violation"];
    return [`✗ ${plural(report.violations.length, "mandatory violation")}`, ...report.violations.flatMap((v) => violationLines(v, report.outcome))];
}

function names(refs: readonly ResourceRef[]): string {
    const shown = refs.slice(0, 10).map(label).join(", ");
    return refs.length > 10 ? `${shown}, … (${refs.length - 10} more)` : shown;
}

/** What the engine would do with these verdicts: where `pulumi up` stops, what ran, what may exist already. */
function outcomeSection(report: CheckReport): string[] {
    const o = report.outcome;
    const failed = o.engineMessage ? ` (the engine reports "${o.engineMessage}")` : "";
    if (o.operation === "pulumi preview") {
        return o.result === "succeeded"
            ? ["Engine: `pulumi preview --policy-pack` would succeed"]
            : [`Engine: \`pulumi preview --policy-pack\` would fail${failed}; every resource and the stack were still analyzed, nothing was changed`];
    }
    if (o.stoppedAt !== undefined) {
        return [
            `Engine: \`pulumi up --policy-pack\` would stop at ${label(o.stoppedAt)} before creating or changing it${failed}`,
            o.appliedBefore.length > 0
                ? `${INDENT}${plural(o.appliedBefore.length, "resource")} registered before it may already have been created: ${names(o.appliedBefore)}`
                : `${INDENT}no cloud resource was registered before it`,
            ...(o.notAnalyzed.length > 0 ? [`${INDENT}${plural(o.notAnalyzed.length, "later registration")} not analyzed (their policies did not run)`] : []),
            `${INDENT}stack policies not run: the deployment ended there`,
        ];
    }
    return o.result === "succeeded"
        ? ["Engine: `pulumi up --policy-pack` would apply every change; stack policies then found no mandatory violation"]
        : [`Engine: \`pulumi up --policy-pack\` would apply every change, then fail${failed}: stack policies found violations after the change was applied`];
}

function deferredLine(d: DeferredCheck): string[] {
    const by = d.reportedBy === "engine" ? " (the engine could not run it during preview)" : "";
    return d.items.map((item) => `${INDENT}• ${d.policy}${by}: ${item}`);
}

function deferredSection(report: CheckReport): string[] {
    if (report.program.mode === "update") return [];
    if (report.deferred.length === 0) return ["✓ Nothing deferred to `pulumi up`: every check was decided at this preview"];
    return [
        "Deferred to `pulumi up` (decided when the values exist: a resource policy's violation then stops that resource before it is created; a stack policy's is found after the change was applied)",
        ...report.deferred.flatMap(deferredLine),
    ];
}

function principalText(p: Principal): string {
    const kind = p.kind === "rolePath" ? "roles matching" : p.kind === "account" ? "account" : p.kind === "service" ? "service" : p.kind === "anyone" ? "anyone" : p.kind === "role" ? "role" : "principal";
    const who = p.kind === "anyone" ? kind : `${kind} ${p.principal}`;
    return p.conditions.length > 0 ? `${who} when ${p.conditions.join(" and ")}` : who;
}

/** `support-agent (222222222222)` for the role's ARN, its assumed-role ARN, or the pattern of its sessions. */
function shortCaller(principal: string): string {
    const m = /^arn:[^:]+:(?:sts|iam)::(\d{12}):(assumed-role|role)\/(.+)$/.exec(principal);
    if (!m) return principal;
    const segments = m[3].split("/");
    // role/<path>/<name>; assumed-role/<name>[/<session or *>]
    const name = m[2] === "role" ? segments[segments.length - 1] : segments[0];
    return /[*?]/.test(name) ? principal : `${name} (${m[1]})`;
}

function cedarLines(cedar: CedarAccess): string[] {
    const pad = INDENT.repeat(2);
    const engine = cedar.engine ? `policy engine "${cedar.engine.name}"` : "no policy engine";
    const out = [`${pad}Cedar (${cedar.mode ?? "mode unknown"}, ${engine}):`];
    for (const p of cedar.policies) {
        const tools = p.tools.includes("*") ? "every tool" : p.tools.join(", ");
        const who = p.principals.includes("*") ? "any caller" : p.principals.map(shortCaller).filter((v, i, a) => a.indexOf(v) === i).join(", ");
        const when = p.inputConditions ? " when its input conditions hold" : "";
        const source = p.source === "declared" ? " [declared template]" : p.source === "unknown" ? " [statement unknown until pulumi up]" : "";
        const mode = p.enforcementMode === "LOG_ONLY" ? " [LOG_ONLY]" : "";
        out.push(`${pad}${INDENT}${p.effect ?? "?"} ${p.name}: ${tools} for ${who}${when}${source}${mode}`);
    }
    const callers = [...new Set(cedar.decisions.map((d) => d.principal))];
    for (const caller of callers) {
        const rows = cedar.decisions.filter((d) => d.principal === caller);
        const probeAccount = /::(\d{12}):/.exec(caller)?.[1];
        const who = rows[0].invoker ? shortCaller(rows[0].invoker) : `any undeclared caller (tried as a role of ${probeAccount ?? "another account"})`;
        const may = rows.filter((d) => d.decision !== "denied").map((d) => (d.decision === "allowed" ? `✓ ${d.tool}` : `~ ${d.tool} (depends on the input: ${d.policies.join(", ")})`));
        out.push(`${pad}${INDENT}→ ${who}: ${may.length > 0 ? `${may.join("; ")}; nothing else` : "✗ no tool"}`);
    }
    out.push(...cedar.notes.map((n) => `${pad}${INDENT}note: ${n}`));
    return out;
}

function roleLines(r: RoleReach): string[] {
    const pad = INDENT.repeat(2);
    const out = [`${pad}Service role "${r.role.name}"${r.arn ? ` (${r.arn})` : ""} can reach:`];
    const add = (title: string, items: string[]) => {
        if (items.length > 0) out.push(`${pad}${INDENT}${title}: ${items.join(", ")}`);
    };
    add("Lambda functions", r.lambdaFunctions);
    add("API methods", r.apiMethods);
    add("policy evaluation", r.policyEngine);
    add("KMS keys", r.kmsKeys);
    add("other", r.other);
    add("not known yet", r.unknown);
    return out;
}

function gatewayLines(g: GatewayAccess): string[] {
    const pad = INDENT.repeat(2);
    const where = [g.account ? `account ${g.account}` : undefined, g.inboundAuth ? `inbound ${g.inboundAuth}` : undefined, g.arn ?? "ARN known at `pulumi up`"].filter((x) => x !== undefined);
    const source = { deployed: "resource-based policy", declared: "resource-based policy as its component declared it (unknown at this preview)", unknown: "resource-based policy, unknown until `pulumi up`", none: "no resource-based policy" }[g.invokers.source];
    const out = [`${INDENT}Gateway "${g.name ?? g.gateway.name}" (${where.join(", ")})`, `${pad}Callers admitted (${source}):`];
    if (g.invokers.principals.length === 0) out.push(`${pad}${INDENT}(none named)`);
    for (const p of g.invokers.principals) {
        const side = p.kind === "anyone" ? (g.jwt ? "any holder of a valid token, under the conditions shown" : "anyone, under the conditions shown") : p.identityPolicy === "allows" ? "its own policy allows InvokeGateway" : p.identityPolicy === "does-not-allow" ? "but its own policy does not allow InvokeGateway" : "role not in this stack";
        out.push(`${pad}${INDENT}✓ ${principalText(p)} (${side})`);
    }
    out.push(...g.invokers.notes.map((n) => `${pad}${INDENT}note: ${n}`));
    out.push(`${pad}Tools: ${g.tools.length > 0 ? g.tools.map((t) => t.action).join(", ") : "(none known)"}`);
    if (g.toolCallAudit) out.push(`${pad}${toolCallAuditText(g.toolCallAudit)}`);
    if (g.cedar) out.push(...cedarLines(g.cedar));
    for (const r of g.serviceRoles) out.push(...roleLines(r));
    return out;
}

/** I14: does CloudTrail record who called which tool? */
function toolCallAuditText(a: ToolCallAudit): string {
    const trails = a.trails.map((t) => `Trail "${t.name}"`).join(", ");
    if (a.audited === "yes") return `Tool calls audited: ✓ InvokeGateway data events recorded by ${trails}`;
    if (a.audited === "unknown") return `Tool calls audited: ~ known at \`pulumi up\` (${a.why})`;
    return `Tool calls audited: ✗ ${a.why} (an organization trail outside this stack may record them: add the hub's auditSelector to it)`;
}

function restApiLines(a: RestApiAccess): string[] {
    const pad = INDENT.repeat(2);
    const exposed = a.exposedBy.length > 0 ? `, exposed by ${a.exposedBy.map(label).join(", ")}` : "";
    const out = [`${INDENT}REST API "${a.api.name}"${a.id ? ` (${a.id})` : ""}${exposed}`];
    for (const { principal, resources } of a.allows) out.push(`${pad}allows ${principalText(principal)} on ${resources.join(", ")}`);
    for (const { principal, resources } of a.denies) out.push(`${pad}denies ${principalText(principal)} on ${resources.join(", ")}`);
    if (a.methods.length > 0) out.push(`${pad}methods: ${a.methods.map((m) => `${m.method} ${m.path} ${m.authorization}`).join("; ")}`);
    out.push(...a.notes.map((n) => `${pad}note: ${n}`));
    return out;
}

function accessSection(report: CheckReport): string[] {
    const { gateways, restApis } = report.access;
    if (gateways.length === 0 && restApis.length === 0) return ["Access: no AgentCore gateway or REST API in this stack"];
    return ["Access (who can reach what)", ...gateways.flatMap(gatewayLines), ...restApis.flatMap(restApiLines)];
}

function resultLine(report: CheckReport): string {
    const seconds = (report.timings.totalMs / 1000).toFixed(1);
    const deferred = report.program.mode === "preview" ? `, ${plural(report.counts.deferred, "check")} deferred to \`pulumi up\`` : "";
    return report.passed
        ? `Result: PASS (no mandatory violation${deferred}) in ${seconds} s`
        : `Result: FAIL (${plural(report.counts.violations, "mandatory violation")}${deferred}) in ${seconds} s`;
}

export function renderText(report: CheckReport): string {
    const advisories = report.advisories.map((a) => `${INDENT}• ${a.policy} on ${label(a.resource)}: ${a.message}`);
    const sections = [
        header(report),
        resourcesSection(report),
        report.logs.length > 0 ? [`Program log (${plural(report.logs.length, "line")} of pulumi.log)`, ...programLogLines(report.logs, INDENT)] : [],
        violationsSection(report),
        deferredSection(report),
        advisories.length > 0 ? ["Advisories", ...advisories] : [],
        accessSection(report),
        outcomeSection(report),
        [resultLine(report)],
    ];
    return sections.filter((s) => s.length > 0).map((s) => s.join("\n")).join("\n\n") + "\n";
}
