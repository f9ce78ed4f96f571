import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EnforcementLevel } from "./analyzerRequests";
import { killWithThisProcess } from "./childProcesses";
import { ParsedPolicyPackConfig, assertResolvableEnvironments, parsePolicyPackConfig } from "./policyConfig";
import type { WireValue } from "./wire";

/**
 * The policy pack's process, as `pulumi preview --policy-pack <dir>` starts it: the config file
 * read first, then the pack's `run-policy-pack` spawned in the pack directory with the CLI's
 * environment, and its port read from its stdout. Kept apart from the gRPC client
 * (analyzerClient.ts), which connects once the port is known, so that a caller can start the
 * process before it loads the client's modules (the pack thread does: packThreadEntry.ts).
 */

/** Per policy (or `all`): an enforcement level, or `{ enforcementLevel?, ...properties }`, as in a policy config file. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, WireValue | undefined>);

export interface StackContext {
    project?: string;
    stack?: string;
    organization?: string;
    /** True for a preview: `PULUMI_DRY_RUN` and `ConfigureStack.dryRun`. */
    dryRun?: boolean;
    /** Stack config, as the CLI passes it to the pack (`PULUMI_CONFIG` and `ConfigureStack`). */
    config?: Record<string, string>;
    tags?: Record<string, string>;
}

export interface PolicyPackOptions {
    config?: Record<string, PolicyConfigEntry>;
    stack?: StackContext;
    /** How long to wait for the pack to print its port; a TypeScript pack type-checks first. */
    startupTimeoutMs?: number;
    /** Extra environment for the pack process (e.g. the checker's NODE_OPTIONS preload). */
    env?: NodeJS.ProcessEnv;
    /**
     * Told of the pack process once spawned. @default killWithThisProcess (childProcesses.ts):
     * the pack ends with this process. A worker thread, which receives no signals, passes the
     * process to its main thread instead (packThread.ts).
     */
    onSpawned?: (child: ChildProcess) => void;
}

export const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;
const MAX_STDERR_CHARS = 64 * 1024;

/** The pack's own `run-policy-pack`, as the CLI's `pulumi-analyzer-policy` shim finds it (cwd = pack). */
function runPolicyPackScript(packDir: string): string {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir, __dirname] });
}

/** The environment the CLI gives a policy pack (analyzer_plugin.go constructEnv). */
function packEnvironment(ctx: StackContext, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    // ts-node settings of the parent (a test runner) must not change how the pack compiles.
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("TS_NODE_")) env[key] = value;
    Object.assign(env, extra);
    const set = (key: string, value: string | undefined) => {
        if (value !== undefined && value !== "") env[key] = value;
    };
    if (ctx.config !== undefined && Object.keys(ctx.config).length > 0) set("PULUMI_CONFIG", JSON.stringify(ctx.config));
    for (const prefix of ["PULUMI_NODEJS_", "PULUMI_"]) {
        set(`${prefix}ORGANIZATION`, ctx.organization);
        set(`${prefix}PROJECT`, ctx.project);
        set(`${prefix}STACK`, ctx.stack);
        set(`${prefix}DRY_RUN`, String(ctx.dryRun ?? true));
    }
    return env;
}

export class PolicyPackStartError extends Error {
    constructor(message: string, stderr: string) {
        super(stderr.trim() === "" ? message : `${message}\n--- policy pack stderr ---\n${stderr.trim()}`);
        this.name = "PolicyPackStartError";
    }
}

/** Spawns the pack and resolves with its port, the first all-digits line it prints on stdout. */
function spawnPack(
    packDir: string,
    ctx: StackContext,
    timeoutMs: number,
    extraEnv: NodeJS.ProcessEnv | undefined,
    onSpawned: (child: ChildProcess) => void,
): Promise<SpawnedPack> {
    const child = spawn(process.execPath, [runPolicyPackScript(packDir), "127.0.0.1:0", packDir], {
        cwd: packDir,
        env: packEnvironment(ctx, extraEnv),
        stdio: ["ignore", "pipe", "pipe"],
    });
    onSpawned(child);
    let stdout = "";
    let stderr = "";
    // The tail is what explains a failure (a compile error, a stack trace); keep it bounded.
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-MAX_STDERR_CHARS)));
    return new Promise((resolve, reject) => {
        const fail = (message: string) => {
            clearTimeout(timer);
            child.kill("SIGKILL");
            reject(new PolicyPackStartError(message, stderr));
        };
        // The program runs in this process while the pack starts and can keep the event loop busy
        // past the bound; timers run before I/O in a loop turn, so the port may be waiting in the
        // pipe when the timer fires. setImmediate runs after that turn's I/O, then decides.
        const timer = setTimeout(() => setImmediate(() => found || fail(`policy pack ${packDir} did not print its port within ${timeoutMs} ms`)), timeoutMs);
        // Keep reading stdout after the port: a pack that logs to a full pipe would block.
        let found = false;
        child.stdout?.on("data", (chunk: Buffer) => {
            if (found) return;
            stdout += chunk.toString();
            const port = stdout.split("\n").slice(0, -1).map((l) => l.trim()).find((l) => /^\d+$/.test(l));
            if (port === undefined) return;
            found = true;
            clearTimeout(timer);
            resolve({ child, port: Number(port), stderr: () => stderr });
        });
        child.once("exit", (code, signal) => fail(`policy pack ${packDir} exited (code ${code}, signal ${signal}) before it printed its port`));
        child.once("error", (err) => fail(`policy pack ${packDir} could not start: ${err.message}`));
    });
}

/** A spawned pack that printed its port. */
export interface SpawnedPack {
    child: ChildProcess;
    port: number;
    /** The tail of what the pack wrote to stderr so far. */
    stderr: () => string;
}

/** A pack being started: what `launchPolicyPack` checked and the process it spawned. */
export interface PackLaunch {
    /** The pack directory as given (in config messages, as the CLI names it), and resolved. */
    packDir: string;
    dir: string;
    ctx: StackContext;
    /** The policy config file, as the CLI read it. */
    file: ParsedPolicyPackConfig | undefined;
    timeoutMs: number;
    /** `Date.now()` at the spawn. */
    spawnedAt: number;
    spawned: Promise<SpawnedPack>;
}

/**
 * Reads the config and spawns the pack (throws, spawning nothing, when the directory has no
 * PulumiPolicy.yaml or the config is one the CLI refuses before it loads the pack).
 */
export function launchPolicyPack(packDir: string, options: PolicyPackOptions = {}): PackLaunch {
    const dir = path.resolve(packDir);
    if (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) throw new Error(`no PulumiPolicy.yaml in ${dir}`);
    const ctx: StackContext = { project: "project", stack: "stack", ...options.stack };
    // The file is read and its ESC environments resolved before the pack is loaded (update.go:947-984).
    const file = options.config === undefined ? undefined : parsePolicyPackConfig(options.config);
    assertResolvableEnvironments(file, packDir);
    const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    const spawnedAt = Date.now();
    const spawned = spawnPack(dir, ctx, timeoutMs, options.env, options.onSpawned ?? killWithThisProcess);
    // Awaited by the connection; never an unhandled rejection before it is.
    spawned.catch(() => undefined);
    return { packDir, dir, ctx, file, timeoutMs, spawnedAt, spawned };
}
