import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CheckFailure } from "../../checker/cli/errors";
import { parseArgs } from "../../checker/cli/args";
import { runCheck } from "../../checker/cli/runCheck";
import { StackSetReport, runStackSet } from "../../checker/cli/stackSet";
import { readStackOutputsFile } from "../../checker/cli/stackOutputsFile";
import { runProgramFile } from "../../checker/engine/programFile";
import { readStackReference } from "../../checker/engine/stackReference";
import { isSecretValue, secretValue, UNKNOWN } from "../../checker/engine/wire";
import { renderStackSetText } from "../../checker/render/stackSet";
import { REPO, assertBuilt } from "./cli";

/**
 * The multi-stack example checked offline: the spoke's StackReference answered from a file of
 * the hub's outputs, or by checking the hub first in the same command; one access summary
 * across the stacks. In-process (runCheck / runStackSet, the functions the CLI calls), with the
 * compiled pack (`npm run build` first).
 */

const HUB = path.join(REPO, "examples/multi-stack/hub");
const SPOKE = path.join(REPO, "examples/multi-stack/spoke");
const HUB_STACK = "organization/agentcore-hub/prod";

describe("checker: multi-stack offline", function () {
    this.timeout(600_000);
    let set: StackSetReport;
    let hubOutputsFile: string;

    before(async () => {
        assertBuilt();
        set = await runStackSet({ programs: [{ dir: HUB, stack: "prod" }, { dir: SPOKE, stack: "support" }, { dir: SPOKE, stack: "booking" }] });
        // The file form: the hub's outputs as `pulumi stack output --json --show-secrets` would print them after its `pulumi up`.
        const hub = await runProgramFile(HUB, { mode: "update", stack: "prod" });
        hubOutputsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "multistack-")), "outputs.json");
        fs.writeFileSync(hubOutputsFile, JSON.stringify({ [HUB_STACK]: hub.stackOutputs }));
    });

    it("parses <dir>:<stack> per program and --stack-outputs", () => {
        const cmd = parseArgs(["check", "examples/multi-stack/hub:prod", "examples/multi-stack/spoke:support", "examples/multi-stack/spoke", "--stack", "booking", "--stack-outputs", "o.json"]);
        assert.ok(cmd.command === "check");
        assert.deepEqual(cmd.programs, [
            { dir: "examples/multi-stack/hub", stack: "prod" },
            { dir: "examples/multi-stack/spoke", stack: "support" },
            { dir: "examples/multi-stack/spoke", stack: "booking" },
        ]);
        assert.equal(cmd.stackOutputsFile, "o.json");
        // A drive letter is not a stack.
        const windows = parseArgs(["check", "C:\\work\\hub"]);
        assert.ok(windows.command === "check");
        assert.deepEqual(windows.programs, [{ dir: "C:\\work\\hub", stack: "dev" }]);
    });

    it("hub first: the spoke stacks check offline against the hub's outputs, each with its own report, and pass", () => {
        assert.deepEqual(set.stacks.map((s) => s.stack), [HUB_STACK, "organization/agentcore-spoke/support", "organization/agentcore-spoke/booking"]);
        for (const s of set.stacks) {
            assert.ok("report" in s, `${s.stack}: ${"failure" in s ? s.failure.message + s.failure.errors.join("\n") : ""}`);
            assert.equal(s.report.passed, true, `${s.stack}: ${JSON.stringify(s.report.violations)}`);
        }
        assert.equal(set.exitCode, 0);
    });

    it("the joined summary names each spoke role and the hub tools Cedar lets it call", () => {
        const rows = set.access.reaches.map((r) => [r.callerStack, r.roleArn, r.hubStack, r.gatewayName, r.admittedBy, r.reachable, r.tools.map((t) => `${t.tool}:${t.decision}`).join(",")]);
        assert.deepEqual(rows, [
            ["organization/agentcore-spoke/support", "arn:aws:iam::222222222222:role/agentcore-callers/support-agent", HUB_STACK, "org-tools", "arn:aws:iam::222222222222:role/agentcore-callers/*", true, "orders___lookup_order:allowed,orders___refund_order:conditional"],
            ["organization/agentcore-spoke/booking", "arn:aws:iam::333333333333:role/agentcore-callers/booking-agent", HUB_STACK, "org-tools", "arn:aws:iam::333333333333:role/agentcore-callers/*", true, "orders___lookup_order:allowed,orders___refund_order:denied"],
        ]);
        const text = renderStackSetText(set);
        assert.match(text, /Across stacks \(who can reach what\)/);
        assert.match(text, /→ arn:aws:iam::222222222222:role\/agentcore-callers\/support-agent .*\[organization\/agentcore-spoke\/support\], admitted as arn:aws:iam::222222222222:role\/agentcore-callers\/\*/);
        assert.match(text, /✓ orders___lookup_order \(spokes_lookup_orders\); ~ orders___refund_order \(support_refunds_under_1000\)/);
    });

    it("from a file: the spoke checks offline with --stack-outputs, and its role may invoke exactly the hub's gateway", async () => {
        const stackReferences = readStackOutputsFile(hubOutputsFile);
        const report = await runCheck({ programDir: SPOKE, stack: "support", stackReferences });
        assert.equal(report.passed, true, JSON.stringify(report.violations));
        assert.equal(report.deferred.length, 0, JSON.stringify(report.deferred));
        const gatewayArn = stackReferences[HUB_STACK].gatewayArn;
        assert.match(String(gatewayArn), /^arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway\/org-tools-[a-z0-9]{10}$/);
    });

    it("a referenced stack that is neither in a file nor checked first is an error naming it, not an empty stack", async () => {
        await assert.rejects(runCheck({ programDir: SPOKE, stack: "support" }), (e: unknown) => {
            assert.ok(e instanceof CheckFailure);
            assert.equal(e.kind, "program");
            assert.match(e.errors.join("\n"), /unknown stack "organization\/agentcore-hub\/prod": the program reads it through a StackReference, and its outputs were not given\. Pass them with --stack-outputs <file\.json>/);
            return true;
        });
    });

    it("a required output missing from the given outputs is an error naming the stack and the output", async () => {
        await assert.rejects(runCheck({ programDir: SPOKE, stack: "support", stackReferences: { [HUB_STACK]: { gatewayUrl: "https://example" } } }), (e: unknown) => {
            assert.ok(e instanceof CheckFailure);
            assert.match(e.errors.join("\n"), /Required output 'gatewayArn' does not exist on stack 'organization\/agentcore-hub\/prod'\./);
            return true;
        });
    });

    it("a spoke listed before its hub is an ordering error naming the hub; the exit code is the worst (2)", async () => {
        const wrong = await runStackSet({ programs: [{ dir: SPOKE, stack: "support" }, { dir: HUB, stack: "prod" }] });
        assert.equal(wrong.exitCode, 2);
        const first = wrong.stacks[0];
        assert.ok("failure" in first);
        assert.match(first.failure.errors.join("\n"), /unknown stack "organization\/agentcore-hub\/prod": it is checked later in this set; list its program directory before the programs that read it\./);
        assert.ok("report" in wrong.stacks[1] && wrong.stacks[1].report.passed);
    });

    it("answers a read as the engine does: secretOutputNames sorted, secrets kept; `[secret]` in a file is a secret unknown", () => {
        const answer = readStackReference("agentcore-hub/prod", { project: "agentcore-spoke", outputs: { [HUB_STACK]: { b: secretValue("x"), a: secretValue("y"), plain: "z" } } });
        assert.deepEqual(answer.secretOutputNames, ["a", "b"]);
        assert.equal(answer.name, "agentcore-hub/prod");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "multistack-")), "o.json");
        fs.writeFileSync(file, JSON.stringify({ [HUB_STACK]: { token: "[secret]", url: "https://x" } }));
        const read = readStackOutputsFile(file)[HUB_STACK];
        assert.ok(isSecretValue(read.token) && read.token.value === UNKNOWN);
        assert.equal(read.url, "https://x");
    });

    it("a secret output read through the StackReference stays secret in the spoke; a plain one is not tainted", async () => {
        const dir = path.join(REPO, "tests/fixtures/checker/multi-stack");
        const stack = await runProgramFile(dir, { mode: "update", stack: "dev", stackReferences: { "organization/hub/prod": { token: secretValue("s3cret"), url: "https://x" } } });
        assert.ok(isSecretValue(stack.stackOutputs?.token), JSON.stringify(stack.stackOutputs));
        assert.equal(stack.stackOutputs?.url, "https://x");
    });
});
