import { strict as assert } from "node:assert";
import { analyzeStackRequest } from "../../checker/engine/analyzerRequests";
import { CapturedResource } from "../../checker/engine/types";
import { STACK_POLICIES } from "../../policypack/policies";
import { stackModelBuilds } from "../../policypack/model/requestShare";
import * as path from "node:path";
import { runProgramFile } from "../../checker/engine/programFile";
import { analyzeStackDiagnostics } from "./support/policyServer";

const analyzeStack = analyzeStackDiagnostics;

describe("pack: the stack policies of one AnalyzeStack request share one model", function () {
    this.timeout(600_000);
    let resources: CapturedResource[];
    before(async () => {
        resources = (await runProgramFile(path.join(__dirname, "../../examples/hub-and-spoke"), { mode: "preview", stack: "dev" })).resources;
    });

    it(`builds one model for the ${STACK_POLICIES.length} stack policies, and a new request builds its own with the same verdicts`, async () => {
        const before = stackModelBuilds();
        const first = await analyzeStack(analyzeStackRequest(resources));
        assert.equal(stackModelBuilds() - before, 1);
        const second = await analyzeStack(analyzeStackRequest(resources));
        assert.equal(stackModelBuilds() - before, 2, "equal content in another request is not the same request");
        assert.deepEqual(second, first);
    });

    it("a request with the same URNs and a changed resource misses, and its violation is reported under its own policy", async () => {
        const clean = await analyzeStack(analyzeStackRequest(resources));
        const caller = resources.find((r) => r.type === "aws-native:iam:Role" && r.name.startsWith("support-agent"));
        assert.ok(caller, "the example has the support-agent caller role");
        const wide = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: "*" }] };
        const changed = resources.map((r) => (r === caller ? { ...r, outputs: { ...r.outputs, policies: [{ policyName: "invoke-hub-gateways", policyDocument: wide }] } } : r));
        const before = stackModelBuilds();
        const found = await analyzeStack(analyzeStackRequest(changed));
        assert.equal(stackModelBuilds() - before, 1);
        const added = found.filter((d) => !clean.some((c) => c.policy === d.policy && c.message === d.message && c.urn === d.urn));
        assert.ok(added.length > 0, "the wildcard grant is found");
        assert.ok(added.every((d) => d.urn === caller.urn), JSON.stringify(added));
        assert.ok(added.some((d) => d.policy === "agentcore-spoke-caller-roles" && /\[I8\]/.test(d.message)), JSON.stringify(added));
    });
});
