import type { CheckReport } from "../report/types";
import { CheckCommand, OutputFormat, USAGE, parseArgs } from "./args";
import { CheckFailure } from "./errors";
import { packageVersion } from "./packageInfo";
import { programLogLines } from "../render/logLines";
import { readPolicyConfig } from "./policyConfig";
import { terminalProgress } from "./progress";
import { CheckOptions, runCheck } from "./runCheck";
import { readStackOutputsFile } from "./stackOutputsFile";

export interface Output {
    stdout: { write(text: string): unknown };
    stderr: { write(text: string): unknown };
}

/** Renderers are loaded when there is something to render (not before the pack is spawned). */
async function render(report: CheckReport, format: OutputFormat): Promise<string> {
    const { renderJson, renderSarif, renderText } = await import("../render");
    if (format === "json") return renderJson(report);
    if (format === "sarif") return renderSarif(report);
    return renderText(report);
}

async function renderFailure(failure: CheckFailure, format: OutputFormat): Promise<string> {
    const { renderJsonFailure, renderSarifFailure } = await import("../render");
    if (format === "json") return renderJsonFailure(failure);
    if (format === "sarif") return renderSarifFailure(failure, packageVersion());
    return "";
}

/** What a person reads on stderr when no report could be made. */
function failureText(failure: CheckFailure): string {
    const lines = [`agentcore-hub: ${failure.message}`, ...failure.errors.flatMap((e) => e.split("\n")).map((l) => `  ${l}`)];
    const logs = (failure.program.logs ?? []).filter((l) => l.severity !== "error");
    if (logs.length > 0) lines.push("  The program logged before it failed:", ...programLogLines(logs, "    "));
    if (failure.unsupportedInvokes.length > 0) {
        lines.push("  The offline checker answers only caller identity, Region and partition (aws:getCallerIdentity, aws:getRegion, aws:getPartition and their aws-native twins).");
        lines.push("  Pass such values through stack config instead of reading them from the cloud.");
    }
    return lines.join("\n") + "\n";
}

/**
 * `agentcore-hub` with its arguments. Resolves with the exit code: 0 no mandatory violation,
 * 1 mandatory violations (the engine's preview or update would fail), 2 the program or the pack
 * could not run, or bad usage.
 */
export async function main(argv: readonly string[], out: Output = process): Promise<number> {
    let command;
    try {
        command = parseArgs(argv);
    } catch (err) {
        if (!(err instanceof CheckFailure)) throw err;
        out.stderr.write(`agentcore-hub: ${err.message}\n\n${USAGE}\n`);
        return 2;
    }
    if (command.command === "help") {
        out.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (command.command === "version") {
        out.stdout.write(`${packageVersion()}\n`);
        return 0;
    }
    if (command.programs.length > 1) return mainStackSet(command, out);
    const progress = terminalProgress();
    // Printed once the spinner is gone: the Pulumi CLI would accept them silently, so they change no exit code.
    let unread: readonly string[] = [];
    const warnUnread = () => unread.forEach((note) => out.stderr.write(`agentcore-hub: warning: --policy-config ${command.policyConfigFile}: ${note}\n`));
    try {
        const report = await runCheck({
            ...sharedOptions(command, progress),
            programDir: command.programDir,
            ...(command.stack !== undefined ? { stack: command.stack } : {}),
            onUnreadConfig: (notes) => (unread = notes),
            ...(command.stackOutputsFile !== undefined ? { stackReferences: readStackOutputsFile(command.stackOutputsFile) } : {}),
        });
        progress.stop();
        warnUnread();
        out.stdout.write(await render(report, command.format));
        return report.outcome.result === "succeeded" ? 0 : 1;
    } catch (err) {
        progress.stop();
        warnUnread();
        const failure = err instanceof CheckFailure ? err : new CheckFailure("program", `unexpected error: ${(err as Error).stack ?? String(err)}`);
        out.stderr.write(failureText(failure));
        if (failure.kind === "usage") out.stderr.write(`\n${USAGE}\n`);
        out.stdout.write(await renderFailure(failure, command.format));
        return 2;
    }
}

/** What one program and a stack set are checked with alike (so a flag cannot apply to one and not the other). */
function sharedOptions(command: CheckCommand, progress: ReturnType<typeof terminalProgress>): Pick<CheckOptions, "allowMissingStackConfig" | "mode" | "config" | "progress" | "policyPackDir" | "policyConfig" | "policyConfigFile"> {
    return {
        allowMissingStackConfig: command.allowMissingStackConfig,
        mode: command.mode,
        config: command.config,
        progress,
        ...(command.policyPackDir !== undefined ? { policyPackDir: command.policyPackDir } : {}),
        ...(command.policyConfigFile !== undefined ? { policyConfig: readPolicyConfig(command.policyConfigFile), policyConfigFile: command.policyConfigFile } : {}),
    };
}

/** Several programs: checked in order as one set (checker/cli/stackSet.ts); the exit code is the worst of them. */
async function mainStackSet(command: CheckCommand, out: Output): Promise<number> {
    const progress = terminalProgress();
    // Each stack starts the pack with the same config, so the same notes come once per stack: printed once, as for one program.
    const unread = new Set<string>();
    const warnUnread = () => unread.forEach((note) => out.stderr.write(`agentcore-hub: warning: --policy-config ${command.policyConfigFile}: ${note}\n`));
    try {
        const { runStackSet } = await import("./stackSet");
        const set = await runStackSet({
            ...sharedOptions(command, progress),
            programs: command.programs,
            onUnreadConfig: (notes) => notes.forEach((note) => unread.add(note)),
            ...(command.stackOutputsFile !== undefined ? { stackOutputs: readStackOutputsFile(command.stackOutputsFile) } : {}),
        });
        progress.stop();
        warnUnread();
        for (const e of set.stacks) if ("failure" in e) out.stderr.write(`${e.stack}: ${failureText(e.failure)}`);
        const { renderStackSetJson, renderStackSetSarif, renderStackSetText } = await import("../render");
        out.stdout.write(command.format === "json" ? renderStackSetJson(set) : command.format === "sarif" ? renderStackSetSarif(set, packageVersion()) : renderStackSetText(set));
        return set.exitCode;
    } catch (err) {
        progress.stop();
        warnUnread();
        const failure = err instanceof CheckFailure ? err : new CheckFailure("program", `unexpected error: ${(err as Error).stack ?? String(err)}`);
        out.stderr.write(failureText(failure));
        if (failure.kind === "usage") out.stderr.write(`\n${USAGE}\n`);
        out.stdout.write(await renderFailure(failure, command.format));
        return 2;
    }
}
