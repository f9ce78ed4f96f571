import type { Workload } from "./workloads";

/**
 * Measurements that need parts still being built. Each is a slot with a fixed interface: the
 * engineer who lands the part replaces the placeholder below with a real measure, and the
 * report picks it up. A slot that cannot measure says so; it never reports a made-up number.
 */
export type SlotId = "packEvaluation" | "checkEndToEnd";

export type SlotResult =
    | { status: "measured"; value: number; unit: string; detail?: string }
    | { status: "not-built"; reason: string }
    | { status: "failed"; error: string };

export interface SlotContext {
    workload: Workload;
    /** The repository root (where package.json, dist/ and policypack/ are). */
    repositoryRoot: string;
}

export interface MeasureSlot {
    id: SlotId;
    /** Column title in the report. */
    title: string;
    /** What the number means, for the JSON and the README. */
    describe: string;
    measure(ctx: SlotContext): Promise<SlotResult>;
}

function notBuilt(reason: string): MeasureSlot["measure"] {
    return () => Promise.resolve({ status: "not-built", reason });
}

/**
 * (2) The policy pack over the Analyzer protocol: time to analyze the workload's registrations
 * (`analyze` per resource plus `analyzeStack`) with our pack, divided by the same with an empty
 * pack (tests/fixtures/echo-pack is a starting point), both through checker/engine/analyzerClient.
 */
export const packEvaluation: MeasureSlot = {
    id: "packEvaluation",
    title: "pack / empty pack",
    describe: "Analyzer-protocol evaluation time of the policy pack divided by that of an empty pack, same registrations (preview mode).",
    measure: notBuilt("the policy pack is not wired into the benchmark yet"),
};

/** (4) `agentcore-hub check <dir>` end to end, as a user runs it: wall time of the whole command. */
export const checkEndToEnd: MeasureSlot = {
    id: "checkEndToEnd",
    title: "check e2e",
    describe: "Wall time of `agentcore-hub check <program dir>` end to end (program under mocks, pack over the Analyzer protocol, report).",
    measure: notBuilt("the agentcore-hub check command is not built yet"),
};

export const SLOTS: readonly MeasureSlot[] = [packEvaluation, checkEndToEnd];
