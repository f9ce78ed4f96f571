/**
 * The offline checker as a library (`pulumi-agentcore-hub/checker`): `runCheck` is what
 * `agentcore-hub check` runs (the bench times it in-process), with the report's types.
 */
export { runCheck } from "./runCheck";
export type { CheckOptions } from "./runCheck";
export { CheckFailure } from "./errors";
export type { FailureKind, FailedProgram } from "./errors";
export { main } from "./main";
export type { CheckReport, Violation, DeferredCheck, Advisory, ResourceGroup, ResourceRef, Timings } from "../report/types";
export type { AccessSummary } from "../access/types";
export type { ProgramInfo, PolicyPackInfo, EngineOutcome } from "../report/types";
export type { CapturedLog, ComponentError } from "../engine/types";
