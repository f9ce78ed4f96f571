import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EndToEnd } from "./endToEnd";
import type { Floors } from "./floors";
import { ConstructionSample, median } from "./measure";
import { Ratios, ratios } from "./ratios";
import type { WorkloadId } from "./workloads/ids";

export interface MachineInfo {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
}

export interface WorkloadResult {
    id: WorkloadId;
    title: string;
    construction: ConstructionSample & { warmMedianMs?: number; warmMsPerResource?: number };
    /** The floors (floors/index.ts), or why they could not be measured. */
    floors: Floors | { error: string };
    /** `agentcore-hub check` end to end, with the CDK peer where it applies (endToEnd.ts). */
    endToEnd: EndToEnd | { error: string };
    ratios: Ratios;
}

/** How construction cost grows from M to L, against how the program grows. */
export interface Growth {
    from: WorkloadId;
    to: WorkloadId;
    resourcesRatio: number;
    coldTimeRatio: number;
    warmTimeRatio?: number;
    peakRssRatio: number;
}

export interface BenchReport {
    /** ISO timestamp of the run. */
    date: string;
    machine: MachineInfo;
    mode: "preview";
    workloads: WorkloadResult[];
    growth?: Growth;
    /** True: measured on a machine shared with other jobs (the load average at the start says how busy). */
    sharedMachine: boolean;
    loadAverageAtStart: number[];
}

export function machineInfo(): MachineInfo {
    const cpus = os.cpus();
    return {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model.trim() ?? "unknown",
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
    };
}

function measured<T extends object>(value: T | { error: string }): T | undefined {
    return "error" in value ? undefined : value;
}

export function workloadResult(title: string, sample: ConstructionSample, floors: Floors | { error: string }, endToEnd: EndToEnd | { error: string }): WorkloadResult {
    const warmMedianMs = median(sample.warmMs);
    const warmMsPerResource = warmMedianMs === undefined ? undefined : warmMedianMs / sample.resources;
    return { id: sample.workload, title, construction: { ...sample, warmMedianMs, warmMsPerResource }, floors, endToEnd, ratios: ratios(measured(floors), measured(endToEnd)) };
}

export function growth(from: WorkloadResult | undefined, to: WorkloadResult | undefined): Growth | undefined {
    if (!from || !to) return undefined;
    const a = from.construction;
    const b = to.construction;
    const ratio = (x: number, y: number) => Math.round((y / x) * 100) / 100;
    return {
        from: from.id,
        to: to.id,
        resourcesRatio: ratio(a.resources, b.resources),
        coldTimeRatio: ratio(a.coldMs, b.coldMs),
        warmTimeRatio: a.warmMedianMs !== undefined && b.warmMedianMs !== undefined ? ratio(a.warmMedianMs, b.warmMedianMs) : undefined,
        peakRssRatio: ratio(a.peakRssAfterFirstRunMb, b.peakRssAfterFirstRunMb),
    };
}

function ms(value: number | undefined): string {
    if (value === undefined) return "-";
    return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

function mb(value: number | undefined): string {
    return value === undefined ? "-" : `${value} MB`;
}

function x(value: number | undefined): string {
    return value === undefined ? "-" : `${value}x`;
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

function constructionTable(report: BenchReport): string {
    const header = ["workload", "resources", "load", "cold", "warm (median)", "ms/resource", "peak RSS"];
    const rows = report.workloads.map((w) => {
        const c = w.construction;
        return [w.id, String(c.resources), ms(c.loadMs), ms(c.coldMs), ms(c.warmMedianMs), c.warmMsPerResource?.toFixed(2) ?? "-", `${c.peakRssAfterFirstRunMb} MB`];
    });
    return table([header, ...rows]);
}

function checkTable(report: BenchReport): string {
    const header = ["workload", "check (median)", "runs", "checker RSS", "pack RSS", "SDK replay", "ms/reg", "replay RSS", "empty pack", "empty RSS", "pure JS", "x replay", "x empty", "x floors", "pack/empty", "RSS checker/replay", "RSS pack/empty"];
    const rows = report.workloads.map((w) => {
        const e = measured(w.endToEnd);
        const f = measured(w.floors);
        const r = w.ratios;
        return [
            w.id,
            ms(e?.check.medianWallMs),
            String(e?.check.runs ?? "-"),
            mb(e?.check.peakRssMb.checker),
            mb(e?.check.peakRssMb.pack),
            ms(f?.sdkReplay.replayMs),
            f?.sdkReplay.msPerRegistration.toFixed(2) ?? "-",
            mb(f?.sdkReplay.peakRssMb),
            f === undefined ? "-" : `${ms(f.emptyPack.startupMs)} + ${ms(f.emptyPack.analysisMs)}`,
            mb(f?.emptyPack.peakRssMb),
            ms(f?.pureJsMs),
            x(r.checkToSdkReplay),
            x(r.checkToEmptyPack),
            x(r.checkToFloorSum),
            x(r.packToEmptyPack),
            x(r.checkerRssToSdkReplay),
            x(r.packRssToEmptyPack),
        ];
    });
    return table([header, ...rows]);
}

function peerLines(report: BenchReport): string[] {
    const lines: string[] = [];
    const rows: string[][] = [];
    for (const w of report.workloads) {
        const e = measured(w.endToEnd);
        const peer = e?.peer;
        if (peer === undefined || e === undefined) continue;
        if (peer.status === "not-installed") lines.push(`  ${w.id}: ${peer.message}`);
        else if (peer.status === "failed") lines.push(`  ${w.id}: CDK peer failed: ${peer.error}`);
        else {
            const p = peer.figures;
            const checkMax = Math.max(e.check.peakRssMb.checker ?? 0, e.check.peakRssMb.pack ?? 0);
            rows.push([w.id, ms(e.check.medianWallMs), ms(p.medianWallMs), x(w.ratios.checkToPeer), `${mb(e.check.peakRssMb.checker)} / ${mb(e.check.peakRssMb.pack)}`, `${checkMax} MB`, mb(p.peakRssMb.peer), `${peer.summary.stacks} stacks, ${peer.summary.resources} CFN resources, ${peer.summary.nagViolations} cdk-nag findings`, String(p.runs)]);
        }
    }
    if (rows.length > 0) lines.unshift(table([["workload", "check", "CDK synth + cdk-nag", "check/peer", "check RSS checker / pack", "check RSS max", "peer RSS", "peer size", "rounds"], ...rows]));
    return lines;
}

/** The human-readable report: the check against its floors, beside the CDK peer, then construction, growth and the machine. */
export function renderReport(report: BenchReport): string {
    const lines = [
        `agentcore-hub check end to end (median after one warm-up) against its floors, ${report.date}`,
        checkTable(report),
        "  x replay / x empty / x floors: check wall time over the SDK replay, over the empty pack (start + analysis), over SDK load + replay + empty pack in sequence",
        "",
    ];
    const peer = peerLines(report);
    if (peer.length > 0) lines.push("Side by side with the CDK peer (alternating rounds, medians; peak RSS the highest over the rounds)", ...peer, "");
    lines.push(`Program construction under the mock engine (${report.mode} mode)`, constructionTable(report), "");
    for (const w of report.workloads) lines.push(`  ${w.id}: ${w.title}`);
    const g = report.growth;
    if (g) {
        lines.push("", `Growth ${g.from} -> ${g.to}: resources x${g.resourcesRatio}; cold time x${g.coldTimeRatio}; warm time x${g.warmTimeRatio ?? "-"}; peak RSS x${g.peakRssRatio}`);
    }
    const m = report.machine;
    lines.push("", `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, ${m.platform}`);
    if (report.sharedMachine) lines.push(`  shared with other jobs: load average ${report.loadAverageAtStart.map((l) => l.toFixed(1)).join(" / ")} at the start; figures are noisy`);
    for (const w of report.workloads) {
        if ("error" in w.floors) lines.push(`  ${w.id} floors failed: ${w.floors.error}`);
        if ("error" in w.endToEnd) lines.push(`  ${w.id} end to end failed: ${w.endToEnd.error}`);
        else for (const f of w.endToEnd.checkFailures ?? []) lines.push(`  ${w.id}: a check run failed (not in the figures): ${f}`);
    }
    return lines.join("\n");
}

/** Writes `latest.json` and a dated copy under `history/`; returns the paths written. */
export function writeReport(report: BenchReport, resultsDir: string): string[] {
    const history = path.join(resultsDir, "history");
    fs.mkdirSync(history, { recursive: true });
    const text = JSON.stringify(report, null, 2) + "\n";
    const latest = path.join(resultsDir, "latest.json");
    const dated = path.join(history, `${report.date.replace(/:/g, "-").replace(/\.\d+Z$/, "Z")}.json`);
    fs.writeFileSync(latest, text);
    fs.writeFileSync(dated, text);
    return [latest, dated];
}
