import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Workload ids and paths, without loading Pulumi or the components: the benchmark's parent
 * process and its argument parsing use these, so a child's measured load time is its own.
 */
export const WORKLOAD_IDS = ["reference", "m", "l"] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export function isWorkloadId(value: string): value is WorkloadId {
    return (WORKLOAD_IDS as readonly string[]).includes(value);
}

/** The repository root (the directory of our package.json), from source or from dist/. */
export function repositoryRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: unknown }).name === "pulumi-agentcore-hub") return dir;
        if (path.dirname(dir) === dir) throw new Error(`no pulumi-agentcore-hub package.json above ${from}`);
    }
}
