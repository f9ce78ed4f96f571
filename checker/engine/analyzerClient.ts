import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import { AnalyzerClient, AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import {
    EnforcementLevel,
    PolicyDiagnostic,
    PolicyNotApplicable,
    RemediationResult,
    diagnosticsOf,
    levelName,
    levelValue,
    notApplicableOf,
    remediationOf,
    toStruct,
} from "./analyzerRequests";
import {
    AnalyzerConfigInfo,
    ConfiguredPolicy,
    JsonObject,
    PolicyConfigError,
    PolicyConfigMap,
    assertResolvableEnvironments,
    packConfiguration,
    parsePolicyPackConfig,
    policyConfigSchema,
    unreadConfig,
} from "./policyConfig";
import { analyzeRequestBytes, analyzeStackRequestBytes } from "./analyzerWire";
import { killWithThisProcess } from "./childProcesses";
import { urnIndexOf } from "./urnIndex";
import type { AnalysisQueue } from "./analysisQueue";
import { DeploymentOutcome, resourceDiagnostics, runDeployment, runQueuedDeployment, stackDiagnostics } from "./deployment";
import { emptypb, grpc } from "./sdkModules";
import { CapturedResource, CapturedStack, EngineMode } from "./types";
import { WireObject, WireValue } from "./wire";

export type { EnforcementLevel, PolicyDiagnostic, PolicyNotApplicable } from "./analyzerRequests";
export { analyzedResources } from "./deployment";
export type { DeploymentOutcome } from "./deployment";

/** Per policy (or `all`): an enforcement level, or `{ enforcementLevel?, ...properties }`, as in a policy config file. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, WireValue | undefined>);
export { PolicyConfigError } from "./policyConfig";

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

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    /** Each policy at the level it runs at: its own, or the one the config gave it. */
    policies: PolicyInfo[];
    /** Config the CLI accepts but no policy reads (unknown policy names, undeclared properties); never a failure. */
    unreadConfig: string[];
}

export interface AnalysisResult {
    /** `Analyze` diagnostics of the registrations the engine analyzed, in registration order. */
    resources: PolicyDiagnostic[];
    /** `AnalyzeStack` diagnostics; none when the deployment stopped before it (`outcome.stack`). */
    stack: PolicyDiagnostic[];
    /** How the engine's run ends: where an update stops, whether AnalyzeStack ran, the verdict. */
    outcome: DeploymentOutcome;
}

export interface PolicyPackSession {
    readonly info: AnalyzerInfo;
    /** Milliseconds from spawn until the pack printed its port (load and, for TypeScript, type-check). */
    readonly startupMs: number;
    /** `Analyze` one resource; `resources` resolves its provider (as the engine knows it). */
    analyze(resource: CapturedResource, resources?: readonly CapturedResource[]): Promise<PolicyDiagnostic[]>;
    analyzeDetailed(resource: CapturedResource, resources?: readonly CapturedResource[]): Promise<{ diagnostics: PolicyDiagnostic[]; notApplicable: PolicyNotApplicable[] }>;
    /** `Remediate` one resource: the inputs a remediation policy changed, and its warnings. */
    remediate(resource: CapturedResource, resources?: readonly CapturedResource[]): Promise<RemediationResult>;
    /** `AnalyzeStack` over exactly these resources. */
    analyzeStack(resources: readonly CapturedResource[]): Promise<PolicyDiagnostic[]>;
    /**
     * What `pulumi preview --policy-pack` (mode `preview`) or the update of `pulumi up
     * --policy-pack` (mode `update`) would run, stopping where the engine stops
     * (checker/engine/deployment.ts); `mode` defaults to the mode the stack was captured in.
     */
    check(stack: CapturedStack, mode?: EngineMode): Promise<AnalysisResult>;
    /** `check` over a queue the program's registrations were pushed to while it ran (analysisQueue.ts). */
    checkQueued(stack: CapturedStack, queue: AnalysisQueue, mode?: EngineMode): Promise<AnalysisResult>;
    /** Analyze on every registration and AnalyzeStack whatever they find: each policy's verdict, for testing a pack. */
    analyzeEvery(stack: CapturedStack): Promise<Omit<AnalysisResult, "outcome">>;
    close(): Promise<void>;
}

const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
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

class PolicyPackStartError extends Error {
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
): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
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

function call<T>(invoke: (callback: (err: grpcTypes.ServiceError | null, response: T) => void) => void): Promise<T> {
    return new Promise((resolve, reject) => invoke((err, response) => (err ? reject(err) : resolve(response))));
}

function waitForReady(client: AnalyzerClient, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
}

/** Handshake is optional: `@pulumi/policy` does not implement it and the CLI carries on. */
async function handshake(client: AnalyzerClient, packDir: string): Promise<void> {
    const request = new analyzerpb.AnalyzerHandshakeRequest();
    request.setEngineAddress("");
    request.setRootDirectory(packDir);
    request.setProgramDirectory(packDir);
    try {
        await call((cb) => client.handshake(request, cb));
    } catch (err) {
        if ((err as grpcTypes.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw err;
    }
}

async function configureStack(client: AnalyzerClient, ctx: StackContext): Promise<void> {
    const request = new analyzerpb.AnalyzerStackConfigureRequest();
    request.setProject(ctx.project ?? "");
    request.setStack(ctx.stack ?? "");
    request.setOrganization(ctx.organization ?? "");
    request.setDryRun(ctx.dryRun ?? true);
    for (const [k, v] of Object.entries(ctx.config ?? {})) request.getConfigMap().set(k, v);
    for (const [k, v] of Object.entries(ctx.tags ?? {})) request.getTagsMap().set(k, v);
    try {
        await call((cb) => client.configureStack(request, cb));
    } catch (err) {
        if ((err as grpcTypes.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw err;
    }
}

function analyzerInfo(response: analyzerpb.AnalyzerInfo): Omit<AnalyzerInfo, "unreadConfig"> {
    return {
        name: response.getName(),
        version: response.getVersion(),
        policies: response.getPoliciesList().map((p) => ({
            name: p.getName(),
            description: p.getDescription(),
            enforcementLevel: levelName(p.getEnforcementlevel()),
        })),
    };
}

/** `GetAnalyzerInfo` as the CLI keeps it for config (analyzer_plugin.go:505-581). */
function configInfoOf(response: analyzerpb.AnalyzerInfo): AnalyzerConfigInfo {
    const supportsConfig = response.getSupportsconfig();
    const policies = response.getPoliciesList().map((p) => {
        const sent = p.getConfigschema();
        const schema = sent === undefined ? undefined : { properties: sent.getProperties()?.toJavaScript() ?? {}, required: sent.getRequiredList() };
        const configSchema = policyConfigSchema(schema as { properties: JsonObject; required: string[] } | undefined, supportsConfig);
        return { name: p.getName(), enforcementLevel: levelName(p.getEnforcementlevel()), ...(configSchema === undefined ? {} : { configSchema }) };
    });
    // convertPolicyConfig (analyzer_plugin.go:936-949): a missing level reads as 0 (advisory), missing properties as {}.
    const initialConfig: PolicyConfigMap = new Map();
    response.getInitialconfigMap().forEach((entry, key) => {
        initialConfig.set(key, { enforcementLevel: levelName(entry.getEnforcementlevel()), properties: (entry.getProperties()?.toJavaScript() ?? {}) as JsonObject });
    });
    return { name: response.getName(), version: response.getVersion(), supportsConfig, policies, initialConfig };
}

/** The `Configure` request for the entries the CLI would send (analyzer_plugin.go:620-640). */
function configureRequest(entries: ReadonlyMap<string, ConfiguredPolicy>): analyzerpb.ConfigureAnalyzerRequest {
    const request = new analyzerpb.ConfigureAnalyzerRequest();
    for (const [key, configured] of entries) {
        const entry = new analyzerpb.PolicyConfig();
        entry.setEnforcementlevel(levelValue(configured.enforcementLevel));
        entry.setProperties(toStruct(configured.properties as WireObject));
        request.getPolicyconfigMap().set(key, entry);
    }
    return request;
}

/** After `Configure` the CLI reports each policy at its configured level (analyzer_plugin.go:647-654). */
function withConfiguredLevels(info: Omit<AnalyzerInfo, "unreadConfig">, entries: ReadonlyMap<string, ConfiguredPolicy> | undefined): Omit<AnalyzerInfo, "unreadConfig"> {
    if (entries === undefined) return info;
    return { ...info, policies: info.policies.map((p) => ({ ...p, enforcementLevel: entries.get(p.name)?.enforcementLevel ?? p.enforcementLevel })) };
}

/** For stack diagnostics the engine keeps a URN it knows and sends the rest to the root stack. */
function stackUrnResolver(resources: readonly CapturedResource[]): (reported: string) => string {
    const known = new Set(resources.map((r) => r.urn));
    const root = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? defaultRootStackUrn(resources[0]?.urn);
    return (reported) => (known.has(reported) ? reported : root);
}

/** `urn:pulumi:<stack>::<project>::…` -> `urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack::<project>-<stack>`. */
function defaultRootStackUrn(urn: string | undefined): string {
    if (urn === undefined) return "";
    const [prefix, project] = urn.split("::");
    return `${prefix}::${project}::pulumi:pulumi:Stack::${project}-${prefix.replace(/^urn:pulumi:/, "")}`;
}

function stackContextOf(stack: CapturedStack, base: StackContext): StackContext {
    return { project: stack.project, stack: stack.stack, dryRun: stack.mode === "preview", ...base };
}

function resultOf(outcome: DeploymentOutcome): AnalysisResult {
    return { resources: resourceDiagnostics(outcome), stack: stackDiagnostics(outcome), outcome };
}

class Session implements PolicyPackSession {
    constructor(
        private readonly client: AnalyzerClient,
        private readonly child: ChildProcess,
        private readonly stderr: () => string,
        readonly info: AnalyzerInfo,
        readonly startupMs: number,
    ) {}

    private async rpc<T>(invoke: (callback: (err: grpcTypes.ServiceError | null, response: T) => void) => void): Promise<T> {
        try {
            return await call(invoke);
        } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            const stderr = this.stderr().trim();
            throw new Error(stderr === "" ? message : `${message}\n--- policy pack stderr ---\n${stderr}`);
        }
    }

    /**
     * One unary call with the request already serialized (analyzerWire.ts): the method's path and
     * response decoder are the SDK's generated ones (analyzer_grpc_pb.js AnalyzerService), so only
     * the request's serializer differs, and it writes the same bytes.
     */
    private send<T>(method: "analyze" | "remediate" | "analyzeStack", bytes: Buffer): Promise<T> {
        const definition = AnalyzerService[method] as unknown as { path: string; responseDeserialize(b: Buffer): T };
        return this.rpc<T>((cb) =>
            this.client.makeUnaryRequest<Buffer, T>(definition.path, (b) => b, definition.responseDeserialize, bytes, (err, response) => cb(err, response as T)),
        );
    }

    async analyzeDetailed(resource: CapturedResource, resources: readonly CapturedResource[] = []) {
        const response = await this.send<analyzerpb.AnalyzeResponse>("analyze", analyzeRequestBytes(resource, urnIndexOf(resources)));
        // The engine always attributes a resource diagnostic to the resource it analyzed.
        return { diagnostics: diagnosticsOf(response, () => resource.urn), notApplicable: notApplicableOf(response) };
    }

    async remediate(resource: CapturedResource, resources: readonly CapturedResource[] = []): Promise<RemediationResult> {
        // Only a policy configured at `remediate` remediates (@pulumi/policy server.js:561 skips every
        // other level): with none, the engine's Remediate call returns nothing, so it is not sent.
        if (!this.info.policies.some((p) => p.enforcementLevel === "remediate")) return { diagnostics: [] };
        // Remediate takes the same request as Analyze (analyzer_grpc_pb.d.ts: remediate(AnalyzeRequest)).
        const response = await this.send<analyzerpb.RemediateResponse>("remediate", analyzeRequestBytes(resource, urnIndexOf(resources)));
        return remediationOf(response, resource.urn);
    }

    async analyze(resource: CapturedResource, resources: readonly CapturedResource[] = []): Promise<PolicyDiagnostic[]> {
        return (await this.analyzeDetailed(resource, resources)).diagnostics;
    }

    async analyzeStack(resources: readonly CapturedResource[]): Promise<PolicyDiagnostic[]> {
        const response = await this.send<analyzerpb.AnalyzeResponse>("analyzeStack", analyzeStackRequestBytes(resources));
        return diagnosticsOf(response, stackUrnResolver(resources));
    }

    async check(stack: CapturedStack, mode: EngineMode = stack.mode): Promise<AnalysisResult> {
        return resultOf(await runDeployment(this, stack, mode));
    }

    async checkQueued(stack: CapturedStack, queue: AnalysisQueue, mode: EngineMode = stack.mode): Promise<AnalysisResult> {
        return resultOf(await runQueuedDeployment(this, stack, queue, mode));
    }

    async analyzeEvery(stack: CapturedStack): Promise<Omit<AnalysisResult, "outcome">> {
        // A preview analyzes every registration and the stack whatever they find (deployment.ts).
        const { resources, stack: stackDiags } = await this.check(stack, "preview");
        return { resources, stack: stackDiags };
    }

    async close(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
        await exited;
        clearTimeout(timer);
    }
}

/**
 * Starts a policy pack the way `pulumi preview --policy-pack <dir>` does: spawns the pack's
 * `run-policy-pack` in the pack directory, reads its port, then Handshake, ConfigureStack,
 * GetAnalyzerInfo and Configure over the real Analyzer gRPC protocol.
 */
export async function startPolicyPack(packDir: string, options: PolicyPackOptions = {}): Promise<PolicyPackSession> {
    const dir = path.resolve(packDir);
    if (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) throw new Error(`no PulumiPolicy.yaml in ${dir}`);
    const ctx: StackContext = { project: "project", stack: "stack", ...options.stack };
    // The file is read and its ESC environments resolved before the pack is loaded (update.go:947-984).
    const file = options.config === undefined ? undefined : parsePolicyPackConfig(options.config);
    assertResolvableEnvironments(file, packDir);
    const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    const started = Date.now();
    const { child, port, stderr } = await spawnPack(dir, ctx, timeoutMs, options.env, options.onSpawned ?? killWithThisProcess);
    const startupMs = Date.now() - started;
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
        "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    });
    try {
        await waitForReady(client, timeoutMs);
        await handshake(client, dir);
        await configureStack(client, ctx);
        const response = await call<analyzerpb.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new emptypb.Empty(), cb));
        const configInfo = configInfoOf(response);
        const entries = packConfiguration(configInfo, file, packDir);
        if (entries !== undefined) await call((cb) => client.configure(configureRequest(entries), cb));
        const info = { ...withConfiguredLevels(analyzerInfo(response), entries), unreadConfig: unreadConfig(configInfo.policies, file) };
        return new Session(client, child, stderr, info, startupMs);
    } catch (err) {
        client.close();
        child.kill("SIGKILL");
        // A config the CLI refuses is the user's to fix, not a pack that failed to start.
        if (err instanceof PolicyConfigError) throw err;
        throw new PolicyPackStartError(`policy pack ${dir} failed during setup: ${err instanceof Error ? err.message : String(err)}`, stderr());
    }
}

/** Starts a pack with the stack context of a captured run (project, stack, preview or not). */
export function startPolicyPackFor(packDir: string, stack: CapturedStack, options: PolicyPackOptions = {}): Promise<PolicyPackSession> {
    return startPolicyPack(packDir, { ...options, stack: stackContextOf(stack, options.stack ?? {}) });
}
