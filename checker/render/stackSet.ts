import { CrossStackAccess, CrossStackReach } from "../access/crossStackTypes";
import type { StackSetEntry, StackSetReport } from "../cli/stackSet";
import { renderJsonFailure } from "./json";
import { renderSarif, renderSarifFailure } from "./sarif";
import { renderText } from "./text";

/**
 * A set of stacks checked together: each stack's own report (text, JSON or SARIF, as for one
 * program), then the access summary across them.
 */

const INDENT = "  ";

function decisionMark(decision: string): string {
    return decision === "allowed" ? "✓" : decision === "conditional" ? "~" : "✗";
}

function reachLines(r: CrossStackReach): string[] {
    const role = `${r.roleArn}${r.roleArnSource === "built" ? " (built from account, path and name)" : ""}`;
    const door = r.admittedBy === undefined ? "not admitted by the resource-based policy" : r.admittedBy === "same account" ? "same account (identity policy)" : `admitted as ${r.admittedBy}`;
    const tools = r.tools.length === 0 ? "no tool known" : r.tools.map((t) => `${decisionMark(t.decision)} ${t.tool}${t.policies.length > 0 ? ` (${t.policies.join(", ")})` : ""}`).join("; ");
    return [
        `${INDENT}${INDENT}${r.reachable ? "→" : "✗"} ${role} [${r.callerStack}], ${door}`,
        `${INDENT}${INDENT}${INDENT}${tools}`,
        ...r.notes.map((n) => `${INDENT}${INDENT}${INDENT}${n}`),
    ];
}

export function crossStackLines(access: CrossStackAccess): string[] {
    const lines = [`Across stacks (who can reach what): ${access.stacks.join(", ")}`];
    const byGateway = new Map<string, CrossStackReach[]>();
    for (const r of access.reaches) byGateway.set(`${r.hubStack}\u0000${r.gatewayArn}`, [...(byGateway.get(`${r.hubStack}\u0000${r.gatewayArn}`) ?? []), r]);
    if (byGateway.size === 0) lines.push(`${INDENT}No caller role of these stacks names a gateway of these stacks.`);
    for (const rows of byGateway.values()) {
        const g = rows[0];
        lines.push(`${INDENT}Gateway "${g.gatewayName ?? g.gateway.name}" of ${g.hubStack} (${g.gatewayArn}, as after its pulumi up)`);
        for (const r of rows) lines.push(...reachLines(r));
    }
    lines.push(...access.notes.map((n) => `${INDENT}${n}`));
    return lines;
}

function entryText(e: StackSetEntry): string {
    if ("report" in e) return renderText(e.report);
    return [`agentcore-hub check ${e.dir} (${e.stack})`, `${INDENT}could not be checked: ${e.failure.message}`, ...e.failure.errors.flatMap((m) => m.split("\n")).map((l) => `${INDENT}${INDENT}${l}`), ""].join("\n");
}

export function renderStackSetText(set: StackSetReport): string {
    const parts = set.stacks.map(entryText);
    const verdict = set.exitCode === 0 ? "PASS" : set.exitCode === 1 ? "FAIL (mandatory violations)" : "ERROR (a stack could not be checked)";
    parts.push([...crossStackLines(set.access), "", `Stacks: ${set.stacks.length}, result: ${verdict}`, ""].join("\n"));
    return parts.join("\n");
}

export function renderStackSetJson(set: StackSetReport): string {
    const stacks = set.stacks.map((e) => ("report" in e ? e : { stack: e.stack, dir: e.dir, error: (JSON.parse(renderJsonFailure(e.failure)) as { error: unknown }).error }));
    return JSON.stringify({ ...set, stacks }, null, 2) + "\n";
}

/** One SARIF run per stack (each with its own automation id), in one log. */
export function renderStackSetSarif(set: StackSetReport, version: string): string {
    const logs = set.stacks.map((e) => JSON.parse("report" in e ? renderSarif(e.report) : renderSarifFailure(e.failure, version)) as { $schema: string; version: string; runs: object[] });
    return JSON.stringify({ $schema: logs[0]?.$schema, version: logs[0]?.version, runs: logs.flatMap((l) => l.runs) }, null, 2) + "\n";
}
