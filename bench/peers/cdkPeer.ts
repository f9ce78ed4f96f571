import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TimedRun, timedNode } from "../timedProcess";
import { LARGE, TopologySpec } from "../workloads/topology";
import type { WorkloadId } from "../workloads/ids";

/** The command that installs the peer (package.json `bench:peer-install`). */
export const PEER_INSTALL_COMMAND = "npm run bench:peer-install";

/**
 * The reference example's shape (examples/hub-and-spoke) as a topology: one Lambda and one REST
 * target with two operations, two spoke accounts with one caller role each, granted by exact
 * role, three Cedar policies.
 */
export const REFERENCE_PEER: TopologySpec = {
    id: "reference",
    lambdaTargets: 1,
    restTargets: 1,
    operationsPerRestTarget: 2,
    spokeAccounts: 2,
    rolesPerAccount: 1,
    grantBy: "role",
    cedarPolicies: 3,
};

/** The workloads the peer is run beside, and the size it is given for each. */
export const PEER_SIZES: Partial<Record<WorkloadId, TopologySpec>> = { reference: REFERENCE_PEER, l: LARGE };

/** What the peer app prints (bench/peers/cdk/app.js). */
export interface PeerSummary {
    stacks: number;
    resources: number;
    nagViolations: number;
    validation: "passed" | "failed";
}

export function peerDirectory(repositoryRoot: string): string {
    return path.join(repositoryRoot, "bench", "peers", "cdk");
}

/** The packages app.js requires, each of which must resolve from the peer's directory. */
const PEER_PACKAGES = ["aws-cdk-lib", "@aws-cdk/aws-bedrock-agentcore-alpha", "cdk-nag", "constructs"];

/** Undefined when installed, else the packages missing. */
export function missingPeerPackages(repositoryRoot: string): string[] {
    const dir = peerDirectory(repositoryRoot);
    return PEER_PACKAGES.filter((p) => !fs.existsSync(path.join(dir, "node_modules", p, "package.json")));
}

/**
 * One `synth + cdk-nag` of the peer at `spec`, in a fresh process, into a fresh cloud assembly
 * directory (removed after). cdk-nag's findings fail the synth as they fail `cdk synth`; a
 * synth that completed either way is a run, anything else is thrown.
 */
export async function runPeer(repositoryRoot: string, spec: TopologySpec): Promise<TimedRun & { summary: PeerSummary }> {
    const dir = peerDirectory(repositoryRoot);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "agentcore-bench-cdk-out-"));
    try {
        const run = await timedNode([path.join(dir, "app.js"), JSON.stringify(spec), outdir], "peer", { cwd: dir });
        if (run.exitCode !== 0) throw new Error(`CDK peer (${spec.id}) exited ${run.exitCode}: ${run.stderrTail}`);
        const summary = JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as PeerSummary;
        return { ...run, summary };
    } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
    }
}
