import { AnalysisQueue, DeploymentAnalyzer, ResourceAnalysis, analyzeOne } from "./analysisQueue";
import type { PolicyDiagnostic } from "./analyzerRequests";
import type { CapturedResource, CapturedStack, EngineMode } from "./types";

export type { DeploymentAnalyzer, ResourceAnalysis } from "./analysisQueue";

/**
 * How the Pulumi engine runs a policy pack over one deployment, in preview and in update mode.
 * Citations are to pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8.
 *
 * - Registrations are handled one at a time, in the order the program sent them: the executor's
 *   main loop calls `handleSingleEvent` for one source event before it reads the next
 *   (pkg/resource/deploy/deployment_executor.go:278-317, 612-615). The checker sends several
 *   requests at once (analysisQueue.ts) and reads the answers in that order.
 * - Each registration is analyzed before its step is generated: Remediate, then Analyze
 *   (pkg/resource/deploy/step_generator.go:1401-1469), then the step (step_generator.go:1480 ff.).
 * - A mandatory Analyze diagnostic makes the resource invalid only outside a preview
 *   (pkg/resource/deploy/analyze_snapshot.go:78-82); an invalid resource bails the deployment
 *   before its step (step_generator.go:1475-1478), the main loop returns the bail
 *   (deployment_executor.go:309-315) and AnalyzeStack is skipped (deployment_executor.go:403-405).
 * - In a preview the same diagnostic only marks the step generator errored (analyze_snapshot.go:82,
 *   step_generator.go:3490-3492): analysis carries on, AnalyzeStack runs after every step
 *   (deployment_executor.go:409-410) and the run is reported `preview failed`
 *   (deployment_executor.go:117-124, 422-425).
 * - AnalyzeStack runs once over every resource of the new state (step_generator.go:3496-3581); a
 *   mandatory stack diagnostic marks the run errored (step_generator.go:3609-3630), so an update
 *   is reported `update failed` after every step was applied (deployment_executor.go:409-425).
 */

/** AnalyzeStack's diagnostics, or why the engine never called it. */
export type StackAnalysis =
    | { ran: true; diagnostics: PolicyDiagnostic[]; /** An update: the stack was checked after every step was applied. */ foundAfterApply: boolean }
    | { ran: false; reason: `deployment stopped at ${string}` };

export interface DeploymentOutcome {
    mode: EngineMode;
    /** Every registration that reached Analyze, in registration order. */
    analyzed: ResourceAnalysis[];
    /** Registrations after the one that stopped an update: never analyzed, never stepped. */
    notAnalyzed: string[];
    stack: StackAnalysis;
    /** An update only: the registration whose mandatory Analyze violation stopped the deployment before its step. */
    stoppedAt?: string;
    /** An update that stopped: registrations before `stoppedAt`, whose steps were issued (they may already have been created). */
    appliedBefore: string[];
    /** `failed` exactly when the engine saw a mandatory diagnostic (step_generator.go:225-227, deployment_executor.go:422). */
    result: "succeeded" | "failed";
    /** What the engine prints when the run failed: `preview failed` or `update failed` (deployment_executor.go:117-124). */
    engineMessage?: string;
}

/**
 * The registrations the engine analyzes: every registration it plans a step for, so the root
 * stack, components, explicit and default providers and custom resources, in registration order.
 * Reads (`.get()`, `StackReference`) are `ReadResourceEvent`s, which go to `GenerateReadSteps`
 * and never reach an analyzer (deployment_executor.go:619-621, step_generator.go:292); their
 * state is kept in `reads`, not in the `news` AnalyzeStack iterates (step_executor.go:575-582).
 */
export function analyzedResources(stack: CapturedStack): CapturedResource[] {
    return stack.resources.filter((r) => r.origin !== "read");
}

/** `remediate` is already reported as `mandatory` (analyze_snapshot.go:72-76, step_generator.go:3603-3606). */
function isMandatory(d: PolicyDiagnostic): boolean {
    return d.enforcementLevel === "mandatory";
}

function failedMessage(mode: EngineMode): string {
    return `${mode} failed`;
}

/** A preview: every registration is analyzed whatever it finds, then the stack. */
/**
 * Registration `index`'s analysis: the queue's (sent while the program ran), when the queue
 * holds that very registration; otherwise (a queue fed something else) it is analyzed here.
 */
function analysisAt(queue: AnalysisQueue, pack: DeploymentAnalyzer, stack: CapturedStack, registrations: readonly CapturedResource[], index: number): Promise<ResourceAnalysis> {
    // The queue's copy of a registration may be another object with the same content (a pack
    // thread receives the resources as they register and the stack once it is complete): the
    // registration is the same when its URN is, since inputs are final once recorded.
    return queue.registration(index)?.urn === registrations[index].urn ? queue.result(index) : analyzeOne(pack, registrations[index], stack.resources);
}

async function runPreview(pack: DeploymentAnalyzer, stack: CapturedStack, queue: AnalysisQueue): Promise<DeploymentOutcome> {
    const registrations = analyzedResources(stack);
    const analyzed: ResourceAnalysis[] = [];
    for (const index of registrations.keys()) analyzed.push(await analysisAt(queue, pack, stack, registrations, index));
    const diagnostics = await pack.analyzeStack(registrations);
    const failed = analyzed.some((a) => a.diagnostics.some(isMandatory)) || diagnostics.some(isMandatory);
    return {
        mode: "preview",
        analyzed,
        notAnalyzed: [],
        stack: { ran: true, diagnostics, foundAfterApply: false },
        appliedBefore: [],
        result: failed ? "failed" : "succeeded",
        ...(failed ? { engineMessage: failedMessage("preview") } : {}),
    };
}

/** An update: the first mandatory Analyze violation stops the deployment; otherwise every step runs, then the stack is checked. */
async function runUpdate(pack: DeploymentAnalyzer, stack: CapturedStack, queue: AnalysisQueue): Promise<DeploymentOutcome> {
    const registrations = analyzedResources(stack);
    const analyzed: ResourceAnalysis[] = [];
    for (const [index, r] of registrations.entries()) {
        const analysis = await analysisAt(queue, pack, stack, registrations, index);
        analyzed.push(analysis);
        if (!analysis.diagnostics.some(isMandatory)) continue;
        // The engine stops here: nothing after this registration is analyzed (answers in flight are dropped).
        queue.stop();
        return {
            mode: "update",
            analyzed,
            notAnalyzed: registrations.slice(index + 1).map((n) => n.urn),
            stack: { ran: false, reason: `deployment stopped at ${r.urn}` },
            stoppedAt: r.urn,
            appliedBefore: registrations.slice(0, index).map((b) => b.urn),
            result: "failed",
            engineMessage: failedMessage("update"),
        };
    }
    const diagnostics = await pack.analyzeStack(registrations);
    const failed = diagnostics.some(isMandatory);
    return {
        mode: "update",
        analyzed,
        notAnalyzed: [],
        stack: { ran: true, diagnostics, foundAfterApply: true },
        appliedBefore: [],
        result: failed ? "failed" : "succeeded",
        ...(failed ? { engineMessage: failedMessage("update") } : {}),
    };
}

/**
 * Runs the pack over a captured program as the engine would in `mode`: `preview` is
 * `pulumi preview --policy-pack`; `update` is the update phase of `pulumi up --policy-pack`
 * (`--skip-preview`; without it a failed preview stops `pulumi up` before any change,
 * pkg/backend/apply.go:301-303).
 */
export function runDeployment(pack: DeploymentAnalyzer, stack: CapturedStack, mode: EngineMode = stack.mode): Promise<DeploymentOutcome> {
    const queue = new AnalysisQueue(mode);
    for (const r of stack.resources) queue.push(r);
    return runQueuedDeployment(pack, stack, queue, mode);
}

/**
 * `runDeployment` over a queue the program's registrations were pushed to as they were recorded
 * (the analyses already sent are used, in registration order: analysisQueue.ts).
 */
export function runQueuedDeployment(pack: DeploymentAnalyzer, stack: CapturedStack, queue: AnalysisQueue, mode: EngineMode = stack.mode): Promise<DeploymentOutcome> {
    // A queue fed for another mode sends what that mode sends: analyze here instead.
    if (queue.mode !== mode) return runDeployment(pack, stack, mode);
    queue.attach(pack);
    return mode === "preview" ? runPreview(pack, stack, queue) : runUpdate(pack, stack, queue);
}

/** Every Analyze diagnostic of an outcome, in registration order. */
export function resourceDiagnostics(outcome: DeploymentOutcome): PolicyDiagnostic[] {
    return outcome.analyzed.flatMap((a) => a.diagnostics);
}

/** AnalyzeStack's diagnostics, none when it did not run. */
export function stackDiagnostics(outcome: DeploymentOutcome): PolicyDiagnostic[] {
    return outcome.stack.ran ? outcome.stack.diagnostics : [];
}
