import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { ProcessPeak, ProcessRole, collectPeaks, probeSetup } from "./processPeaks";

/** One command run by the bench: its wall time, exit code, stdout, and each Node process's peak RSS. */
export interface TimedRun {
    wallMs: number;
    exitCode: number | null;
    stdout: string;
    stderrTail: string;
    processes: ProcessPeak[];
}

const STDERR_TAIL = 4000;

/**
 * Runs `node <args>` with the peak-RSS probe preloaded in it and every Node process it starts.
 * Wall time is from spawn to exit, as a CI step sees it.
 */
export function timedNode(args: readonly string[], role: ProcessRole, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TimedRun> {
    const probe = probeSetup();
    const env = { ...probe.env, ...options.env, NODE_OPTIONS: probe.env.NODE_OPTIONS };
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
        child.once("error", reject);
        child.once("close", (code) => {
            const wallMs = performance.now() - started;
            resolve({ wallMs, exitCode: code, stdout: Buffer.concat(out).toString(), stderrTail: stderr, processes: collectPeaks(probe, child.pid, role) });
        });
    });
}
