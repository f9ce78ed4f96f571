import * as path from "node:path";
import { runCheckCommand } from "./checkCommand";
import { RunFigures, runFigures } from "./checkFigures";
import { PEER_INSTALL_COMMAND, PEER_SIZES, PeerSummary, missingPeerPackages, runPeer } from "./peers/cdkPeer";
import type { TimedRun } from "./timedProcess";
import type { Workload } from "./workloads";
import type { TopologySpec } from "./workloads/topology";

export type PeerResult =
    | { status: "measured"; spec: TopologySpec; summary: PeerSummary; figures: RunFigures }
    | { status: "not-installed"; message: string }
    | { status: "failed"; error: string };

export interface EndToEnd {
    check: RunFigures;
    /** Check runs that did not complete (e.g. a pack that missed its start timeout on a loaded machine), not in the figures. */
    checkFailures?: string[];
    /** Only for workloads with a peer size (peers/cdkPeer.ts PEER_SIZES). */
    peer?: PeerResult;
}

/** The program directory `agentcore-hub check` runs for a workload. */
export function programDirectory(workload: Workload, repositoryRoot: string): string {
    return workload.source.kind === "directory" ? workload.source.dir : path.join(repositoryRoot, "bench", "programs", workload.id);
}

/**
 * `agentcore-hub check` end to end, `rounds` times after one warm-up, and where the workload
 * has a peer and it is installed, the peer's synth + cdk-nag in the same rounds, alternating
 * which goes first (check-peer, peer-check, …) so that a change of load on a shared machine
 * falls on both alike. Figures are medians; peak RSS the highest over the rounds.
 */
export async function measureEndToEnd(workload: Workload, repositoryRoot: string, rounds: number): Promise<EndToEnd> {
    const dir = programDirectory(workload, repositoryRoot);
    const spec = PEER_SIZES[workload.id];
    const missing = spec === undefined ? [] : missingPeerPackages(repositoryRoot);
    const withPeer = spec !== undefined && missing.length === 0;
    const checks: TimedRun[] = [];
    const checkFailures: string[] = [];
    // One failed run is reported with the rest, not instead of them.
    const check = async () => {
        try {
            return await runCheckCommand(repositoryRoot, dir);
        } catch (err) {
            checkFailures.push(err instanceof Error ? err.message : String(err));
            return undefined;
        }
    };
    const peers: (TimedRun & { summary: PeerSummary })[] = [];
    let peerError: string | undefined;
    const peer = async () => {
        if (!withPeer || peerError !== undefined) return undefined;
        try {
            return await runPeer(repositoryRoot, spec);
        } catch (err) {
            peerError = err instanceof Error ? err.message : String(err);
            return undefined;
        }
    };
    await check();
    await peer();
    for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? ["check", "peer"] : ["peer", "check"];
        for (const which of order) {
            if (which === "check") {
                const run = await check();
                if (run) checks.push(run);
            } else {
                const run = await peer();
                if (run) peers.push(run);
            }
        }
    }
    if (checks.length === 0) throw new Error(`no check run completed: ${checkFailures.join("; ")}`);
    const result: EndToEnd = { check: runFigures(checks), ...(checkFailures.length > 0 ? { checkFailures } : {}) };
    if (spec === undefined) return result;
    if (!withPeer) result.peer = { status: "not-installed", message: `peer not installed (missing ${missing.join(", ")}): run ${PEER_INSTALL_COMMAND}` };
    else if (peerError !== undefined) result.peer = { status: "failed", error: peerError };
    else result.peer = { status: "measured", spec, summary: peers[peers.length - 1].summary, figures: runFigures(peers) };
    return result;
}
