import { strict as assert } from "node:assert";
import type { EndToEnd } from "../../bench/endToEnd";
import type { Floors } from "../../bench/floors";
import type { ConstructionSample } from "../../bench/measure";
import { BenchReport, renderReport, workloadResult } from "../../bench/report";
import type { TimedRun } from "../../bench/timedProcess";
import { runFigures } from "../../bench/checkFigures";

// The benchmark's arithmetic and rendering on fixed figures (no timing): ratios to the floors,
// the per-process peaks, the peer side by side, and the peer's install hint when it is absent.

const sample = (workload: "reference" | "l", resources: number): ConstructionSample => ({
    workload, mode: "preview", resources, customResources: resources - 1, loadMs: 10, coldMs: 1000, warmMs: [800], peakRssAfterFirstRunMb: 300, peakRssMb: 300,
});

const run = (wallMs: number, checker: number, pack: number): TimedRun => ({
    wallMs, exitCode: 0, stdout: "{}", stderrTail: "",
    processes: [
        { role: "checker", script: "bin/agentcore-hub.js", peakRssMb: checker, exitedNormally: true },
        { role: "pack", script: "node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js", peakRssMb: pack, exitedNormally: true },
    ],
});

const floors: Floors = {
    sdkReplay: { registrations: 1000, pureJsMs: 50, sdkLoadMs: 500, replayMs: 2000, msPerRegistration: 2, peakRssMb: 400 },
    pureJsMs: 50,
    emptyPack: { startupMs: 1000, analysisMs: 1500, requests: 1000, peakRssMb: 200 },
    pack: { startupMs: 1100, analysisMs: 3000, requests: 1000, peakRssMb: 500 },
};

describe("bench report", () => {
    it("takes the median of the rounds and the highest peak of each process role", () => {
        const figures = runFigures([run(9000, 700, 300), run(12000, 900, 250), run(10000, 800, 350)]);
        assert.equal(figures.medianWallMs, 10000);
        assert.deepEqual(figures.peakRssMb, { checker: 900, pack: 350 });
    });

    it("gives the check's figures as ratios to the floors and beside the peer", () => {
        const e2e: EndToEnd = {
            check: runFigures([run(10000, 800, 400)]),
            peer: { status: "measured", spec: { id: "l", lambdaTargets: 50, restTargets: 50, operationsPerRestTarget: 5, spokeAccounts: 100, rolesPerAccount: 10, grantBy: "rolePath", cedarPolicies: 200 }, summary: { stacks: 101, resources: 3000, nagViolations: 5, validation: "failed" }, figures: runFigures([{ ...run(8000, 0, 0), processes: [{ role: "peer", script: "bench/peers/cdk/app.js", peakRssMb: 600, exitedNormally: true }] }]) },
        };
        const result = workloadResult("L", sample("l", 1000), floors, e2e);
        assert.deepEqual(result.ratios, {
            checkToSdkReplay: 5, // 10 s / 2 s
            checkToEmptyPack: 4, // 10 s / (1 s + 1.5 s)
            checkToFloorSum: 2, // 10 s / (0.5 + 2 + 1 + 1.5 s)
            packToEmptyPack: 2, // 3 s / 1.5 s
            sdkReplayToPureJs: 40,
            checkerRssToSdkReplay: 2, // 800 / 400 MB
            packRssToEmptyPack: 2, // 400 / 200 MB
            checkToPeer: 1.25, // 10 s / 8 s
        });
        const report: BenchReport = { date: "2026-01-01T00:00:00.000Z", machine: { cpus: 2, cpuModel: "test", memoryGb: 8, node: "v22", platform: "linux x64" }, mode: "preview", workloads: [result], sharedMachine: true, loadAverageAtStart: [3, 2, 1] };
        const text = renderReport(report);
        const row = text.split("\n").find((l) => l.startsWith("l ") && l.includes("1.25x"));
        assert.ok(row, text);
        assert.match(row, /10\.0 s\s+8\.0 s\s+1\.25x\s+800 MB \/ 400 MB\s+800 MB\s+600 MB\s+101 stacks, 3000 CFN resources, 5 cdk-nag findings/);
        assert.match(text, /shared with other jobs: load average 3\.0 \/ 2\.0 \/ 1\.0/);
    });

    it("says how to install the peer when it is not installed, and measures without it", () => {
        const e2e: EndToEnd = { check: runFigures([run(2000, 200, 100)]), peer: { status: "not-installed", message: "peer not installed (missing cdk-nag): run npm run bench:peer-install" } };
        const result = workloadResult("reference", sample("reference", 36), { error: "floors skipped" }, e2e);
        assert.deepEqual(result.ratios, {});
        const text = renderReport({ date: "2026-01-01T00:00:00.000Z", machine: { cpus: 2, cpuModel: "test", memoryGb: 8, node: "v22", platform: "linux x64" }, mode: "preview", workloads: [result], sharedMachine: false, loadAverageAtStart: [] });
        assert.match(text, /reference: peer not installed \(missing cdk-nag\): run npm run bench:peer-install/);
        assert.match(text, /reference floors failed: floors skipped/);
        assert.doesNotMatch(text, /shared with other jobs/);
    });
});
