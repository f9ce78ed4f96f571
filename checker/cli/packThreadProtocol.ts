import type { AnalysisResult, AnalyzerInfo, PolicyPackOptions } from "../engine/analyzerClient";
import type { PolicyConfigErrorKind } from "../engine/policyConfig";
import type { CapturedResource, CapturedStack, EngineMode } from "../engine/types";

/** The messages between packThread.ts (main thread) and packThreadEntry.ts (its worker). */

export interface PackThreadInput {
    packDir: string;
    options: Omit<PolicyPackOptions, "onSpawned">;
    mode: EngineMode;
    /** One Int32 the thread writes the pack's pid to (0 when there is none). */
    pid: SharedArrayBuffer;
    /** The V8 code cache to load modules from (compileCache.ts), when the checker uses one. */
    codeCache?: string;
}

export type ToThread = { op: "push"; resource: CapturedResource } | { op: "check"; stack: CapturedStack } | { op: "close" };

export type ThreadError = { name: "PolicyConfigError"; kind: PolicyConfigErrorKind; message: string; errors: string[] } | { name: "Error"; message: string };

export type FromThread =
    | { op: "started"; info: AnalyzerInfo; startupMs: number }
    | { op: "startFailed"; error: ThreadError }
    | { op: "result"; result: AnalysisResult }
    | { op: "checkFailed"; error: ThreadError }
    | { op: "closed" };
