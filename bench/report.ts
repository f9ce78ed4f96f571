import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConstructionSample, median } from "./measure";
import { MeasureSlot, SlotId, SlotResult } from "./slots";
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
    slots: Partial<Record<SlotId, SlotResult>>;
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
    slots: { id: SlotId; title: string; describe: string }[];
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

export function workloadResult(title: string, sample: ConstructionSample, slots: Partial<Record<SlotId, SlotResult>>): WorkloadResult {
    const warmMedianMs = median(sample.warmMs);
    const warmMsPerResource = warmMedianMs === undefined ? undefined : warmMedianMs / sample.resources;
    return { id: sample.workload, title, construction: { ...sample, warmMedianMs, warmMsPerResource }, slots };
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

function slotText(r: SlotResult | undefined): string {
    if (!r) return "-";
    if (r.status === "measured") return `${r.value} ${r.unit}`;
    if (r.status === "not-built") return "n/a (not built yet)";
    return "failed";
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ")).join("\n");
}

/** The human-readable report: one row per workload, then growth and the machine. */
export function renderReport(report: BenchReport, slots: readonly MeasureSlot[]): string {
    const header = ["workload", "resources", "load", "cold", "warm (median)", "ms/resource", "peak RSS", ...slots.map((s) => s.title)];
    const rows = report.workloads.map((w) => {
        const c = w.construction;
        return [w.id, String(c.resources), ms(c.loadMs), ms(c.coldMs), ms(c.warmMedianMs), c.warmMsPerResource?.toFixed(2) ?? "-", `${c.peakRssAfterFirstRunMb} MB`, ...slots.map((s) => slotText(w.slots[s.id]))];
    });
    const lines = [`Program construction under the mock engine (${report.mode} mode), ${report.date}`, table([header, ...rows]), ""];
    for (const w of report.workloads) lines.push(`  ${w.id}: ${w.title}`);
    const g = report.growth;
    if (g) {
        lines.push("", `Growth ${g.from} -> ${g.to}: resources x${g.resourcesRatio}; cold time x${g.coldTimeRatio}; warm time x${g.warmTimeRatio ?? "-"}; peak RSS x${g.peakRssRatio}`);
    }
    const m = report.machine;
    lines.push("", `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, ${m.platform}`);
    for (const w of report.workloads) {
        for (const s of slots) {
            const r = w.slots[s.id];
            if (r?.status === "failed") lines.push(`  ${w.id} ${s.title}: ${r.error}`);
        }
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
