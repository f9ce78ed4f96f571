/**
 * Preloaded (`NODE_OPTIONS=--require …/peakRss.js`) into every Node process of a measured run:
 * the checker, the policy pack it spawns (which inherits NODE_OPTIONS: analyzerClient.ts
 * packEnvironment), a floor or a peer. Each process writes its own peak resident set size to
 * `$AGENTCORE_BENCH_RSS_DIR/<pid>.json`, so a run's figures are per process, not the largest
 * of a process tree as GNU time's %M is. No imports beyond node: it loads before everything.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One process's record, as processPeaks.ts reads it. */
export interface PeakRssRecord {
    pid: number;
    ppid: number;
    /** The script the process runs (argv[1]), to tell the checker from its pack. */
    script: string;
    /** Peak RSS in kB: VmHWM from /proc/self/status, or getrusage's maxRSS where /proc is absent. */
    peakKb: number;
    /** True once the process wrote it from its 'exit' event (false: the last periodic sample). */
    final: boolean;
}

function peakKb(): number {
    try {
        const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
        if (match) return Number(match[1]);
    } catch (err) {
        // No procfs (not Linux): getrusage's maxRSS is the same high-water mark, in kB.
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    return process.resourceUsage().maxRSS;
}

const dir = process.env.AGENTCORE_BENCH_RSS_DIR;
if (dir !== undefined && dir !== "") {
    const file = path.join(dir, `${process.pid}.json`);
    const write = (final: boolean) => {
        const record: PeakRssRecord = { pid: process.pid, ppid: process.ppid, script: process.argv[1] ?? "", peakKb: peakKb(), final };
        // Written aside then renamed: the bench may read the file at any moment, never half written.
        const aside = `${file}.tmp`;
        try {
            fs.writeFileSync(aside, JSON.stringify(record));
            fs.renameSync(aside, file);
        } catch (err) {
            // The bench removed the directory: its run is over (a process that outlived it, such as
            // a pack its checker left behind), and nothing reads this process's figure any more.
            if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        }
    };
    write(false);
    // A process killed with SIGKILL has no 'exit' event: the sample before is at most 100 ms old.
    setInterval(() => write(false), 100).unref();
    process.on("exit", () => write(true));
}
