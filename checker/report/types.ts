import type { CapturedLog, EngineMode } from "../engine/types";
import type { AccessSummary } from "../access/types";
import type { ResourceRef } from "./resourceRef";

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
    /** True when no mandatory violation was found (exit code 0): `outcome.result` is `succeeded`. */
    passed: boolean;
    /** How the Pulumi engine's run would end with these verdicts (checker/engine/deployment.ts). */
    outcome: EngineOutcome;
    counts: { resources: number; violations: number; deferred: number; advisories: number };
    resources: ResourceGroup[];
    violations: Violation[];
    deferred: DeferredCheck[];
    /** Advisory diagnostics that are neither violations nor deferred checks. */
    advisories: Advisory[];
    access: AccessSummary;
    /** What the program logged (`pulumi.log.info/warn/error`, e.g. the grant-form report), in order; debug lines are not kept. */
    logs: CapturedLog[];
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
    /** The `Pulumi.<stack>.yaml` that was read; absent when the stack ran with the project's config defaults only. */
    stackFile?: string;
}

export interface PolicyPackInfo {
    dir: string;
    name: string;
    version: string;
    policies: { name: string; description: string; enforcementLevel: string }[];
}

export type { ResourceRef } from "./resourceRef";

/** The custom resources of one top-level component (or of the stack itself) in one account. */
export interface ResourceGroup {
    /** The outermost component the resources belong to; undefined for resources declared at the top of the program. */
    component?: ResourceRef;
    /** The account of the resources' provider; `default credentials` when the provider names none. */
    account: string;
    region: string;
    resources: ResourceRef[];
}

/**
 * The engine's verdict. `preview` mode is `pulumi preview --policy-pack`: every resource and the
 * stack are analyzed, a mandatory violation fails the preview. `update` mode is the update of
 * `pulumi up --policy-pack` (as with `--skip-preview`): the first mandatory resource violation
 * stops that resource before it is created and the deployment ends there, without stack
 * policies; stack policies otherwise run after every change was applied.
 */
export interface EngineOutcome {
    operation: "pulumi preview" | "pulumi up";
    result: "succeeded" | "failed";
    /** What the engine prints when the run fails: `preview failed` or `update failed`. */
    engineMessage?: string;
    /** An update: the resource whose mandatory violation stopped the deployment before its step. */
    stoppedAt?: ResourceRef;
    /** An update that stopped: the cloud resources registered before `stoppedAt`; their steps were issued, so they may already have been created. */
    appliedBefore: ResourceRef[];
    /** Registrations after `stoppedAt` that the engine never analyzed (their policies did not run). */
    notAnalyzed: ResourceRef[];
    stackAnalysis: "ran" | `not-run (deployment stopped at ${string})`;
}

export interface Violation {
    policy: string;
    /** `resource`: found by Analyze before the resource's step; `stack`: by AnalyzeStack, after every step. */
    analysis: "resource" | "stack";
    /** An update's stack violation: found after the change was applied (nothing was stopped). */
    foundAfterApply?: true;
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
    /** The access summary, computed while the pack analyzes: from the analysis' start to the summary's end. */
    accessMs: number;
}
