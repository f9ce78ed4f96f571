import * as assert from "node:assert/strict";
import * as path from "node:path";
import { PolicyDiagnostic, PolicyPackSession, startPolicyPack } from "../../checker/engine/analyzerClient";
import { CapturedStack, EngineMode, runUnderMocks } from "../../checker/engine/capture";
import { DEFERRED_POLICY_NAME } from "../../policypack/policies/deferredReport";
import { RESOURCE_POLICIES } from "../../policypack/policies";
import { exampleProgram } from "../policypack/support/exampleMutations";
import { MUTATIONS, MutationCase, expectedPolicy } from "../policypack/support/matrix";
import { RAW_PROGRAM_PACK_CONFIG, rawProgram } from "../policypack/support/rawProgram";

/**
 * The reference example and the hand-written raw program through the faithful engine, end to
 * end: the provider model's Check and preview (checker/engine/providerModel), transforms, and the
 * deployment model (checker/engine/deployment.ts) that decides, as the engine does, what runs and
 * what stops. The counts asserted here are the ones the README quotes.
 */
const PACK = path.resolve(__dirname, "../../dist/policypack");
const RESOURCE_POLICY_NAMES = new Set(RESOURCE_POLICIES.map((p) => p.name));

function capture(program: "example" | "raw", mode: EngineMode, mutation?: string): Promise<CapturedStack> {
    const run = program === "example" ? exampleProgram(mutation as never) : () => rawProgram(mutation as never);
    return runUnderMocks(run, { mode, project: program === "example" ? "agentcore-hub-and-spoke" : "raw-hub", stack: "dev" });
}

function mandatory(diags: readonly PolicyDiagnostic[]): PolicyDiagnostic[] {
    return diags.filter((d) => d.enforcementLevel === "mandatory");
}

function show(diags: readonly PolicyDiagnostic[]): string {
    return diags.map((d) => `${d.policyName}: ${d.message}`).join("\n");
}

/** The policies whose checks the deferred report names (its message ends with `[deferred by <policy>]`). */
function deferredPolicies(diags: readonly PolicyDiagnostic[]): string[] {
    return diags.filter((d) => d.policyName === DEFERRED_POLICY_NAME).flatMap((d) => [...d.message.matchAll(/\[deferred by ([^\]]+)\]/g)].map((m) => m[1]));
}

/** Where `pulumi up` meets an insecure edit: before the insecure resource's step, or after every step. */
type Stage = "stopped before creation" | "found after apply" | "missed";

interface Expected {
    deferred: number;
    deferredBy: string[];
}

// Measured through this engine; a change here is a change in what users see at `pulumi preview`.
const EXPECTED: Record<"example" | "raw", Record<EngineMode, Expected>> = {
    example: { preview: { deferred: 0, deferredBy: [] }, update: { deferred: 0, deferredBy: [] } },
    raw: {
        preview: { deferred: 5, deferredBy: ["agentcore-cedar-policies", "agentcore-gateway-consumer-grants"] },
        update: { deferred: 0, deferredBy: [] },
    },
};

for (const mode of ["preview", "update"] as const) {
    describe(`the faithful engine end to end (${mode})`, function () {
        this.timeout(900_000);
        let session: PolicyPackSession;

        before(async () => {
            session = await startPolicyPack(PACK, { config: RAW_PROGRAM_PACK_CONFIG, stack: { project: "project", stack: "dev", dryRun: mode === "preview" } });
        });
        after(async () => session?.close());

        for (const program of ["example", "raw"] as const) {
            it(`${program}: succeeds with no mandatory violation; deferred checks counted`, async () => {
                const stack = await capture(program, mode);
                const result = await session.check(stack);
                assert.equal(show(mandatory([...result.resources, ...result.stack])), "");
                assert.equal(result.outcome.result, "succeeded");
                assert.equal(result.outcome.stoppedAt, undefined);
                assert.deepEqual(result.outcome.notAnalyzed, []);
                // AnalyzeStack runs in both modes when nothing stopped the run (deployment_executor.go:403-410).
                assert.equal(result.outcome.stack.ran, true);
                if (result.outcome.stack.ran) assert.equal(result.outcome.stack.foundAfterApply, mode === "update");
                const stackDiags = result.stack;
                const deferred = stackDiags.filter((d) => d.policyName === DEFERRED_POLICY_NAME);
                console.log(`      ${program} at ${mode}: ${result.outcome.analyzed.length} registrations analyzed, ${deferred.length} deferred`);
                const expected = EXPECTED[program][mode];
                assert.equal(deferred.length, expected.deferred, show(deferred));
                for (const p of expected.deferredBy) assert.ok(deferredPolicies(stackDiags).includes(p), `${p} not among ${deferredPolicies(stackDiags).join(", ")}`);
                assert.deepEqual(stackDiags.filter((d) => /can't run policy/.test(d.message)).map((d) => d.message), []);
            });
        }

        if (mode === "update") {
            // Every insecure edit of the matrix, as `pulumi up` meets it (analyze_snapshot.go:78-82,
            // step_generator.go:1475-1478: a mandatory Analyze result stops that resource before its
            // step; deployment_executor.go:403-425: a stack result is found after every step).
            const tally: Record<Stage, string[]> = { "stopped before creation": [], "found after apply": [], missed: [] };
            after(() => {
                console.log(`      pulumi up over ${MUTATIONS.length} insecure edits: ${tally["stopped before creation"].length} stopped before the insecure resource is created, ${tally["found after apply"].length} found only after apply`);
            });
            for (const c of MUTATIONS) {
                const policy = expectedPolicy(c, "update");
                it(`${c.program}/${c.mutation}: ${RESOURCE_POLICY_NAMES.has(policy) ? "stops the deployment before the resource is created" : "is found after apply"} (${policy})`, async () => {
                    const stack = await capture(c.program, "update", c.mutation);
                    const result = await session.check(stack);
                    const stage = stageOf(c, policy, result.outcome.stoppedAt, result.resources, result.stack);
                    tally[stage].push(`${c.program}/${c.mutation}`);
                    assert.equal(result.outcome.result, "failed");
                    assert.equal(result.outcome.engineMessage, "update failed");
                    assert.notEqual(stage, "missed", show([...result.resources, ...result.stack]));
                    if (RESOURCE_POLICY_NAMES.has(policy)) {
                        assert.equal(stage, "stopped before creation");
                        assert.equal(result.outcome.stack.ran, false);
                        assert.ok(result.outcome.notAnalyzed.length + result.outcome.appliedBefore.length > 0);
                    }
                });
            }
        }
    });
}

function stageOf(c: MutationCase, policy: string, stoppedAt: string | undefined, resources: readonly PolicyDiagnostic[], stack: readonly PolicyDiagnostic[]): Stage {
    const names = (d: PolicyDiagnostic) => d.policyName === policy && d.message.includes(`[${c.invariant}]`);
    if (stoppedAt !== undefined) {
        // The stopping diagnostic must be this edit's (its policy and invariant), on the resource that stopped.
        return mandatory(resources).some((d) => d.urn === stoppedAt && names(d)) ? "stopped before creation" : "missed";
    }
    return mandatory(stack).some(names) ? "found after apply" : "missed";
}
