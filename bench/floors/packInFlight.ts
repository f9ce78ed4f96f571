import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { analyzedResources, startPolicyPackFor } from "../../checker/engine/analyzerClient";
import { indexByUrn } from "../../checker/engine/analyzerRequests";
import type { CapturedResource, CapturedStack } from "../../checker/engine/types";
import { packPreloadEnv } from "../../checker/cli/packEnv";
import { collectPeaks, peakOf, probeSetup, withProbe } from "../processPeaks";

/** One pack process driven with a captured run's requests, all in flight at once. */
export interface PackInFlight {
    /** Spawn until the pack printed its port, then Handshake, ConfigureStack, GetAnalyzerInfo, Configure. */
    startupMs: number;
    /** Every Remediate/Analyze sent at once (as the engine overlaps them with the program), then AnalyzeStack. */
    analysisMs: number;
    /** Registrations analyzed (the engine's: reads are not). */
    requests: number;
    peakRssMb: number | undefined;
}

/**
 * Starts the pack in `packDir` as the checker does (analyzerClient.ts, with the checker's
 * preload: packEnv.ts) plus the peak-RSS probe, and sends it the run's requests with none
 * waiting for another: each request carries the resource and its provider, exactly what the
 * engine sends (analyzerRequests.ts), and the driver builds the URN index once so its own
 * cost is linear. The figure for our pack is what the pack costs; for bench/empty-pack, what
 * the protocol and @pulumi/policy cost with no policy at all: the empty-pack floor.
 */
export async function packInFlight(packDir: string, stack: CapturedStack): Promise<PackInFlight> {
    if (!fs.existsSync(packDir)) throw new Error(`${packDir} is missing: run npm run build`);
    const probe = probeSetup();
    const preload = packPreloadEnv(packDir);
    const env = { AGENTCORE_BENCH_RSS_DIR: probe.dir, ...preload, NODE_OPTIONS: withProbe(preload.NODE_OPTIONS ?? process.env.NODE_OPTIONS) };
    const startStarted = performance.now();
    const session = await startPolicyPackFor(packDir, stack, { env });
    const startupMs = performance.now() - startStarted;
    let analysisMs: number;
    const registrations = analyzedResources(stack);
    try {
        const byUrn = indexByUrn(stack.resources);
        const providerOf = (r: CapturedResource): CapturedResource[] => {
            const provider = r.provider === undefined ? undefined : byUrn.get(r.provider.urn);
            return provider === undefined ? [] : [provider];
        };
        const started = performance.now();
        await Promise.all(registrations.map(async (r) => {
            const scope = providerOf(r);
            const remediated = await session.remediate(r, scope);
            return session.analyze(remediated.inputs === undefined ? r : { ...r, inputs: remediated.inputs }, scope);
        }));
        await session.analyzeStack(registrations);
        analysisMs = performance.now() - started;
    } finally {
        await session.close();
    }
    const peaks = collectPeaks(probe, undefined, "pack");
    return { startupMs, analysisMs, requests: registrations.length, peakRssMb: peakOf(peaks, "pack") };
}
