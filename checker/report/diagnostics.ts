import type { PolicyDiagnostic } from "../engine/analyzerClient";
import type { DeploymentOutcome } from "../engine/deployment";
import type { CapturedResource } from "../engine/types";
import { Advisory, DeferredCheck, ResourceRef, Violation } from "./types";

/** The pack's advisory policy that names the checks deferred to `pulumi up` (policypack/policies/deferredReport.ts). */
export const DEFERRED_POLICY = "agentcore-deferred-to-update";

/** `@pulumi/policy` turns a policy that read an unknown value into this advisory (BRIEF §4). */
const CANT_RUN = /^can't run policy '([^']+)' from policy pack '[^']*' during preview: ([\s\S]*)$/;
/** The deferred report's message: `[deferred by <policy>] item; item`. */
const DEFERRED_BY = /^\[deferred by ([^\]]+)\] ([\s\S]*)$/;
/** The pack's violation text: `[I4] message Fix: fix` (policypack/policies/framework.ts violationText). */
const VIOLATION = /^\[(I\d+)\] ([\s\S]*?)(?: Fix: ([\s\S]*))?$/;

export interface ClassifiedDiagnostics {
    violations: Violation[];
    deferred: DeferredCheck[];
    advisories: Advisory[];
}

/** `@pulumi/policy` sends `<description>\n<message>`; the description is the policy's, not the finding's. */
function findingText(d: PolicyDiagnostic): string {
    const prefix = `${d.description}\n`;
    return d.description !== "" && d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message;
}

function refFor(urn: string, byUrn: ReadonlyMap<string, CapturedResource>): ResourceRef {
    const r = byUrn.get(urn);
    if (r !== undefined) return { urn, name: r.name, type: r.type };
    const parts = urn.split("::");
    return { urn, name: parts.slice(3).join("::"), type: (parts[2] ?? "").split("$").pop() ?? "" };
}

/** Which call found a diagnostic, and whether (an update's stack check) the change was already applied. */
export interface FoundBy {
    analysis: Violation["analysis"];
    foundAfterApply: boolean;
}

function violationOf(d: PolicyDiagnostic, resource: ResourceRef, found: FoundBy): Violation {
    const text = findingText(d);
    const m = VIOLATION.exec(text);
    const base = { policy: d.policyName, analysis: found.analysis, ...(found.foundAfterApply ? { foundAfterApply: true as const } : {}), enforcementLevel: d.enforcementLevel, resource };
    if (m === null) return { ...base, message: text };
    return m[3] === undefined ? { ...base, invariant: m[1], message: m[2] } : { ...base, invariant: m[1], message: m[2], fix: m[3] };
}

/**
 * Sorts the pack's diagnostics into mandatory violations, checks deferred to `pulumi up` (the
 * pack's own report, and policies the engine could not run during preview), and other advisories.
 */
export function classifyDiagnostics(
    diagnostics: readonly PolicyDiagnostic[],
    resources: readonly CapturedResource[],
    found: FoundBy,
    out: ClassifiedDiagnostics = { violations: [], deferred: [], advisories: [] },
): ClassifiedDiagnostics {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const d of diagnostics) {
        if (d.enforcementLevel === "disabled") continue;
        const resource = refFor(d.urn, byUrn);
        const text = findingText(d);
        if (d.enforcementLevel === "mandatory" || d.enforcementLevel === "remediate") {
            out.violations.push(violationOf(d, resource, found));
            continue;
        }
        const cantRun = CANT_RUN.exec(d.message);
        const deferredBy = d.policyName === DEFERRED_POLICY ? DEFERRED_BY.exec(text) : null;
        if (cantRun !== null) out.deferred.push({ policy: cantRun[1], resource, items: [cantRun[2]], reportedBy: "engine" });
        else if (deferredBy !== null) out.deferred.push({ policy: deferredBy[1], resource, items: deferredBy[2].split("; "), reportedBy: "pack" });
        else out.advisories.push({ policy: d.policyName, resource, message: text });
    }
    return out;
}

/** The diagnostics of a deployment: Analyze's (before each step), then AnalyzeStack's when it ran. */
export function classifyOutcome(outcome: DeploymentOutcome, resources: readonly CapturedResource[]): ClassifiedDiagnostics {
    const out = classifyDiagnostics(outcome.analyzed.flatMap((a) => a.diagnostics), resources, { analysis: "resource", foundAfterApply: false });
    if (!outcome.stack.ran) return out;
    return classifyDiagnostics(outcome.stack.diagnostics, resources, { analysis: "stack", foundAfterApply: outcome.stack.foundAfterApply }, out);
}
