/**
 * The benchmark (`npm run bench`; not part of `npm test`): for the reference example and the
 * M and L topologies,
 * (1) `agentcore-hub check` end to end as a user runs it: wall time (median of `--rounds` after
 *     a warm-up) and the peak RSS of each process, the checker and its pack (probe/peakRss.ts);
 * (2) its floors: the same registrations replayed through the SDK with a bare monitor, the
 *     same inputs built in plain JavaScript, and an empty pack given the same requests in
 *     flight (floors/), with the check's figures as ratios to them (ratios.ts);
 * (3) beside the CDK peer (bench/peers/cdk: synth + cdk-nag of the same organization) for the
 *     reference size and L, alternating, when the peer is installed (`npm run bench:peer-install`);
 * (4) program construction under the mock engine, each workload in its own process, and how it
 *     grows from M to L.
 *
 *   node dist/bench/run.js [--workloads reference,m,l] [--rounds 3] [--warm 2] [--no-write]
 */
import { fork } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { EndToEnd, measureEndToEnd } from "./endToEnd";
import { Floors, measureFloors } from "./floors";
import { ChildRequest, ConstructionSample, measureConstruction } from "./measure";
import { BenchReport, growth, machineInfo, renderReport, workloadResult, writeReport } from "./report";
// Only the light module here: the child process measures loading the rest itself.
import { WORKLOAD_IDS, WorkloadId, isWorkloadId, repositoryRoot } from "./workloads/ids";
import type { Workload } from "./workloads";

interface Options {
    workloads: WorkloadId[];
    warmRuns: number;
    /** Measured end-to-end rounds after the warm-up (each: one check, and one peer run where it applies). */
    rounds: number;
    write: boolean;
}

const CHILD_FLAG = "--child";

function parseOptions(argv: readonly string[]): Options {
    const options: Options = { workloads: [...WORKLOAD_IDS], warmRuns: 2, rounds: 3, write: true };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--no-write") options.write = false;
        else if (arg === "--warm") options.warmRuns = Number(argv[++i]);
        else if (arg === "--rounds") options.rounds = Number(argv[++i]);
        else if (arg === "--workloads") {
            const ids = (argv[++i] ?? "").split(",");
            const bad = ids.filter((id) => !isWorkloadId(id));
            if (bad.length > 0) throw new Error(`unknown workload(s) ${bad.join(", ")}; known: ${WORKLOAD_IDS.join(", ")}`);
            options.workloads = ids as WorkloadId[];
        } else throw new Error(`unknown argument ${arg}`);
    }
    if (!Number.isInteger(options.warmRuns) || options.warmRuns < 0) throw new Error("--warm takes a whole number");
    if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new Error("--rounds takes a whole number from 1");
    return options;
}

/** Measures one workload in a fresh Node process (same flags as this one, e.g. ts-node when run from source). */
function measureInChild(req: ChildRequest): Promise<ConstructionSample> {
    return new Promise((resolve, reject) => {
        const child = fork(__filename, [CHILD_FLAG, JSON.stringify(req)], { execArgv: process.execArgv });
        let sample: ConstructionSample | undefined;
        child.on("message", (m) => {
            sample = m as ConstructionSample;
        });
        child.on("error", reject);
        child.on("exit", (code) => {
            if (code === 0 && sample) resolve(sample);
            else reject(new Error(`measuring ${req.workload} failed (exit code ${code})`));
        });
    });
}

function failure(err: unknown): { error: string } {
    return { error: err instanceof Error ? err.message : String(err) };
}

/** The floors need the workload's registrations: captured here once, then dropped before the check runs. */
async function floorsOf(workload: Workload, root: string): Promise<Floors | { error: string }> {
    try {
        const { runWorkload } = await import("./workloads");
        return await measureFloors(root, await runWorkload(workload, "preview"));
    } catch (err) {
        return failure(err);
    }
}

async function endToEndOf(workload: Workload, root: string, rounds: number): Promise<EndToEnd | { error: string }> {
    try {
        return await measureEndToEnd(workload, root, rounds);
    } catch (err) {
        return failure(err);
    }
}

async function main(options: Options): Promise<void> {
    const root = repositoryRoot();
    const { WORKLOADS } = await import("./workloads");
    const loadAverageAtStart = os.loadavg();
    const results = [];
    for (const id of options.workloads) {
        process.stderr.write(`measuring ${id}: construction ...\n`);
        const sample = await measureInChild({ workload: id, mode: "preview", warmRuns: options.warmRuns });
        process.stderr.write(`measuring ${id}: floors ...\n`);
        const floors = await floorsOf(WORKLOADS[id], root);
        process.stderr.write(`measuring ${id}: check end to end (${options.rounds} rounds after a warm-up) ...\n`);
        const e2e = await endToEndOf(WORKLOADS[id], root, options.rounds);
        results.push(workloadResult(WORKLOADS[id].title, sample, floors, e2e));
    }
    const report: BenchReport = {
        date: new Date().toISOString(),
        machine: machineInfo(),
        mode: "preview",
        workloads: results,
        growth: growth(results.find((r) => r.id === "m"), results.find((r) => r.id === "l")),
        // Every figure so far was taken on the project's shared development machine.
        sharedMachine: true,
        loadAverageAtStart,
    };
    process.stdout.write(renderReport(report) + "\n");
    if (options.write) {
        for (const file of writeReport(report, path.join(root, "bench", "results"))) process.stdout.write(`wrote ${path.relative(root, file)}\n`);
    }
}

async function child(request: string): Promise<void> {
    const sample = await measureConstruction(JSON.parse(request) as ChildRequest);
    await new Promise<void>((resolve, reject) => process.send!(sample, (err: Error | null) => (err ? reject(err) : resolve())));
    process.disconnect();
}

const args = process.argv.slice(2);
const run = args[0] === CHILD_FLAG ? child(args[1]) : main(parseOptions(args));
run.catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
});
