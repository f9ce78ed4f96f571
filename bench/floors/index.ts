import * as fs from "node:fs";
import * as path from "node:path";
import type { CapturedStack } from "../../checker/engine/types";
import { peakOf } from "../processPeaks";
import { timedNode } from "../timedProcess";
import { PackInFlight, packInFlight } from "./packInFlight";
import { replayInput, writeReplayInput } from "./registrations";
import type { ReplayFigures } from "./sdkReplayChild";

/** The floors of one workload, each measured once in its own process. */
export interface Floors {
    /** The registrations replayed through @pulumi/pulumi with the SDK's mock monitor (sdkReplayChild.ts). */
    sdkReplay: ReplayFigures & { msPerRegistration: number; peakRssMb: number | undefined };
    /** Building the same inputs in plain JavaScript, no SDK (same process, before the SDK loads). */
    pureJsMs: number;
    /** bench/empty-pack driven with the run's requests in flight (packInFlight.ts). */
    emptyPack: PackInFlight;
    /** Our compiled pack driven the same way: the pack's own cost against the empty-pack floor. */
    pack: PackInFlight;
}

/** Runs the floors over the registrations of `stack` (the workload as the checker captures it at a preview). */
export async function measureFloors(repositoryRoot: string, stack: CapturedStack): Promise<Floors> {
    const child = path.join(repositoryRoot, "dist", "bench", "floors", "sdkReplayChild.js");
    if (!fs.existsSync(child)) throw new Error(`${child} is missing: run npm run build`);
    const file = writeReplayInput(replayInput(stack));
    let replay: Floors["sdkReplay"];
    try {
        const run = await timedNode([child, file], "floor");
        if (run.exitCode !== 0) throw new Error(`SDK replay exited ${run.exitCode}: ${run.stderrTail}`);
        const figures = JSON.parse(run.stdout.trim()) as ReplayFigures;
        replay = { ...figures, msPerRegistration: figures.replayMs / figures.registrations, peakRssMb: peakOf(run.processes, "floor") };
    } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
    const emptyPack = await packInFlight(path.join(repositoryRoot, "bench", "empty-pack"), stack);
    const pack = await packInFlight(path.join(repositoryRoot, "dist", "policypack"), stack);
    return { sdkReplay: replay, pureJsMs: replay.pureJsMs, emptyPack, pack };
}
