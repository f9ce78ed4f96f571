/**
 * The benchmark (`npm run bench`; not part of `npm test`): for the reference example and the
 * M and L topologies, (1) program construction under the mock engine in preview mode, each
 * workload in its own process (wall time cold and warm, peak RSS); (3) how time grows from M
 * to L against how the program grows; and slots for (2) policy-pack evaluation over the
 * Analyzer protocol and (4) `agentcore-hub check` end to end (./slots.ts).
 *
 *   node dist/bench/run.js [--workloads reference,m,l] [--warm 2] [--no-write]
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import { ChildRequest, ConstructionSample, measureConstruction } from "./measure";
import { BenchReport, growth, machineInfo, renderReport, workloadResult, writeReport } from "./report";
import { SLOTS, SlotId, SlotResult } from "./slots";
// Only the light module here: the child process measures loading the rest itself.
import { WORKLOAD_IDS, WorkloadId, isWorkloadId, repositoryRoot } from "./workloads/ids";
import type { Workload } from "./workloads";

interface Options {
    workloads: WorkloadId[];
    warmRuns: number;
    write: boolean;
}

const CHILD_FLAG = "--child";

function parseOptions(argv: readonly string[]): Options {
    const options: Options = { workloads: [...WORKLOAD_IDS], warmRuns: 2, write: true };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--no-write") options.write = false;
        else if (arg === "--warm") options.warmRuns = Number(argv[++i]);
        else if (arg === "--workloads") {
            const ids = (argv[++i] ?? "").split(",");
            const bad = ids.filter((id) => !isWorkloadId(id));
            if (bad.length > 0) throw new Error(`unknown workload(s) ${bad.join(", ")}; known: ${WORKLOAD_IDS.join(", ")}`);
            options.workloads = ids as WorkloadId[];
        } else throw new Error(`unknown argument ${arg}`);
    }
    if (!Number.isInteger(options.warmRuns) || options.warmRuns < 0) throw new Error("--warm takes a whole number");
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

async function runSlots(workload: Workload, root: string): Promise<Partial<Record<SlotId, SlotResult>>> {
    const out: Partial<Record<SlotId, SlotResult>> = {};
    for (const slot of SLOTS) {
        try {
            out[slot.id] = await slot.measure({ workload, repositoryRoot: root });
        } catch (err) {
            out[slot.id] = { status: "failed", error: err instanceof Error ? err.message : String(err) };
        }
    }
    return out;
}

async function main(options: Options): Promise<void> {
    const root = repositoryRoot();
    const { WORKLOADS } = await import("./workloads");
    const results = [];
    for (const id of options.workloads) {
        process.stderr.write(`measuring ${id} ...\n`);
        const sample = await measureInChild({ workload: id, mode: "preview", warmRuns: options.warmRuns });
        results.push(workloadResult(WORKLOADS[id].title, sample, await runSlots(WORKLOADS[id], root)));
    }
    const report: BenchReport = {
        date: new Date().toISOString(),
        machine: machineInfo(),
        mode: "preview",
        workloads: results,
        growth: growth(results.find((r) => r.id === "m"), results.find((r) => r.id === "l")),
        slots: SLOTS.map((s) => ({ id: s.id, title: s.title, describe: s.describe })),
    };
    process.stdout.write(renderReport(report, SLOTS) + "\n");
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
