import * as assert from "node:assert/strict";
import { CliResult, FIXTURES, assertBuilt, assertExit, runAll } from "./cli";

/**
 * `pulumi.log` inside a stack transform is a program log line like any other (issue 11): the
 * SDK calls a transform from its callback server, outside the run's runtime store, where the
 * log found no engine and went to stdout with `console.log`, corrupting `--format json`
 * (checker/engine/callbackContext.ts). The transform also sees the checked stack's name.
 */
describe("checker: pulumi.log inside a transform reaches the report, not stdout", function () {
    this.timeout(300_000);
    let runs: Record<"json" | "text", CliResult>;

    before(async () => {
        assertBuilt();
        runs = await runAll({
            json: ["check", `${FIXTURES}/transform-log`, "--format", "json"],
            text: ["check", `${FIXTURES}/transform-log`],
        });
    });

    it("--format json: stdout is one JSON report whose logs hold the transform's lines, in order, with the stack name", () => {
        assertExit(runs.json, 0);
        let report: { logs: { severity: string; message: string }[] };
        try {
            report = JSON.parse(runs.json.stdout) as typeof report;
        } catch (e) {
            assert.fail(`stdout is not one JSON document (${(e as Error).message}):\n${runs.json.stdout.slice(0, 600)}`);
        }
        assert.deepEqual(
            report.logs.map((l) => [l.severity, l.message]),
            [
                ["info", "program log before the transform"],
                ["info", 'transform saw checker:fixture:Thing "thing" in stack dev'],
                ["warning", 'transform warning for "thing"'],
            ],
        );
        assert.doesNotMatch(runs.json.stderr, /\[runtime\]/, "the SDK's console fallback (`info: [runtime] …`) was used");
    });

    it("text: the transform's lines are under Program log, and nothing is printed by the SDK's console fallback", () => {
        assertExit(runs.text, 0);
        const section = runs.text.stdout.split("\n\n").find((s) => s.startsWith("Program log ("));
        assert.equal(
            section,
            [
                "Program log (3 lines of pulumi.log)",
                "  info: program log before the transform",
                '  info: transform saw checker:fixture:Thing "thing" in stack dev',
                '  warning: transform warning for "thing"',
            ].join("\n"),
        );
        assert.doesNotMatch(runs.text.stdout + runs.text.stderr, /\[runtime\]/);
    });
});
