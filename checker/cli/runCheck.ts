import * as fs from "node:fs";
import * as path from "node:path";
import { AnalyzerInfo, PolicyConfigEntry, PolicyConfigError, analyzedResources } from "../engine/analyzerClient";
import type { CapturedResource, CapturedStack, EngineMode } from "../engine/types";
import type { CheckReport } from "../report/types";
import type { WireObject } from "../engine/wire";
import { DEFAULT_STACK } from "./args";
import { CedarHandOff } from "./cedarHandOff";
import { CheckFailure } from "./errors";
import { defaultPolicyPackDir, packageVersion } from "./packageInfo";
import { Progress, silentProgress } from "./progress";
import { packPreloadEnv } from "./packEnv";
import { policyConfigFailure } from "./policyConfig";
import { readProjectFile } from "./project";
import { readStackProduction, withStackProduction } from "./productionSetting";
import { installedCodeCache } from "./compileCache";
import { PackThread } from "./packThread";
import { assertSameSdk } from "./sdkIdentity";
import { installTypeScriptLoader } from "./typescriptLoader";

export interface CheckOptions {
    /** A Pulumi project directory (its Pulumi.yaml and, if present, Pulumi.<stack>.yaml are read). */
    programDir: string;
    /** @default "dev" */
    stack?: string;
    /** @default "preview" (a first `pulumi preview`) */
    mode?: EngineMode;
    /** @default this package's compiled policy pack */
    policyPackDir?: string;
    /** Policy config, as a `--policy-pack-config` file holds it. */
    policyConfig?: Record<string, PolicyConfigEntry>;
    /** The file `policyConfig` was read from, for messages. */
    policyConfigFile?: string;
    /** Told of config the Pulumi CLI accepts but no policy reads (a misspelled name), which changes no verdict. */
    onUnreadConfig?: (notes: readonly string[]) => void;
    /**
     * Run `stack` even when its `Pulumi.<stack>.yaml` does not exist (with the project's config
     * defaults only). Without it, a `stack` given without its file is refused: a misspelled stack
     * would otherwise be checked silently with defaults. @default false
     */
    allowMissingStackConfig?: boolean;
    /** Stack config values that override the stack file (bare keys are the project's). */
    config?: Record<string, string>;
    progress?: Progress;
    /** Outputs of the stacks the program reads through `StackReference`s (`org/project/stack` -> outputs). */
    stackReferences?: Record<string, WireObject>;
    /** Stacks checked after this one in the same set (reading one is an ordering mistake, named). */
    laterStacks?: readonly string[];
    /** Told of the captured program before it is analyzed (a stack set reads its outputs and roles). */
    onCaptured?: (stack: CapturedStack) => void;
}

/**
 * The stack's `Pulumi.<stack>.yaml`, or undefined when the stack runs with the project's
 * defaults only: the default stack without a file, or a named one with `allowMissingStackConfig`.
 */
function stackConfigFile(dir: string, options: CheckOptions): string | undefined {
    const stack = options.stack ?? DEFAULT_STACK;
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (fs.existsSync(file)) return file;
    if (options.stack === undefined || options.allowMissingStackConfig === true) return undefined;
    const others = fs.readdirSync(dir).filter((f) => /^Pulumi\.[^.]+\.ya?ml$/.test(f)).map((f) => f.replace(/^Pulumi\.|\.ya?ml$/g, ""));
    throw new CheckFailure(
        "usage",
        `--stack ${stack}: ${dir} has no Pulumi.${stack}.yaml, so the stack's config is unknown (${others.length > 0 ? `stacks with a file: ${others.join(", ")}` : "no stack has a file"}). ` +
            "Fix: name a stack that has its file, or pass --allow-missing-stack-config to check it with the project's config defaults only.",
    );
}

function since(start: number): number {
    return Math.round(performance.now() - start);
}

/** Runs the program, turning its failure into exit-code-2 material: its messages and any invoke it needed. */
async function runProgram(dir: string, entry: string, options: CheckOptions, queue: { push(resource: CapturedResource): void }): Promise<CapturedStack> {
    const [{ ProgramRunError }, { runProgramFile, SecretConfigError }] = await Promise.all([import("../engine/capture"), import("../engine/programFile")]);
    try {
        return await runProgramFile(dir, {
            mode: options.mode ?? "preview",
            stack: options.stack ?? DEFAULT_STACK,
            config: options.config ?? {},
            stackReferences: options.stackReferences ?? {},
            ...(options.laterStacks ? { laterStacks: options.laterStacks } : {}),
            onRecorded: (resource) => queue.push(resource),
        });
    } catch (err) {
        if (err instanceof ProgramRunError) {
            const unsupported = err.unsupportedInvokes;
            const message = unsupported.length > 0
                ? `The program did not run under the mock engine: it calls provider functions that cannot be answered offline: ${unsupported.join(", ")}.`
                : "The program failed under the mock engine:";
            throw new CheckFailure("program", message, err.errors, unsupported, { entry, componentErrors: err.componentErrors, logs: err.captured.logs });
        }
        if (err instanceof SecretConfigError) throw new CheckFailure("program", err.message, [], [], { entry });
        throw new CheckFailure("program", `The program did not run under the mock engine: ${(err as Error).message}`, [(err as Error).stack ?? String(err)]);
    }
}

/** The pack's start, as the thread reports it; a failure is the user's config or a pack that did not start. */
async function packStarted(thread: PackThread, dir: string, options: CheckOptions): Promise<{ info: AnalyzerInfo; startupMs: number }> {
    try {
        return await thread.started;
    } catch (err) {
        if (err instanceof PolicyConfigError) throw policyConfigFailure(err, options.policyConfigFile);
        throw new CheckFailure("pack", `The policy pack ${dir} did not start: ${(err as Error).message}`);
    }
}

function startPackThread(dir: string, project: string, options: CheckOptions, cedar: CedarHandOff): PackThread {
    const mode = options.mode ?? "preview";
    const cache = installedCodeCache();
    return new PackThread(
        dir,
        {
            // One production mode: the stack's agentcore-hub:production, which the components read too.
            config: withStackProduction(options.policyConfig ?? {}, readStackProduction(path.resolve(options.programDir), options.stack ?? DEFAULT_STACK, options.config ?? {})),
            stack: { project, stack: options.stack ?? DEFAULT_STACK, dryRun: mode === "preview" },
            env: { ...packPreloadEnv(dir), ...cedar.env() },
        },
        mode,
        cache === undefined ? undefined : `${cache}-pack-thread`,
    );
}

/**
 * One offline check, as `agentcore-hub check` runs it: the program under the mock engine and
 * the policy pack's start overlap (the pack is its own process); then the resources go
 * through `Analyze` and the stack through `AnalyzeStack` as the engine would send them in this
 * mode (a preview analyzes everything; an update stops at the first mandatory resource
 * violation: checker/engine/deployment.ts), and the report adds who can reach what. Rejects with a `CheckFailure` when the
 * program or the pack cannot run.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
    const started = performance.now();
    const progress = options.progress ?? silentProgress;
    const dir = path.resolve(options.programDir);
    const project = readProjectFile(dir);
    const stackFile = stackConfigFile(dir, options);
    assertSameSdk(dir);
    const packDir = path.resolve(options.policyPackDir ?? defaultPolicyPackDir());

    progress.phase("starting the policy pack and running the program");
    // The pack starts in its own process, driven from a worker thread (packThread.ts), spawned
    // before the SDK and the checker's own modules load (below, on demand): its start overlaps
    // all of that and the program's run, and each registration is sent to it as the program
    // makes it, as the engine analyzes registrations while the program runs.
    // The program's Cedar answers reach the pack through a directory named in its environment.
    const cedar = new CedarHandOff();
    try {
        return await runCheckWith(cedar, options, { started, dir, project, stackFile, packDir });
    } finally {
        cedar.remove();
    }
}

async function runCheckWith(
    cedar: CedarHandOff,
    options: CheckOptions,
    { started, dir, project, stackFile, packDir }: { started: number; dir: string; project: ReturnType<typeof readProjectFile>; stackFile: string | undefined; packDir: string },
): Promise<CheckReport> {
    const progress = options.progress ?? silentProgress;
    let packStartMs = 0;
    const packStart = performance.now();
    let thread: PackThread;
    try {
        thread = startPackThread(packDir, project.name, options, cedar);
    } catch (err) {
        throw new CheckFailure("pack", `The policy pack ${packDir} did not start: ${(err as Error).message}`);
    }
    thread.started.then(() => (packStartMs = since(packStart)), () => undefined);
    const queue = { push: (resource: CapturedResource) => thread.push(resource) };
    let stack: CapturedStack;
    let entry: string;
    const programStarted = performance.now();
    try {
        const { resolveEntry } = await import("../engine/programFile");
        entry = resolveEntry(dir, project.main);
        installTypeScriptLoader();
        stack = await runProgram(dir, entry, options, queue);
        options.onCaptured?.(stack);
    } catch (err) {
        // The pack is not needed any more; stop it without waiting for it here.
        void thread.close();
        throw err instanceof CheckFailure ? err : new CheckFailure("program", (err as Error).message);
    }
    const programMs = since(programStarted);

    progress.phase("waiting for the policy pack");
    let session: { info: AnalyzerInfo; startupMs: number };
    try {
        session = await packStarted(thread, packDir, options);
    } catch (err) {
        void thread.close();
        throw err;
    }
    if (session.info.unreadConfig.length > 0) options.onUnreadConfig?.(session.info.unreadConfig);
    const analyzeStarted = performance.now();
    progress.phase(`analyzing ${analyzedResources(stack).length} resources and summarizing access`);
    // The deployment's analysis is asked for first: the pack thread finishes the queued Analyze
    // requests and asks for AnalyzeStack while this thread loads the report's modules and
    // summarizes access. The Cedar answers are written before: the pack reads them when its
    // stack policies start.
    cedar.share();
    const analyzed = thread.check(stack);
    // Awaited below: never an unhandled rejection meanwhile.
    analyzed.catch(() => undefined);
    let analysis;
    let accessMs = 0;
    let accessDone: Promise<CheckReport["access"]>;
    let modules;
    try {
        modules = await Promise.all([
            import("../access/summary"),
            import("../access/accounts"),
            import("../report/diagnostics"),
            import("../report/resources"),
            import("../report/outcome"),
        ]);
        const [{ buildAccessSummaryInSlices }] = modules;
        // The access summary needs only the captured program, so it is computed on this thread while
        // the pack thread and the pack analyze, in slices so that this thread still handles the
        // pack thread's messages as they come (access/steps.ts).
        accessDone = buildAccessSummaryInSlices(stack).then((summary) => {
            accessMs = since(analyzeStarted);
            return summary;
        });
        // Awaited after the analysis: never an unhandled rejection meanwhile.
        accessDone.catch(() => undefined);
        try {
            analysis = await analyzed;
        } catch (err) {
            throw new CheckFailure("pack", `The policy pack failed while analyzing: ${(err as Error).message}`);
        }
    } finally {
        await thread.close();
    }
    const analyzeMs = since(analyzeStarted);
    const [, { resourceScopes }, { classifyOutcome }, { groupResources }, { engineOutcome }] = modules;
    const access = await accessDone;
    const classified = classifyOutcome(analysis.outcome, stack.resources);
    const resources = groupResources(stack, resourceScopes(stack));
    return {
        schemaVersion: 1,
        tool: { name: "agentcore-hub", version: packageVersion() },
        program: { dir, entry, project: stack.project, stack: stack.stack, mode: stack.mode, ...(stackFile !== undefined ? { stackFile } : {}) },
        policyPack: { dir: packDir, name: session.info.name, version: session.info.version, policies: session.info.policies },
        // The engine fails a run exactly when it saw a mandatory diagnostic, which is a violation here.
        passed: analysis.outcome.result === "succeeded",
        outcome: engineOutcome(analysis.outcome, stack),
        counts: {
            resources: resources.reduce((n, g) => n + g.resources.length, 0),
            violations: classified.violations.length,
            deferred: classified.deferred.length,
            advisories: classified.advisories.length,
        },
        resources,
        ...classified,
        access,
        logs: stack.logs,
        emulatedInvokes: [...new Set(stack.invokes.filter((i) => i.error === undefined).map((i) => i.token))],
        timings: { totalMs: since(started), programMs, packStartMs, analyzeMs, accessMs },
    };
}
