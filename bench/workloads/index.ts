import * as path from "node:path";
import { CapturedStack, EngineMode, runUnderMocks } from "../../checker/engine/capture";
import { runProgramFile } from "../../checker/engine/programFile";
import { WorkloadId, repositoryRoot } from "./ids";
import { LARGE, MEDIUM, TopologySpec, topologyProgram } from "./topology";

export * from "./accounts";
export * from "./ids";
export * from "./topology";

/** Where a workload's program comes from: a function in this process, or a Pulumi project directory. */
export type WorkloadSource =
    | { kind: "function"; spec: TopologySpec }
    | { kind: "directory"; dir: string };

export interface Workload {
    id: WorkloadId;
    title: string;
    source: WorkloadSource;
}

export const WORKLOADS: Readonly<Record<WorkloadId, Workload>> = {
    reference: {
        id: "reference",
        title: "examples/hub-and-spoke as a program directory through ts-node (2 targets, 2 spokes, 3 Cedar policies)",
        source: { kind: "directory", dir: path.join(repositoryRoot(), "examples", "hub-and-spoke") },
    },
    m: { id: "m", title: "20 targets, 50 consumer roles in 10 accounts (exact grants), 20 Cedar policies", source: { kind: "function", spec: MEDIUM } },
    l: { id: "l", title: "100 targets, 1,000 roles in 100 accounts (path grants), 200 Cedar policies", source: { kind: "function", spec: LARGE } },
};

/** Runs a workload once under the mock engine: a first preview, or an update with every output known. */
export function runWorkload(w: Workload, mode: EngineMode): Promise<CapturedStack> {
    if (w.source.kind === "directory") return runProgramFile(w.source.dir, { mode });
    return runUnderMocks(topologyProgram(w.source.spec), { mode, project: `agentcore-bench-${w.id}`, stack: mode });
}
