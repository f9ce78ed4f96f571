import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDiagnostic, PolicyPackSession, startPolicyPack } from "../../checker/engine/analyzerClient";
import { CapturedStack, runUnderMocks } from "../../checker/engine/capture";
import { RemediationResult, analyzeRequest, analyzeStackRequest } from "../../checker/engine/analyzerRequests";
import { DeploymentAnalyzer, DeploymentOutcome, runDeployment } from "../../checker/engine/deployment";
import type { CapturedResource, EngineMode } from "../../checker/engine/types";
import { classifyOutcome } from "../../checker/report/diagnostics";
import { engineOutcome } from "../../checker/report/outcome";
import { renderSarif, renderText } from "../../checker/render";
import type { CheckReport } from "../../checker/report/types";

/**
 * The deployment model (checker/engine/deployment.ts) against what the Pulumi engine does, over
 * the real Analyzer protocol with a throwaway pack whose verdicts depend only on a role's name.
 * Citations: pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8.
 */

const REPO = path.resolve(__dirname, "..", "..");

const PACK_JS = `const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("deployment-pack", {
    policies: [
        { name: "no-bad-role-name", description: "Role names must not be 'bad'.", enforcementLevel: "mandatory",
          validateResource: (args, report) => { if (args.props.roleName === "bad") report("roleName of " + args.name + " is bad"); } },
        { name: "note-roles", description: "Notes every role.", enforcementLevel: "advisory",
          validateResource: (args, report) => { if (args.type === "aws-native:iam:Role") report("role " + args.name); } },
        { name: "no-stack-bad-role", description: "No deployed role is named 'stack-bad'.", enforcementLevel: "mandatory",
          validateStack: (args, report) => { for (const r of args.resources) if (r.props.roleName === "stack-bad") report("deployed role " + r.name + " is named stack-bad", r.urn); } },
        { name: "count-resources", description: "Counts the resources of the stack.", enforcementLevel: "advisory",
          validateStack: (args, report) => report("count=" + args.resources.length) },
        { name: "rename-remediate-me", description: "Renames a role named 'remediate-me' to 'bad'.", enforcementLevel: "remediate",
          remediateResource: (args) => args.props.roleName === "remediate-me" ? { ...args.props, roleName: "bad" } : undefined },
    ],
});
`;

/** A throwaway compiled pack that resolves packages from the repository's node_modules. */
function tempPack(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployment-pack-"));
    fs.writeFileSync(path.join(dir, "index.js"), PACK_JS);
    fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "deployment-pack", "version": "0.0.1", "main": "index.js" }\n');
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** Records the calls the model makes, then makes them over gRPC: what the pack was actually asked. */
class RecordingPack implements DeploymentAnalyzer {
    readonly remediated: string[] = [];
    readonly analyzed: string[] = [];
    readonly stackCalls: string[][] = [];
    constructor(private readonly session: PolicyPackSession) {}

    remediate(resource: CapturedResource, resources: readonly CapturedResource[]): Promise<RemediationResult> {
        this.remediated.push(resource.urn);
        return this.session.remediate(resource, resources);
    }

    analyze(resource: CapturedResource, resources: readonly CapturedResource[]): Promise<PolicyDiagnostic[]> {
        this.analyzed.push(resource.urn);
        return this.session.analyze(resource, resources);
    }

    analyzeStack(resources: readonly CapturedResource[]): Promise<PolicyDiagnostic[]> {
        this.stackCalls.push(resources.map((r) => r.urn));
        return this.session.analyzeStack(resources);
    }
}

/** A component, three roles (the middle one named `middleName`) in this order, and a read. */
function program(middleName: string): () => void {
    return () => {
        class Box extends pulumi.ComponentResource {
            constructor(name: string) {
                super("test:index:Box", name, {}, {});
                this.registerOutputs({ note: "boxed" });
            }
        }
        new Box("box");
        // No parent: a child registers only once its parent's URN is known, which reorders it.
        new awsnative.iam.Role("first", { roleName: "first", assumeRolePolicyDocument: {} });
        new awsnative.iam.Role("middle", { roleName: middleName, assumeRolePolicyDocument: {} });
        new awsnative.iam.Role("last", { roleName: "last", assumeRolePolicyDocument: {} });
        aws.iam.Role.get("looked-up", "existing-role");
    };
}

const urnOf = (stack: CapturedStack, name: string): string => {
    const found = stack.resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name}`);
    return found.urn;
};

/** The registrations in the order the monitor received them, reads left out. */
const registrations = (stack: CapturedStack): string[] => stack.resources.filter((r) => r.origin !== "read").map((r) => r.urn);

const levels = (diagnostics: readonly PolicyDiagnostic[]): string[] => diagnostics.map((d) => `${d.policyName}:${d.enforcementLevel}`);

async function deploy(session: PolicyPackSession, middleName: string, mode: EngineMode): Promise<{ stack: CapturedStack; pack: RecordingPack; outcome: DeploymentOutcome }> {
    const stack = await runUnderMocks(program(middleName), { mode });
    const pack = new RecordingPack(session);
    return { stack, pack, outcome: await runDeployment(pack, stack, mode) };
}

/** The smallest report the renderers read, around a real outcome. */
function reportOf(stack: CapturedStack, outcome: DeploymentOutcome): CheckReport {
    const classified = classifyOutcome(outcome, stack.resources);
    return {
        schemaVersion: 1,
        tool: { name: "agentcore-hub", version: "0.0.0" },
        program: { dir: REPO, entry: path.join(REPO, "index.ts"), project: stack.project, stack: stack.stack, mode: stack.mode },
        policyPack: { dir: REPO, name: "deployment-pack", version: "0.0.1", policies: [] },
        passed: outcome.result === "succeeded",
        outcome: engineOutcome(outcome, stack),
        counts: { resources: 0, violations: classified.violations.length, deferred: classified.deferred.length, advisories: classified.advisories.length },
        resources: [],
        ...classified,
        access: { gateways: [], restApis: [] },
        logs: stack.logs,
        emulatedInvokes: [],
        timings: { totalMs: 0, programMs: 0, packStartMs: 0, analyzeMs: 0, accessMs: 0 },
    };
}

describe("engine/deployment: how the engine runs the analyzers in preview and update", function () {
    this.timeout(120_000);
    let packDir: string;
    let session: PolicyPackSession;
    let advisorySession: PolicyPackSession;

    before(async () => {
        packDir = tempPack();
        [session, advisorySession] = await Promise.all([
            startPolicyPack(packDir),
            // The mandatory resource policy configured down to advisory, as `--policy-pack-config` does.
            startPolicyPack(packDir, { config: { "no-bad-role-name": "advisory" } }),
        ]);
    });

    after(async () => {
        await Promise.all([session?.close(), advisorySession?.close()]);
        if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
    });

    // analyze_snapshot.go:78-82: at a preview (dryRun) a mandatory diagnostic sets sawError but not
    // invalid, so step_generator.go:1475-1478 does not bail; deployment_executor.go:409-410 runs
    // AnalyzeStack after every step; deployment_executor.go:117-124,422-425 report "preview failed".
    it("preview: a mandatory Analyze violation fails the preview, later resources are still analyzed and AnalyzeStack runs", async () => {
        const { stack, pack, outcome } = await deploy(session, "bad", "preview");
        const middle = urnOf(stack, "middle");
        assert.deepEqual(pack.analyzed, registrations(stack));
        assert.ok(pack.analyzed.indexOf(urnOf(stack, "last")) > pack.analyzed.indexOf(middle), "the role after the violation was analyzed");
        assert.deepEqual(pack.stackCalls, [registrations(stack)]);
        assert.deepEqual(levels(outcome.analyzed.find((a) => a.urn === middle)?.diagnostics ?? []), ["no-bad-role-name:mandatory", "note-roles:advisory"]);
        assert.ok(outcome.stack.ran);
        assert.deepEqual(levels(outcome.stack.diagnostics), ["count-resources:advisory"]);
        assert.equal(outcome.stack.foundAfterApply, false);
        assert.deepEqual({ result: outcome.result, message: outcome.engineMessage, stoppedAt: outcome.stoppedAt, applied: outcome.appliedBefore }, { result: "failed", message: "preview failed", stoppedAt: undefined, applied: [] });
    });

    // deployment_executor.go:612-615 then 309-315: registrations are handled one at a time and a
    // bail from GenerateSteps ends the loop, so later registrations are never analyzed;
    // step_generator.go:1475-1478 bails before the step of the invalid resource;
    // deployment_executor.go:403-405 returns before AnalyzeResources (AnalyzeStack).
    it("update: the first mandatory Analyze violation stops that resource, later ones are not analyzed, AnalyzeStack does not run", async () => {
        const { stack, pack, outcome } = await deploy(session, "bad", "update");
        const all = registrations(stack);
        const middle = urnOf(stack, "middle");
        const at = all.indexOf(middle);
        assert.ok(at > 0 && at < all.length - 1, "the violation is neither first nor last");
        assert.deepEqual(pack.analyzed, all.slice(0, at + 1));
        assert.deepEqual(pack.stackCalls, []);
        assert.equal(outcome.stoppedAt, middle);
        assert.deepEqual(outcome.appliedBefore, all.slice(0, at));
        assert.deepEqual(outcome.notAnalyzed, all.slice(at + 1));
        assert.ok(outcome.notAnalyzed.includes(urnOf(stack, "last")));
        assert.deepEqual(outcome.stack, { ran: false, reason: `deployment stopped at ${middle}` });
        assert.deepEqual({ result: outcome.result, message: outcome.engineMessage }, { result: "failed", message: "update failed" });

        // The report: the earlier cloud resources (not the stack, component or provider) may exist already.
        const report = reportOf(stack, outcome);
        assert.equal(report.outcome.stackAnalysis, `not-run (deployment stopped at ${middle})`);
        assert.deepEqual(report.outcome.appliedBefore.map((r) => r.name), ["first"]);
        assert.deepEqual(report.violations.map((v) => [v.policy, v.analysis, v.resource.name, v.foundAfterApply]), [["no-bad-role-name", "resource", "middle", undefined]]);
        const text = renderText(report);
        assert.match(text, /^Engine: `pulumi up --policy-pack` would stop at Role "middle" before creating or changing it \(the engine reports "update failed"\)$/m);
        assert.match(text, /^ {2}1 resource registered before it may already have been created: Role "first"$/m);
        assert.match(text, /^ {2}stack policies not run: the deployment ended there$/m);
        const sarif = JSON.parse(renderSarif(report)) as { runs: { properties: { outcome: { stoppedAt: { urn: string } } }; results: { properties: Record<string, string> }[] }[] };
        assert.equal(sarif.runs[0].properties.outcome.stoppedAt.urn, middle);
        assert.deepEqual(sarif.runs[0].results.filter((r) => r.properties?.stopsDeployment === "true").length, 1);
    });

    // step_generator.go:3496-3581 gives AnalyzeStack every resource of the new state once every step
    // ran; a mandatory stack diagnostic sets sawError (step_generator.go:3609-3630), and
    // deployment_executor.go:422-425 then reports "update failed": nothing was stopped.
    it("update: with only a stack violation every registration is analyzed, AnalyzeStack runs, the violation is found after apply and the update fails", async () => {
        const { stack, pack, outcome } = await deploy(session, "stack-bad", "update");
        assert.deepEqual(pack.analyzed, registrations(stack));
        assert.deepEqual(pack.stackCalls, [registrations(stack)]);
        assert.ok(outcome.stack.ran);
        assert.equal(outcome.stack.foundAfterApply, true);
        assert.deepEqual(levels(outcome.stack.diagnostics).sort(), ["count-resources:advisory", "no-stack-bad-role:mandatory"]);
        assert.deepEqual({ result: outcome.result, message: outcome.engineMessage, stoppedAt: outcome.stoppedAt }, { result: "failed", message: "update failed", stoppedAt: undefined });

        const report = reportOf(stack, outcome);
        assert.equal(report.outcome.stackAnalysis, "ran");
        assert.deepEqual(report.violations.map((v) => [v.policy, v.analysis, v.resource.name, v.foundAfterApply]), [["no-stack-bad-role", "stack", "middle", true]]);
        const text = renderText(report);
        assert.match(text, /found by a stack policy after the change was applied/);
        assert.match(text, /^Engine: `pulumi up --policy-pack` would apply every change, then fail \(the engine reports "update failed"\): stack policies found violations after the change was applied$/m);
        const sarif = JSON.parse(renderSarif(report)) as { runs: { results: { ruleId: string; properties?: Record<string, string> }[] }[] };
        assert.deepEqual(sarif.runs[0].results.filter((r) => r.properties?.foundAfterApply === "true").map((r) => r.ruleId), ["no-stack-bad-role"]);
    });

    // analyze_snapshot.go:78: only a Mandatory diagnostic makes a resource invalid or the run
    // errored; advisory ones are reported (analyze_snapshot.go:84) and nothing else happens.
    for (const mode of ["preview", "update"] as const) {
        it(`${mode}: advisory diagnostics never stop anything (the mandatory policy configured advisory)`, async () => {
            const { stack, pack, outcome } = await deploy(advisorySession, "bad", mode);
            assert.deepEqual(pack.analyzed, registrations(stack));
            assert.deepEqual(pack.stackCalls, [registrations(stack)]);
            const middle = outcome.analyzed.find((a) => a.urn === urnOf(stack, "middle"));
            assert.deepEqual(levels(middle?.diagnostics ?? []), ["no-bad-role-name:advisory", "note-roles:advisory"]);
            assert.deepEqual({ result: outcome.result, message: outcome.engineMessage, stoppedAt: outcome.stoppedAt }, { result: "succeeded", message: undefined, stoppedAt: undefined });
        });
    }

    // deployment_executor.go:619-621: a read is a ReadResourceEvent for GenerateReadSteps, never
    // analyzed; step_executor.go:575-582 keeps its state in `reads`, not the `news` AnalyzeStack
    // iterates (step_generator.go:3503). Components and providers are registrations: analyzed.
    it("analyzes the root stack, components, default providers and customs, never a read", async () => {
        const { stack, pack } = await deploy(session, "fine", "preview");
        const read = stack.resources.find((r) => r.name === "looked-up");
        assert.equal(read?.origin, "read");
        assert.ok(!pack.analyzed.includes(read.urn) && !pack.stackCalls[0].includes(read.urn));
        const types = new Set(stack.resources.filter((r) => pack.analyzed.includes(r.urn)).map((r) => r.type));
        for (const t of ["pulumi:pulumi:Stack", "test:index:Box", "pulumi:providers:aws-native", "aws-native:iam:Role"]) assert.ok(types.has(t), `${t} analyzed`);
    });

    // step_generator.go:1401-1465: Remediate runs first and its properties replace the inputs;
    // step_generator.go:1469 then analyzes those inputs, so Analyze judges the remediated resource.
    it("remediates before Analyze, and Analyze sees the remediated inputs", async () => {
        const { stack, pack, outcome } = await deploy(session, "remediate-me", "preview");
        assert.deepEqual(pack.remediated, registrations(stack));
        const middle = outcome.analyzed.find((a) => a.urn === urnOf(stack, "middle"));
        assert.equal(middle?.remediatedInputs?.roleName, "bad");
        assert.deepEqual(levels(middle?.diagnostics ?? []), ["no-bad-role-name:mandatory", "note-roles:advisory"]);
        assert.equal(outcome.result, "failed");
    });

    // Session.check is the model in the stack's mode: the checker and the CLI agree.
    it("Session.check follows the model in the captured mode", async () => {
        const stack = await runUnderMocks(program("bad"), { mode: "update" });
        const result = await session.check(stack);
        assert.equal(result.outcome.stoppedAt, urnOf(stack, "middle"));
        assert.deepEqual(result.stack, []);
        assert.deepEqual(levels(result.resources).filter((l) => l.endsWith(":mandatory")), ["no-bad-role-name:mandatory"]);
    });
});

describe("engine/analyzerRequests: properties as the engine marshals them for analyzers", () => {
    // analyzer_plugin.go:305-306 and 349-350 marshal with SkipInternalKeys; rpc.go:104 skips a
    // top-level `__` key, rpc.go:111 turns the option off for nested values.
    it("drops top-level `__` keys from Analyze inputs and AnalyzeStack outputs, and keeps nested ones", async () => {
        const stack = await runUnderMocks(() => void new awsnative.iam.Role("r", { roleName: "r", assumeRolePolicyDocument: {} }), { mode: "update" });
        const role = stack.resources.find((r) => r.name === "r");
        assert.ok(role);
        const marked = { ...role, inputs: { ...role.inputs, __defaults: ["roleName"], doc: { __nested: 1 } }, outputs: { ...role.outputs, __meta: "x" } };
        const inputs = analyzeRequest(marked, new Map()).getProperties()?.toJavaScript() ?? {};
        assert.deepEqual([Object.keys(inputs).includes("__defaults"), inputs.doc, inputs.roleName], [false, { __nested: 1 }, "r"]);
        const [stackResource] = analyzeStackRequest([marked]).getResourcesList();
        const outputs = stackResource.getProperties()?.toJavaScript() ?? {};
        assert.deepEqual([Object.keys(outputs).includes("__meta"), outputs.roleName], [false, "r"]);
    });
});
