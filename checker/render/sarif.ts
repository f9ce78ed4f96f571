import { createHash } from "node:crypto";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CheckFailure } from "../cli/errors";
import { DEFERRED_POLICY } from "../report/diagnostics";
import type { CapturedLog } from "../engine/types";
import { CheckReport, ResourceRef } from "../report/types";
import { logLine } from "./logLines";

/**
 * SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif): one rule per policy of the
 * pack; mandatory violations are `error` results, checks deferred to `pulumi up` `note` results
 * of the deferred-report rule, other advisories `warning`. A Pulumi resource has no source line
 * the engine reports, so each result points at the program's entry file and names the resource
 * by URN as its logical location. A violation's properties say which call found it (`analysis`),
 * whether it stops `pulumi up` (`stopsDeployment`) or was found after the change was applied
 * (`foundAfterApply`); the run's properties carry the engine's verdict (`outcome`).
 */

type SarifLevel = "error" | "warning" | "note";

interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: SarifLevel;
    message: { text: string };
    locations: object[];
    partialFingerprints: Record<string, string>;
    properties?: Record<string, string>;
}

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "SRCROOT";

/** The entry file relative to the working directory (how CI checkouts name it), else as a file URI. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
    const relative = path.relative(process.cwd(), file);
    if (relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative)) return { uri: relative.split(path.sep).join("/"), uriBaseId: SRCROOT };
    return { uri: pathToFileURL(file).href };
}

function fingerprint(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function levelOf(enforcementLevel: string): SarifLevel {
    return enforcementLevel === "mandatory" || enforcementLevel === "remediate" ? "error" : "note";
}

function sarifLog(runs: object[]): string {
    return JSON.stringify({ $schema: SCHEMA, version: "2.1.0", runs }, null, 2) + "\n";
}

function driver(name: string, version: string, rules: object[]): object {
    return { driver: { name, version, informationUri: "https://www.npmjs.com/package/pulumi-agentcore-hub", rules } };
}

export function renderSarif(report: CheckReport): string {
    const policies = report.policyPack.policies;
    const index = new Map(policies.map((p, i) => [p.name, i]));
    const rules = policies.map((p) => ({
        id: p.name,
        shortDescription: { text: p.description },
        help: { text: p.description },
        defaultConfiguration: { level: levelOf(p.enforcementLevel) },
        properties: { enforcementLevel: p.enforcementLevel },
    }));
    const location = artifactLocation(report.program.entry);
    const locate = (r: ResourceRef) => [
        {
            physicalLocation: { artifactLocation: location, region: { startLine: 1 } },
            logicalLocations: [{ name: r.name, fullyQualifiedName: r.urn, kind: "resource" }],
        },
    ];
    const results: SarifResult[] = [];
    const push = (ruleId: string, level: SarifLevel, resource: ResourceRef, text: string, properties?: Record<string, string>) => {
        const ruleIndex = index.get(ruleId);
        if (ruleIndex === undefined) {
            // A diagnostic of a policy the pack did not list: describe it as its own rule.
            index.set(ruleId, rules.length);
            rules.push({ id: ruleId, shortDescription: { text: ruleId }, help: { text: ruleId }, defaultConfiguration: { level }, properties: { enforcementLevel: "unknown" } });
        }
        results.push({
            ruleId,
            ruleIndex: index.get(ruleId) ?? 0,
            level,
            message: { text },
            locations: locate(resource),
            partialFingerprints: { "agentcoreHubResult/v1": fingerprint(ruleId, resource.urn, text) },
            ...(properties ? { properties } : {}),
        });
    };
    for (const v of report.violations) {
        const props: Record<string, string> = { resourceType: v.resource.type, analysis: v.analysis };
        if (v.foundAfterApply) props.foundAfterApply = "true";
        if (report.outcome.stoppedAt?.urn === v.resource.urn) props.stopsDeployment = "true";
        if (v.invariant) props.invariant = v.invariant;
        if (v.fix) props.fix = v.fix;
        push(v.policy, "error", v.resource, `${v.invariant ? `[${v.invariant}] ` : ""}${label(v.resource)}: ${v.message}${v.fix ? ` Fix: ${v.fix}` : ""}`, props);
    }
    for (const d of report.deferred) {
        const text = `Deferred to pulumi up (${d.policy}): ${d.items.join("; ")}`;
        if (d.reportedBy === "pack") push(DEFERRED_POLICY, "note", d.resource, text, { deferredPolicy: d.policy });
        else push(d.policy, "warning", d.resource, text);
    }
    for (const a of report.advisories) push(a.policy, "warning", a.resource, a.message);
    const run = {
        tool: driver(report.tool.name, report.tool.version, rules),
        automationDetails: { id: `agentcore-hub/${report.program.project}/${report.program.stack}/` },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(process.cwd() + path.sep).href } },
        invocations: [{ executionSuccessful: true, ...notifications(report.logs) }],
        results,
        // The engine's verdict (report.outcome): where `pulumi up` would stop, whether stack policies ran.
        properties: { outcome: report.outcome },
    };
    return sarifLog([run]);
}

/** The program's `pulumi.log` lines, as SARIF tool execution notifications (they are about the run, not a finding). */
function notifications(logs: readonly CapturedLog[] | undefined): { toolExecutionNotifications?: object[] } {
    if (logs === undefined || logs.length === 0) return {};
    const level = (l: CapturedLog) => (l.severity === "error" ? "error" : l.severity === "warning" ? "warning" : "note");
    return { toolExecutionNotifications: logs.map((l) => ({ level: level(l), message: { text: logLine(l) }, ...(l.urn !== undefined ? { properties: { urn: l.urn } } : {}) })) };
}

/** Rules of a failed run: our components' construction errors, and any other error of the program. */
export const COMPONENT_ERROR_RULE = "agentcore-hub-construction-error";
export const PROGRAM_ERROR_RULE = "agentcore-hub-program-error";

function failureRules(): object[] {
    return [
        {
            id: COMPONENT_ERROR_RULE,
            shortDescription: { text: "A pulumi-agentcore-hub component refused its arguments before registering anything" },
            help: { text: "Each result is one problem of the component's AgentCoreHubValidationError: the argument, the value, the rule and the fix." },
            defaultConfiguration: { level: "error" },
        },
        {
            id: PROGRAM_ERROR_RULE,
            shortDescription: { text: "The Pulumi program failed under the mock engine" },
            help: { text: "The program threw or logged an error, so nothing could be checked." },
            defaultConfiguration: { level: "error" },
        },
    ];
}

/**
 * Results for a program that failed, at its entry file (the engine reports no line): one per
 * problem of each construction error of our components, one per other error.
 */
function failureResults(failure: CheckFailure): object[] {
    const entry = failure.program.entry;
    if (failure.kind !== "program" || entry === undefined) return [];
    const locations = [{ physicalLocation: { artifactLocation: artifactLocation(entry), region: { startLine: 1 } } }];
    const components = failure.program.componentErrors ?? [];
    const result = (ruleIndex: number, text: string, properties?: Record<string, string>) => ({
        ruleId: ruleIndex === 0 ? COMPONENT_ERROR_RULE : PROGRAM_ERROR_RULE,
        ruleIndex,
        level: "error",
        message: { text },
        locations,
        partialFingerprints: { "agentcoreHubResult/v1": fingerprint(String(ruleIndex), text) },
        ...(properties ? { properties } : {}),
    });
    const componentResults = components.flatMap((c) => {
        const subject = c.message.split("\n")[0].replace(/ has \d+ problems?:$/, "");
        return c.problems.map((p) => result(0, `${subject}: [${p.invariant}] ${p.message} Fix: ${p.fix}`, { invariant: p.invariant, fix: p.fix }));
    });
    const others = failure.errors.filter((e) => !components.some((c) => e.includes(c.message) || c.message.includes(e)));
    // With no error message at all (an invoke that cannot be answered), the failure itself is the result.
    const otherTexts = others.length > 0 || componentResults.length > 0 ? others : [failure.message];
    return [...componentResults, ...otherTexts.map((e) => result(1, e))];
}

function label(r: ResourceRef): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

/** A SARIF log that records a run that could not check anything (exit code 2), for CI uploads. */
export function renderSarifFailure(failure: CheckFailure, version: string): string {
    const text = [failure.message, ...failure.errors].join("\n");
    return sarifLog([
        {
            tool: driver("agentcore-hub", version, failureRules()),
            invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text } }, ...(notifications(failure.program.logs).toolExecutionNotifications ?? [])] }],
            results: failureResults(failure),
        },
    ]);
}
