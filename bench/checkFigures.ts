import { median } from "./measure";
import { ProcessPeak, ProcessRole } from "./processPeaks";
import type { TimedRun } from "./timedProcess";

/** Repeated runs of one command: wall times, their median, and each process role's peak RSS. */
export interface RunFigures {
    /** Runs measured, after one discarded warm-up (which fills the checker's caches). */
    runs: number;
    wallMs: number[];
    medianWallMs: number;
    /** Per process role (checker, pack, peer, …): the highest peak RSS over the runs, in MB. */
    peakRssMb: Partial<Record<ProcessRole, number>>;
    /** Processes of the last run, as the probe saw them. */
    processes: ProcessPeak[];
}

export function runFigures(runs: readonly TimedRun[]): RunFigures {
    if (runs.length === 0) throw new Error("no measured run");
    const peakRssMb: Partial<Record<ProcessRole, number>> = {};
    for (const p of runs.flatMap((r) => r.processes)) peakRssMb[p.role] = Math.max(peakRssMb[p.role] ?? 0, p.peakRssMb);
    const wallMs = runs.map((r) => Math.round(r.wallMs));
    return { runs: runs.length, wallMs, medianWallMs: median(wallMs) ?? 0, peakRssMb, processes: runs[runs.length - 1].processes };
}
