import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import * as settingsModule from "@pulumi/pulumi/runtime/settings";
import * as stackModule from "@pulumi/pulumi/runtime/stack";
import * as stateModule from "@pulumi/pulumi/runtime/state";
import type { Problem } from "../../invariants/problems";
import { runCallbacksInThisContext } from "./callbackContext";
import { RunStore, inFreshStore } from "./globalStore";
import { InvokeEmulator, defaultInvokeEmulator } from "./invokes";
import { CapturingMonitor } from "./monitor";
import { quietSdk } from "./sdkQuiet";
import { OutputSynthesizer, defaultOutputSynthesizer } from "./synthesize";
import { CapturedLog, CapturedResource, CapturedStack, ComponentError, EngineMode, LogSeverity } from "./types";
import { WireObject } from "./wire";

export * from "./types";

export interface RunOptions {
    mode: EngineMode;
    project?: string;
    stack?: string;
    /** Stack config. Bare keys are the project's (`key` -> `<project>:key`); `aws:region` as written. */
    config?: Record<string, string>;
    outputs?: OutputSynthesizer;
    invokes?: InvokeEmulator;
    /** Outputs of stacks named by `StackReference`s (`org/project/stack` -> outputs). */
    stackReferences?: Record<string, WireObject>;
    /** Stacks checked later in the same set: reading one first fails with an ordering hint. */
    laterStacks?: readonly string[];
    /** Told of each resource as the engine records it, in registration order. */
    onRecorded?: (resource: CapturedResource) => void;
}

/** A program that failed, with what it had registered until then and the invokes it could not get answered. */
export class ProgramRunError extends Error {
    constructor(
        readonly errors: string[],
        readonly captured: CapturedStack,
        /** The errors among them that are our components' construction errors, with their problems. */
        readonly componentErrors: ComponentError[] = [],
    ) {
        super(errors.join("\n"));
        this.name = "ProgramRunError";
    }

    get unsupportedInvokes(): string[] {
        return this.captured.unsupportedInvokes;
    }
}

/**
 * Internal parts of the SDK's runtime this module drives, as the CLI's language host does: a
 * fresh store (the global one: globalStore.ts), reset options, config, the program inside
 * `runInPulumiStack`, then a wait until every outstanding RPC has drained.
 */
interface RuntimeStore {
    settings: { engine?: unknown };
    logErrorCount: number;
    supportsSecrets: boolean;
    supportsResourceReferences: boolean;
    supportsOutputValues: boolean;
    supportsDeletedWith: boolean;
    supportsReplaceWith: boolean;
    supportsAliasSpecs: boolean;
    supportsTransforms: boolean;
    supportsInvokeTransforms: boolean;
    supportsParameterization: boolean;
    supportsResourceHooks: boolean;
    supportsErrorHooks: boolean;
    supportsInvokeDependsOn: boolean;
}
const state = stateModule as unknown as {
    getStore(): RuntimeStore;
};
const settings = settingsModule as typeof settingsModule & { waitForRPCs(): Promise<void> };

const DEFAULT_PROJECT = "project";
const DEFAULT_STACK = "stack";

/** Qualifies bare config keys with the project, as the CLI does when it reads stack config. */
export function qualifyConfig(config: Record<string, string>, project: string): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) result[key.includes(":") ? key : `${project}:${key}`] = value;
    return result;
}

/**
 * Stands in for the engine's log service, so `pulumi.log.*` calls are kept with the run
 * (and an error log fails the run, as it fails `pulumi up`).
 */
class LogCollectingEngine {
    readonly logs: CapturedLog[] = [];
    private rootUrn = "";

    log(req: engproto.LogRequest, callback: (err: Error | null, response: object) => void): void {
        // The SDK traces every registration at debug level; only what a user would see is kept.
        if (req.getSeverity() !== engproto.LogSeverity.DEBUG) {
            const entry: CapturedLog = { severity: severityName(req.getSeverity()), message: req.getMessage() };
            if (req.getUrn() !== "") entry.urn = req.getUrn();
            this.logs.push(entry);
        }
        callback(null, {});
    }

    setRootResource(req: engproto.SetRootResourceRequest, callback: (err: Error | null, response: object) => void): void {
        this.rootUrn = req.getUrn();
        callback(null, new engproto.SetRootResourceResponse());
    }

    getRootResource(_req: engproto.GetRootResourceRequest, callback: (err: Error | null, response: object) => void): void {
        callback(null, new engproto.GetRootResourceResponse().setUrn(this.rootUrn));
    }

    requirePulumiVersion(_req: object, callback: (err: Error | null, response: object) => void): void {
        callback(null, {});
    }
}

function severityName(severity: engproto.LogSeverity): LogSeverity {
    switch (severity) {
        case engproto.LogSeverity.DEBUG:
            return "debug";
        case engproto.LogSeverity.INFO:
            return "info";
        case engproto.LogSeverity.WARNING:
            return "warning";
        default:
            return "error";
    }
}

/** Mirrors `setMocks`: every monitor feature except output values (so unknowns are plain sentinels). */
function enableMockFeatures(store: RuntimeStore): void {
    store.supportsSecrets = true;
    store.supportsResourceReferences = true;
    store.supportsOutputValues = false;
    store.supportsDeletedWith = true;
    store.supportsReplaceWith = true;
    store.supportsAliasSpecs = true;
    store.supportsTransforms = true;
    store.supportsInvokeTransforms = true;
    store.supportsParameterization = true;
    store.supportsResourceHooks = true;
    store.supportsErrorHooks = true;
    store.supportsInvokeDependsOn = false;
}

/**
 * Collects every failure of the program: the rejection of the program itself, and errors that
 * escape as unhandled rejections (an exception inside an `apply`, a failed registration).
 */
class ErrorCollector {
    private readonly seen = new Set<unknown>();
    private readonly messages: string[] = [];
    readonly componentErrors: ComponentError[] = [];
    private readonly handler = (err: unknown): void => this.add(err);

    listen(): void {
        process.on("uncaughtException", this.handler);
        process.on("unhandledRejection", this.handler);
    }

    stop(): void {
        process.off("uncaughtException", this.handler);
        process.off("unhandledRejection", this.handler);
    }

    add(err: unknown): void {
        if (this.seen.has(err)) return;
        this.seen.add(err);
        const message = err instanceof Error ? err.message : String(err);
        if (!this.messages.includes(message)) this.messages.push(message);
        const problems = componentProblems(err);
        if (problems !== undefined && !this.componentErrors.some((c) => c.message === message)) this.componentErrors.push({ message, problems });
    }

    errors(logs: readonly CapturedLog[]): string[] {
        const logged = logs.filter((l) => l.severity === "error").map((l) => l.message);
        return [...this.messages, ...logged.filter((m) => !this.messages.some((e) => m.includes(e)))];
    }
}

/**
 * The problems of our components' construction error. Recognized by name and shape, not by
 * class: the program loads the package from its own node_modules, a module instance the
 * checker does not import.
 */
function componentProblems(err: unknown): Problem[] | undefined {
    if (!(err instanceof Error) || err.name !== "AgentCoreHubValidationError") return undefined;
    const problems = (err as Error & { problems?: unknown }).problems;
    if (!Array.isArray(problems)) return undefined;
    const valid = problems.filter((p): p is Problem => typeof p === "object" && p !== null && typeof p.invariant === "string" && typeof p.message === "string" && typeof p.fix === "string");
    return valid.length === problems.length ? valid : undefined;
}

/** Unhandled rejections are reported after the microtask queue drains; give them two turns. */
async function settleEventLoop(): Promise<void> {
    for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs are serialized: each has its own runtime store, but process-level error events cannot be
 * told apart, so a failure is only attributable while a single program runs.
 */
function serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
}

function isOutputsRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Runs `program` under Pulumi's mock runtime and returns what the engine would show analyzers.
 * Preview mode is a first preview; update mode assigns synthesized ids and outputs. Rejects
 * with a `ProgramRunError` carrying the program's error messages when the program fails.
 */
export function runUnderMocks(program: () => unknown, options: RunOptions): Promise<CapturedStack> {
    return serialized(() => inFreshStore((store) => runIsolated(program, options, store)));
}

async function runIsolated(program: () => unknown, options: RunOptions, runStore: RunStore): Promise<CapturedStack> {
    const project = options.project ?? DEFAULT_PROJECT;
    const stack = options.stack ?? DEFAULT_STACK;
    const config = qualifyConfig(options.config ?? {}, project);
    const monitor = new CapturingMonitor({
        mode: options.mode,
        project,
        stack,
        config,
        synthesizer: options.outputs ?? defaultOutputSynthesizer,
        invokes: options.invokes ?? defaultInvokeEmulator,
        stackReferences: options.stackReferences ?? {},
        ...(options.laterStacks ? { laterStacks: options.laterStacks } : {}),
        ...(options.onRecorded ? { onRecorded: options.onRecorded } : {}),
    });
    const engine = new LogCollectingEngine();
    settings.setMockOptions(monitor, project, stack, options.mode === "preview");
    const store = state.getStore();
    enableMockFeatures(store);
    store.settings.engine = engine;
    // In the global store callbacks find the run's store as under the CLI (globalStore.ts).
    if (runStore === "asyncLocal") runCallbacksInThisContext(store);
    runtimeConfig.setAllConfig(config, []);
    const collector = new ErrorCollector();
    collector.listen();
    // Until every RPC has drained: the SDK's stack captures and debug traces nothing reads (sdkQuiet.ts).
    const restoreSdk = quietSdk();
    try {
        await stackModule.runInPulumiStack(async () => {
            const result = await program();
            return isOutputsRecord(result) ? result : undefined;
        });
    } catch (err) {
        collector.add(err);
    } finally {
        await settings.waitForRPCs();
        await settleEventLoop();
        restoreSdk();
        collector.stop();
        await settings.disconnect();
    }
    const captured = snapshot(monitor, engine.logs, options.mode, project, stack);
    const errors = collector.errors(engine.logs);
    if (errors.length > 0) throw new ProgramRunError(errors, captured, collector.componentErrors);
    return captured;
}

function snapshot(monitor: CapturingMonitor, logs: CapturedLog[], mode: EngineMode, project: string, stack: string): CapturedStack {
    const result: CapturedStack = {
        mode,
        project,
        stack,
        resources: monitor.captured,
        invokes: monitor.invokeLog,
        unsupportedInvokes: monitor.unsupportedInvokes,
        logs,
    };
    const root = monitor.captured.find((r) => r.type === "pulumi:pulumi:Stack");
    if (root !== undefined) result.stackOutputs = root.outputs;
    return result;
}
