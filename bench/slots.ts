import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { startPolicyPackFor } from "../checker/engine/analyzerClient";
import { CapturedStack } from "../checker/engine/capture";
import { Workload, runWorkload } from "./workloads";

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

/**
 * (2) The policy pack over the Analyzer protocol: time to analyze the workload's registrations
 * (`analyze` per resource plus `analyzeStack`) with our pack, divided by the same with an empty
 * pack (tests/fixtures/echo-pack is a starting point), both through checker/engine/analyzerClient.
 */
export const packEvaluation: MeasureSlot = {
    id: "packEvaluation",
    title: "pack / empty pack",
    describe: "Analyzer-protocol evaluation time of the policy pack divided by that of an empty pack, same registrations (preview mode).",
    measure: measurePackEvaluation,
};

/** Wall time of one full analysis (every `Analyze`, then `AnalyzeStack`) of `stack` by the pack in `packDir`. */
async function analysisMs(packDir: string, stack: CapturedStack): Promise<number> {
    const session = await startPolicyPackFor(packDir, stack);
    try {
        await session.check(stack); // warm-up: first calls load code paths and JIT
        const started = performance.now();
        await session.check(stack);
        return performance.now() - started;
    } finally {
        await session.close();
    }
}

async function measurePackEvaluation(ctx: SlotContext): Promise<SlotResult> {
    const pack = path.join(ctx.repositoryRoot, "dist", "policypack");
    if (!fs.existsSync(path.join(pack, "PulumiPolicy.yaml"))) return { status: "not-built", reason: "dist/policypack is missing: run npm run build" };
    const stack = await runWorkload(ctx.workload, "preview");
    const empty = await analysisMs(path.join(ctx.repositoryRoot, "bench", "empty-pack"), stack);
    const ours = await analysisMs(pack, stack);
    return { status: "measured", value: Number((ours / empty).toFixed(2)), unit: "x", detail: `${Math.round(ours)} ms vs ${Math.round(empty)} ms for ${stack.resources.length} registrations` };
}

/** (4) `agentcore-hub check <dir>` end to end, as a user runs it: wall time of the whole command. */
export const checkEndToEnd: MeasureSlot = {
    id: "checkEndToEnd",
    title: "check e2e",
    describe: "Wall time of `agentcore-hub check <program dir>` end to end (program under mocks, pack over the Analyzer protocol, report).",
    measure: measureCheckEndToEnd,
};

/** The program directory `agentcore-hub check` runs for a workload. */
function programDirectory(ctx: SlotContext): string {
    return ctx.workload.source.kind === "directory" ? ctx.workload.source.dir : path.join(ctx.repositoryRoot, "bench", "programs", ctx.workload.id);
}

/**
 * Runs the command as a user does, under GNU time for wall time and peak RSS (the largest of the
 * checker and the pack it waits for). The first run fills the checker's caches; the second is
 * the figure, as a user's every run after the first.
 */
async function measureCheckEndToEnd(ctx: SlotContext): Promise<SlotResult> {
    const bin = path.join(ctx.repositoryRoot, "bin", "agentcore-hub.js");
    if (!fs.existsSync("/usr/bin/time")) return { status: "not-built", reason: "GNU time (/usr/bin/time) is not installed" };
    const run = () => spawnSync("/usr/bin/time", ["-f", "%e %M", process.execPath, bin, "check", programDirectory(ctx), "--format", "json"], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    let result = run();
    if (result.status === 0 || result.status === 1) result = run();
    if (result.status !== 0 && result.status !== 1) return { status: "failed", error: `exit ${result.status}: ${result.stderr.slice(-500)}` };
    const [seconds, maxRssKb] = result.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    return { status: "measured", value: Math.round(seconds * 1000), unit: "ms", detail: `peak RSS ${Math.round(maxRssKb / 1024)} MB` };
}

export const SLOTS: readonly MeasureSlot[] = [packEvaluation, checkEndToEnd];
