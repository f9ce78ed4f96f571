import * as path from "node:path";
import { TimedRun, timedNode } from "./timedProcess";

/**
 * `agentcore-hub check <dir> --format json` as a user runs it (bin/agentcore-hub.js, compiled
 * dist/), once. Exit 0 (passed) and 1 (violations) are both a completed check; anything else
 * is a failure of the run, thrown with the tail of its stderr.
 */
export async function runCheckCommand(repositoryRoot: string, programDir: string): Promise<TimedRun> {
    const bin = path.join(repositoryRoot, "bin", "agentcore-hub.js");
    const run = await timedNode([bin, "check", programDir, "--format", "json"], "checker");
    if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`agentcore-hub check ${programDir} exited ${run.exitCode}: ${run.stderrTail}`);
    // The report must be one JSON document: a check that printed something else did not complete.
    JSON.parse(run.stdout);
    return run;
}
