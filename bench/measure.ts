import { performance } from "node:perf_hooks";
import type { EngineMode } from "../checker/engine/capture";
import type { WorkloadId } from "./workloads/ids";

/**
 * What one child process measures for one workload. Each workload runs in its own process so
 * that its peak memory is its own and no module cache or heap is shared between workloads.
 */
export interface ConstructionSample {
    workload: WorkloadId;
    mode: EngineMode;
    /** Registrations the engine saw (root stack, providers, components and custom resources). */
    resources: number;
    customResources: number;
    /** Loading the SDK, providers and components (require), before the first run. */
    loadMs: number;
    /** The first run in a fresh process (includes lazy initialization, JIT warm-up). */
    coldMs: number;
    /** Further runs in the same process. */
    warmMs: number[];
    /** Peak resident set size of the process after the first run, and at the end (MB). */
    peakRssAfterFirstRunMb: number;
    peakRssMb: number;
}

export interface ChildRequest {
    workload: WorkloadId;
    mode: EngineMode;
    warmRuns: number;
}

function peakRssMb(): number {
    // resourceUsage().maxRSS is in kilobytes.
    return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
    const start = performance.now();
    const value = await task();
    return { ms: performance.now() - start, value };
}

/** Runs in the child: loads the workloads module (timed), then runs the workload cold and warm. */
export async function measureConstruction(req: ChildRequest): Promise<ConstructionSample> {
    const loaded = await timed(() => import("./workloads"));
    const { WORKLOADS, runWorkload } = loaded.value;
    const workload = WORKLOADS[req.workload];
    const cold = await timed(() => runWorkload(workload, req.mode));
    const afterFirst = peakRssMb();
    const warmMs: number[] = [];
    for (let i = 0; i < req.warmRuns; i++) warmMs.push((await timed(() => runWorkload(workload, req.mode))).ms);
    return {
        workload: req.workload,
        mode: req.mode,
        resources: cold.value.resources.length,
        customResources: cold.value.resources.filter((r) => r.custom).length,
        loadMs: loaded.ms,
        coldMs: cold.ms,
        warmMs,
        peakRssAfterFirstRunMb: afterFirst,
        peakRssMb: peakRssMb(),
    };
}

export function median(values: readonly number[]): number | undefined {
    if (values.length === 0) return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
