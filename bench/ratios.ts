import type { EndToEnd } from "./endToEnd";
import type { Floors } from "./floors";

/** The check's figures over their floors (floors/index.ts); undefined where a side is missing. */
export interface Ratios {
    /** Check wall time / the SDK replay of the same registrations (no pack, no engine model). */
    checkToSdkReplay?: number;
    /** Check wall time / the empty pack's start plus its analysis of the same requests in flight. */
    checkToEmptyPack?: number;
    /** Check wall time / SDK load + SDK replay + empty-pack start + analysis, one after another. */
    checkToFloorSum?: number;
    /** Our pack's analysis / the empty pack's, same requests in flight. */
    packToEmptyPack?: number;
    /** SDK replay / building the same inputs in plain JavaScript. */
    sdkReplayToPureJs?: number;
    /** The checker process's peak RSS / the SDK replay process's. */
    checkerRssToSdkReplay?: number;
    /** The check's pack process's peak RSS / the empty pack's. */
    packRssToEmptyPack?: number;
    /** Check wall time / the CDK peer's synth + cdk-nag (same rounds, alternating). */
    checkToPeer?: number;
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
    if (a === undefined || b === undefined || b <= 0) return undefined;
    return Math.round((a / b) * 100) / 100;
}

export function ratios(floors: Floors | undefined, e2e: EndToEnd | undefined): Ratios {
    const wall = e2e?.check.medianWallMs;
    const emptyPack = floors === undefined ? undefined : floors.emptyPack.startupMs + floors.emptyPack.analysisMs;
    const floorSum = floors === undefined || emptyPack === undefined ? undefined : floors.sdkReplay.sdkLoadMs + floors.sdkReplay.replayMs + emptyPack;
    const peer = e2e?.peer?.status === "measured" ? e2e.peer.figures.medianWallMs : undefined;
    const out: Ratios = {
        checkToSdkReplay: ratio(wall, floors?.sdkReplay.replayMs),
        checkToEmptyPack: ratio(wall, emptyPack),
        checkToFloorSum: ratio(wall, floorSum),
        packToEmptyPack: ratio(floors?.pack.analysisMs, floors?.emptyPack.analysisMs),
        sdkReplayToPureJs: ratio(floors?.sdkReplay.replayMs, floors?.pureJsMs),
        checkerRssToSdkReplay: ratio(e2e?.check.peakRssMb.checker, floors?.sdkReplay.peakRssMb),
        packRssToEmptyPack: ratio(e2e?.check.peakRssMb.pack, floors?.emptyPack.peakRssMb),
        checkToPeer: ratio(wall, peer),
    };
    // Keep the JSON to the ratios that exist.
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Ratios;
}
