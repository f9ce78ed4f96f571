import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CheckReport } from "../../checker/report/types";

/**
 * Runs `node bin/agentcore-hub.js …` as a user would, from the repository root. The command runs
 * the compiled CLI in dist/ (`npm test` builds before mocha; run `npm run build` first when
 * running one test file).
 */

export const REPO = path.resolve(__dirname, "..", "..");
export const BIN = path.join(REPO, "bin", "agentcore-hub.js");
export const EXAMPLE = "examples/hub-and-spoke";
export const FIXTURES = "tests/fixtures/checker";

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
    ms: number;
}

export function assertBuilt(): void {
    const launcher = path.join(REPO, "dist", "checker", "cli", "launch.js");
    assert.ok(fs.existsSync(launcher), `${launcher} is missing: run \`npm run build\` first (npm test does)`);
}

function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("TS_NODE_")) env[key] = value;
    return { ...env, ...extra };
}

export function runCli(args: readonly string[], cwd: string = REPO, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.once("error", reject);
        child.once("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    });
}

/** Runs several commands at most two at a time (the machines have two cores). */
export async function runAll<K extends string>(commands: Record<K, readonly string[]>): Promise<Record<K, CliResult>> {
    const entries = Object.entries(commands) as [K, readonly string[]][];
    const results = {} as Record<K, CliResult>;
    let next = 0;
    const worker = async () => {
        while (next < entries.length) {
            const [key, args] = entries[next++];
            results[key] = await runCli(args);
        }
    };
    await Promise.all([worker(), worker()]);
    return results;
}

/** The exit code, with the command's output in the message when it is not the expected one. */
export function assertExit(result: CliResult, code: number): void {
    assert.equal(result.code, code, `expected exit code ${code}, got ${result.code}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout.slice(0, 4000)}`);
}

export function jsonReport(result: CliResult): CheckReport {
    try {
        return JSON.parse(result.stdout) as CheckReport;
    } catch (e) {
        assert.fail(`stdout is not JSON (${(e as Error).message}):\n${result.stdout.slice(0, 2000)}\n--- stderr ---\n${result.stderr}`);
    }
}
