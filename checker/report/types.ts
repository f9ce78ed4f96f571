import type { EngineMode } from "../engine/types";
import type { AccessSummary } from "../access/types";

/**
 * The checker's report: what `agentcore-hub check --format json` prints and what `runCheck`
 * returns. The shape is a contract for CI scripts and the bench (README "Offline checker"):
 * fields are only added, never renamed; `schemaVersion` changes on anything incompatible.
 */
export interface CheckReport {
    schemaVersion: 1;
    tool: { name: "agentcore-hub"; version: string };
    program: ProgramInfo;
    policyPack: PolicyPackInfo;
    /** True when no mandatory violation was found (exit code 0). */
    passed: boolean;
    counts: { resources: number; violations: number; deferred: number; advisories: number };
    resources: ResourceGroup[];
    violations: Violation[];
    deferred: DeferredCheck[];
    /** Advisory diagnostics that are neither violations nor deferred checks. */
    advisories: Advisory[];
    access: AccessSummary;
    /** Provider functions the program called that the checker answered offline (token list). */
    emulatedInvokes: string[];
    timings: Timings;
}

export interface ProgramInfo {
    /** The program directory as given on the command line, resolved. */
    dir: string;
    /** The file that was run (its entry), for SARIF locations. */
    entry: string;
    project: string;
    stack: string;
    /** `preview`: a first `pulumi preview` (unknown ids); `update`: `pulumi up` with synthesized outputs. */
    mode: EngineMode;
}

export interface PolicyPackInfo {
    dir: string;
    name: string;
    version: string;
    policies: { name: string; description: string; enforcementLevel: string }[];
}

export interface ResourceRef {
    urn: string;
    name: string;
    type: string;
}

/** The custom resources of one top-level component (or of the stack itself) in one account. */
export interface ResourceGroup {
    /** The outermost component the resources belong to; undefined for resources declared at the top of the program. */
    component?: ResourceRef;
    /** The account of the resources' provider; `default credentials` when the provider names none. */
    account: string;
    region: string;
    resources: ResourceRef[];
}

export interface Violation {
    policy: string;
    /** `I1`…`I12` when the policy names one. */
    invariant?: string;
    enforcementLevel: string;
    resource: ResourceRef;
    message: string;
    fix?: string;
}

/** A check that cannot be decided at this preview and runs at `pulumi up`. */
export interface DeferredCheck {
    /** The policy whose check is deferred. */
    policy: string;
    resource: ResourceRef;
    /** What is deferred, one sentence per item. */
    items: string[];
    /** `pack`: reported by the pack's `agentcore-deferred-to-update` policy; `engine`: a policy the engine could not run during preview. */
    reportedBy: "pack" | "engine";
}

export interface Advisory {
    policy: string;
    resource: ResourceRef;
    message: string;
}

export interface Timings {
    /** From the start of the check to the report, milliseconds. */
    totalMs: number;
    /** Running the program under the mock engine. */
    programMs: number;
    /** Spawning the pack until it answered `Configure` (runs alongside the program). */
    packStartMs: number;
    /** Analyze and AnalyzeStack over every resource. */
    analyzeMs: number;
    accessMs: number;
}
