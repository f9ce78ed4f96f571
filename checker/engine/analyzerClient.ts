import type { ChildProcess } from "node:child_process";
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
    packConfiguration,
    policyConfigSchema,
    unreadConfig,
} from "./policyConfig";
import { analyzeRequestBytes, analyzeStackRequestBytes } from "./analyzerWire";
import { PackLaunch, PolicyPackOptions, PolicyPackStartError, StackContext, launchPolicyPack } from "./packProcess";
import { urnIndexOf } from "./urnIndex";
import type { AnalysisQueue } from "./analysisQueue";
import { DeploymentOutcome, resourceDiagnostics, runDeployment, runQueuedDeployment, stackDiagnostics } from "./deployment";
import { emptypb, grpc } from "./sdkModules";
import { CapturedResource, CapturedStack, EngineMode } from "./types";
import { WireObject } from "./wire";

export type { EnforcementLevel, PolicyDiagnostic, PolicyNotApplicable } from "./analyzerRequests";
export type { PolicyConfigEntry, PolicyPackOptions, StackContext } from "./packProcess";
export { launchPolicyPack } from "./packProcess";
export { analyzedResources } from "./deployment";
export type { DeploymentOutcome } from "./deployment";

export { PolicyConfigError } from "./policyConfig";

const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

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
    return connectPolicyPack(launchPolicyPack(packDir, options));
}

/** The gRPC half of `startPolicyPack`: once the launched pack printed its port, Handshake, ConfigureStack, GetAnalyzerInfo and Configure. */
export async function connectPolicyPack(launch: PackLaunch): Promise<PolicyPackSession> {
    const { dir, ctx, file, timeoutMs } = launch;
    const { child, port, stderr } = await launch.spawned;
    const startupMs = Date.now() - launch.spawnedAt;
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
        const entries = packConfiguration(configInfo, file, launch.packDir);
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
