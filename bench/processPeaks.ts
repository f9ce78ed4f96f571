import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PeakRssRecord } from "./probe/peakRss";
import { repositoryRoot } from "./workloads/ids";

/** Which process of a run a record is. */
export type ProcessRole = "checker" | "pack" | "floor" | "peer" | "other";

export interface ProcessPeak {
    role: ProcessRole;
    /** The process's script, relative to the repository when inside it. */
    script: string;
    peakRssMb: number;
    /** False when the process never reached its 'exit' event (killed): the figure is its last 100 ms sample. */
    exitedNormally: boolean;
}

/** A directory the probe writes into for one run, and the environment that loads the probe. */
export interface ProbeSetup {
    dir: string;
    env: NodeJS.ProcessEnv;
}

/** The compiled probe: a preload must be JavaScript, so `npm run build` comes first (npm run bench does). */
export function probeModule(): string {
    const file = path.join(repositoryRoot(), "dist", "bench", "probe", "peakRss.js");
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build`);
    return file;
}

/** `NODE_OPTIONS` with the probe first, then whatever `nodeOptions` already holds. */
export function withProbe(nodeOptions: string | undefined): string {
    const preload = `--require ${JSON.stringify(probeModule())}`;
    return nodeOptions === undefined || nodeOptions === "" ? preload : `${preload} ${nodeOptions}`;
}

export function probeSetup(): ProbeSetup {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agentcore-bench-rss-"));
    return { dir, env: { ...process.env, AGENTCORE_BENCH_RSS_DIR: dir, NODE_OPTIONS: withProbe(process.env.NODE_OPTIONS) } };
}

function roleOf(record: PeakRssRecord, rootPid: number | undefined, rootRole: ProcessRole): ProcessRole {
    if (record.pid === rootPid) return rootRole;
    // analyzerClient.ts spawns the pack as `node …/@pulumi/pulumi/cmd/run-policy-pack …`.
    if (/run-policy-pack/.test(record.script)) return "pack";
    return "other";
}

/**
 * The records of a run, then the directory removed. `rootPid` is the process the bench started
 * (its role is `rootRole`); a pack is recognized by its script; anything else is `other`.
 */
export function collectPeaks(setup: ProbeSetup, rootPid: number | undefined, rootRole: ProcessRole): ProcessPeak[] {
    const root = repositoryRoot();
    const peaks = fs.readdirSync(setup.dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(fs.readFileSync(path.join(setup.dir, f), "utf8")) as PeakRssRecord)
        .map((r): ProcessPeak => ({
            role: roleOf(r, rootPid, rootRole),
            script: r.script.startsWith(root) ? path.relative(root, r.script) : r.script,
            peakRssMb: Math.round(r.peakKb / 1024),
            exitedNormally: r.final,
        }));
    fs.rmSync(setup.dir, { recursive: true, force: true });
    return peaks;
}

/** The peak of the one process of `role` (the largest if several), or undefined. */
export function peakOf(peaks: readonly ProcessPeak[], role: ProcessRole): number | undefined {
    const of = peaks.filter((p) => p.role === role).map((p) => p.peakRssMb);
    return of.length === 0 ? undefined : Math.max(...of);
}
