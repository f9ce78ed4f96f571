/** The offline checker as a library: `runCheck` is what `agentcore-hub check` runs (the bench times it in-process). */
export { runCheck } from "./runCheck";
export type { CheckOptions } from "./runCheck";
export { CheckFailure } from "./errors";
export type { FailureKind } from "./errors";
export { main } from "./main";
export type { CheckReport, Violation, DeferredCheck, Advisory, ResourceGroup, ResourceRef, Timings } from "../report/types";
export type { AccessSummary } from "../access/types";
