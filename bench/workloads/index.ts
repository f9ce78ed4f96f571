import * as fs from "node:fs";
import * as path from "node:path";
import { CapturedStack, EngineMode, runProgramFile, runUnderMocks } from "../../checker/engine/capture";
import { LARGE, MEDIUM, TopologySpec, topologyProgram } from "./topology";

export * from "./accounts";
export * from "./topology";

export type WorkloadId = "reference" | "m" | "l";

/** Where a workload's program comes from: a function in this process, or a Pulumi project directory. */
export type WorkloadSource =
    | { kind: "function"; spec: TopologySpec }
    | { kind: "directory"; dir: string };

export interface Workload {
    id: WorkloadId;
    title: string;
    source: WorkloadSource;
}

/** The repository root (the directory of our package.json), from source or from dist/. */
export function repositoryRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: unknown }).name === "pulumi-agentcore-hub") return dir;
        if (path.dirname(dir) === dir) throw new Error(`no pulumi-agentcore-hub package.json above ${from}`);
    }
}

export const WORKLOADS: Readonly<Record<WorkloadId, Workload>> = {
    reference: {
        id: "reference",
        title: "reference: examples/hub-and-spoke (2 targets, 2 spokes, 3 Cedar policies)",
        source: { kind: "directory", dir: path.join(repositoryRoot(), "examples", "hub-and-spoke") },
    },
    m: { id: "m", title: "M: 20 targets, 50 consumer roles in 10 accounts (exact grants), 20 Cedar policies", source: { kind: "function", spec: MEDIUM } },
    l: { id: "l", title: "L: 100 targets, 1,000 roles in 100 accounts (path grants), 200 Cedar policies", source: { kind: "function", spec: LARGE } },
};

export function isWorkloadId(value: string): value is WorkloadId {
    return value in WORKLOADS;
}

/** Runs a workload once under the mock engine: a first preview, or an update with every output known. */
export function runWorkload(w: Workload, mode: EngineMode): Promise<CapturedStack> {
    if (w.source.kind === "directory") return runProgramFile(w.source.dir, { mode });
    return runUnderMocks(topologyProgram(w.source.spec), { mode, project: `agentcore-bench-${w.id}`, stack: mode });
}
