import type { PolicyDiagnostic, RemediationResult } from "./analyzerRequests";
import type { CapturedResource, EngineMode } from "./types";
import type { WireObject } from "./wire";

/**
 * Remediate + Analyze of each registration, sent to the pack as registrations arrive, with a
 * bounded number of requests in flight, and read back in registration order.
 *
 * The engine analyzes each registration when its RegisterResource event reaches the step
 * generator, while the program goes on (pulumi/pulumi at 1b5949891b3c): the resource monitor
 * hands each registration to the executor and blocks only that RPC until its step is done
 * (pkg/resource/deploy/source_eval.go:3024-3043); the executor's loop takes the events as they
 * come (deployment_executor.go:262-347) and runs Remediate and Analyze there
 * (step_generator.go:1401-1469); the Node SDK's `registerResource` returns at once and sends the
 * RPC when the inputs resolve (sdk/nodejs/runtime/resource.ts:532-560), so the program's other
 * registrations keep coming. So analysis overlaps the program's run. Here the monitor hands each recorded
 * resource to `push` while the program runs, and requests start as soon as the pack is up
 * (`attach`). The pack answers each request on its own (an Analyze request carries everything
 * the policies see), so sending several at once changes no answer; `result(i)` gives them back
 * in registration order, so the report's order is the registration order whatever order the
 * answers came in.
 *
 * A preview analyzes every registration whatever it finds (deployment.ts), so its requests go
 * several at a time: the pack is asked exactly what the engine would ask it. An update stops at
 * the first mandatory violation and never analyzes what follows, so its requests go one at a
 * time and the queue stops sending at that violation: the pack is never asked about a
 * registration the engine would not have analyzed.
 */

/** What a deployment needs from a policy pack: the engine's three analysis calls. */
export interface DeploymentAnalyzer {
    remediate(resource: CapturedResource, resources: readonly CapturedResource[]): Promise<RemediationResult>;
    analyze(resource: CapturedResource, resources: readonly CapturedResource[]): Promise<PolicyDiagnostic[]>;
    analyzeStack(resources: readonly CapturedResource[]): Promise<PolicyDiagnostic[]>;
}

/** The diagnostics Remediate and Analyze returned for one registration. */
export interface ResourceAnalysis {
    urn: string;
    diagnostics: PolicyDiagnostic[];
    /** The inputs after Remediate, when a remediation changed them (what Analyze and the step saw). */
    remediatedInputs?: WireObject;
}

/** Enough to keep the pack busy between the checker's turns of its event loop; bounds memory. */
const PREVIEW_IN_FLIGHT = 16;

interface Slot {
    resource: CapturedResource;
    result: Promise<ResourceAnalysis>;
    settle: { resolve(a: ResourceAnalysis): void; reject(e: unknown): void };
}

/** Remediate first, whose changed inputs are what Analyze sees, then Analyze (step_generator.go:1401-1469). */
export async function analyzeOne(pack: DeploymentAnalyzer, resource: CapturedResource, resources: readonly CapturedResource[]): Promise<ResourceAnalysis> {
    const remediation = await pack.remediate(resource, resources);
    const analyzed = remediation.inputs === undefined ? resource : { ...resource, inputs: remediation.inputs };
    const diagnostics = [...remediation.diagnostics, ...(await pack.analyze(analyzed, resources))];
    return remediation.inputs === undefined ? { urn: resource.urn, diagnostics } : { urn: resource.urn, diagnostics, remediatedInputs: remediation.inputs };
}

export class AnalysisQueue {
    /** Every resource recorded so far (reads too): what providers are looked up in. */
    private readonly all: CapturedResource[] = [];
    /** The registrations the engine analyzes (not reads), in registration order. */
    private readonly slots: Slot[] = [];
    private pack: DeploymentAnalyzer | undefined;
    private started = 0;
    private inFlight = 0;
    private stopped = false;

    private readonly maxInFlight: number;

    constructor(readonly mode: EngineMode) {
        this.maxInFlight = mode === "preview" ? PREVIEW_IN_FLIGHT : 1;
    }

    /** A resource as the engine records it, in registration order; reads are never analyzed (deployment.ts `analyzedResources`). */
    push(resource: CapturedResource): void {
        this.all.push(resource);
        if (resource.origin === "read") return;
        let settle: Slot["settle"] = { resolve: () => undefined, reject: () => undefined };
        const result = new Promise<ResourceAnalysis>((resolve, reject) => (settle = { resolve, reject }));
        // Read only in order, maybe never (a failed program, a stopped update): never unhandled.
        result.catch(() => undefined);
        this.slots.push({ resource, result, settle });
        this.pump();
    }

    /** The pack is up: requests start. */
    attach(pack: DeploymentAnalyzer): void {
        this.pack = pack;
        this.pump();
    }

    /** Sends nothing more (an update that stopped). */
    stop(): void {
        this.stopped = true;
    }

    get length(): number {
        return this.slots.length;
    }

    registration(index: number): CapturedResource | undefined {
        return this.slots[index]?.resource;
    }

    result(index: number): Promise<ResourceAnalysis> {
        return this.slots[index].result;
    }

    private pump(): void {
        const pack = this.pack;
        if (pack === undefined) return;
        while (!this.stopped && this.inFlight < this.maxInFlight && this.started < this.slots.length) {
            const slot = this.slots[this.started++];
            this.inFlight++;
            analyzeOne(pack, slot.resource, this.all)
                .then((analysis) => {
                    // An update stops at its first mandatory violation (deployment.ts runUpdate).
                    if (this.mode === "update" && analysis.diagnostics.some((d) => d.enforcementLevel === "mandatory")) this.stop();
                    slot.settle.resolve(analysis);
                }, slot.settle.reject)
                .finally(() => {
                    this.inFlight--;
                    this.pump();
                });
        }
    }
}
