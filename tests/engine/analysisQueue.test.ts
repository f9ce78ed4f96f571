import * as assert from "node:assert/strict";
import { AnalysisQueue, DeploymentAnalyzer } from "../../checker/engine/analysisQueue";
import type { PolicyDiagnostic, RemediationResult } from "../../checker/engine/analyzerRequests";
import { runQueuedDeployment } from "../../checker/engine/deployment";
import type { CapturedResource, CapturedStack } from "../../checker/engine/types";

/**
 * The analysis queue (checker/engine/analysisQueue.ts): requests sent while registrations still
 * arrive, answers read back in registration order whatever order they come in, at most 16 in
 * flight in a preview, one at a time in an update, which asks nothing after its stop.
 */

function resource(i: number, origin: CapturedResource["origin"] = "program"): CapturedResource {
    return {
        urn: `urn:pulumi:s::p::aws-native:iam:Role::r${i}`,
        type: "aws-native:iam:Role",
        name: `r${i}`,
        custom: true,
        origin,
        dependencies: [],
        propertyDependencies: {},
        inputs: { roleName: `r${i}` },
        outputs: {},
        options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [], customTimeouts: { create: 0, update: 0, delete: 0 } },
    };
}

function diagnostic(urn: string, level: PolicyDiagnostic["enforcementLevel"]): PolicyDiagnostic {
    return { policyName: "p", policyPackName: "pack", policyPackVersion: "1", description: "", message: urn, enforcementLevel: level, urn };
}

/** Answers after a delay that makes later requests finish first; mandatory for the names given. */
class SlowPack implements DeploymentAnalyzer {
    readonly asked: string[] = [];
    inFlight = 0;
    maxInFlight = 0;
    constructor(private readonly mandatory: ReadonlySet<string> = new Set()) {}

    remediate(): Promise<RemediationResult> {
        return Promise.resolve({ diagnostics: [] });
    }

    async analyze(r: CapturedResource): Promise<PolicyDiagnostic[]> {
        this.asked.push(r.name);
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 40 - (Number(r.name.slice(1)) % 8) * 5));
        this.inFlight--;
        return [diagnostic(r.urn, this.mandatory.has(r.name) ? "mandatory" : "advisory")];
    }

    analyzeStack(): Promise<PolicyDiagnostic[]> {
        return Promise.resolve([]);
    }
}

function stackOf(resources: CapturedResource[], mode: CapturedStack["mode"]): CapturedStack {
    return { mode, project: "p", stack: "s", resources, invokes: [], unsupportedInvokes: [], logs: [] };
}

describe("analysis queue: in flight while the program runs, read in registration order", () => {
    it("a preview: answers in registration order, at most 16 in flight, reads never analyzed, sent before the last registration", async () => {
        const resources = Array.from({ length: 60 }, (_, i) => resource(i, i === 7 ? "read" : "program"));
        const queue = new AnalysisQueue("preview");
        const pack = new SlowPack();
        queue.attach(pack);
        for (const r of resources.slice(0, 30)) queue.push(r);
        await new Promise((resolve) => setTimeout(resolve, 10));
        assert.ok(pack.asked.length > 0, "requests went out before the program ended");
        for (const r of resources.slice(30)) queue.push(r);
        const outcome = await runQueuedDeployment(pack, stackOf(resources, "preview"), queue);
        const expected = resources.filter((r) => r.origin !== "read").map((r) => r.urn);
        assert.deepEqual(outcome.analyzed.map((a) => a.urn), expected);
        assert.deepEqual(outcome.analyzed.map((a) => a.diagnostics[0].message), expected);
        assert.equal(pack.asked.length, expected.length);
        assert.ok(pack.maxInFlight > 1 && pack.maxInFlight <= 16, `max in flight ${pack.maxInFlight}`);
    });

    it("an update: one request at a time, and none after the first mandatory violation", async () => {
        const resources = Array.from({ length: 20 }, (_, i) => resource(i));
        const queue = new AnalysisQueue("update");
        const pack = new SlowPack(new Set(["r5"]));
        queue.attach(pack);
        for (const r of resources) queue.push(r);
        const outcome = await runQueuedDeployment(pack, stackOf(resources, "update"), queue);
        assert.equal(outcome.stoppedAt, resources[5].urn);
        assert.deepEqual(pack.asked, ["r0", "r1", "r2", "r3", "r4", "r5"]);
        assert.equal(pack.maxInFlight, 1);
        assert.equal(outcome.notAnalyzed.length, 14);
    });
});
