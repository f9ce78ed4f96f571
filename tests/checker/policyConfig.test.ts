import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliResult, FIXTURES, assertBuilt, assertExit, jsonReport, runAll } from "./cli";

/**
 * `agentcore-hub check --policy-config` refuses what `pulumi preview --policy-pack-config`
 * refuses, with the CLI's text (pulumi/pulumi 1b5949891b3cefcb9974752b24a5ecef0acc86c8:
 * pkg/engine/update.go:835-840 and 1055-1060 for schema violations, 1038-1040 with
 * sdk/go/common/resource/plugin/analyzer_plugin.go:622-625 for a key that names no policy), and
 * accepts what it accepts (an undeclared property: pkg/resource/analyzer/config.go:263-273),
 * naming it in a warning. The pack is the built one (dist/policypack): `npm run build` first.
 */

const PROGRAM = `${FIXTURES}/log-only`;
const ENGINE = "agentcore-gateway-policy-engine";

describe("checker: --policy-config validated as the Pulumi CLI validates it", function () {
    this.timeout(300_000);
    let dir = "";
    let runs: Record<"misspelledPolicy" | "wrongType" | "misspelledProperty" | "stackSetMisspelledProperty", CliResult>;

    before(async () => {
        assertBuilt();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "checker-policy-config-"));
        const file = (name: string, config: unknown) => {
            const p = path.join(dir, `${name}.json`);
            fs.writeFileSync(p, JSON.stringify(config));
            return p;
        };
        runs = await runAll({
            misspelledPolicy: ["check", PROGRAM, "--policy-config", file("misspelled-policy", { "agentcore-gateway-policy-engin": { production: false } })],
            wrongType: ["check", PROGRAM, "--format", "json", "--policy-config", file("wrong-type", { [ENGINE]: { production: "no" } })],
            misspelledProperty: ["check", PROGRAM, "--format", "json", "--policy-config", file("misspelled-property", { [ENGINE]: { enforcementLevel: "advisory", prodution: true } })],
            // Two programs (a stack set), each starting the pack with the same config.
            stackSetMisspelledProperty: [
                "check",
                `${FIXTURES}/logs-and-secrets:dev`,
                `${FIXTURES}/logs-and-secrets:prod`,
                "--allow-missing-stack-config",
                "--config",
                "apiToken=t0ken",
                "--format",
                "json",
                "--policy-config",
                file("set-misspelled-property", { [ENGINE]: { enforcementLevel: "advisory", prodution: true } }),
            ],
        });
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a misspelled policy name with properties: exit 2 with Configure's refusal, naming the key and the policy it resembles", () => {
        const run = runs.misspelledPolicy;
        assertExit(run, 2);
        assert.match(run.stderr, /^agentcore-hub: --policy-config .*misspelled-policy\.json: configuring policy pack "agentcore-hub" at ".*policypack": invalid enforcement level ""$/m);
        assert.match(run.stderr, /^ {2}"agentcore-gateway-policy-engin" names no policy of the pack \(did you mean "agentcore-gateway-policy-engine"\?\) and has no enforcementLevel, which Configure refuses$/m);
        assert.equal(run.stdout, "", "no report when the config is refused");
    });

    it("a wrong type: exit 2, `validating policy config: <pack> <version>  <policy>: <key>: <rule>` in the JSON failure", () => {
        const run = runs.wrongType;
        assertExit(run, 2);
        const failure = JSON.parse(run.stdout) as { error: { kind: string; message: string; errors: string[] } };
        assert.equal(failure.error.kind, "config");
        assert.match(failure.error.message, /wrong-type\.json: validating policy config$/);
        assert.deepEqual(failure.error.errors, [`validating policy config: agentcore-hub 0.1.0  ${ENGINE}: production: Invalid type. Expected: boolean, given: string`]);
    });

    it("a misspelled property: accepted as the CLI accepts it (not applied), named in a warning; the configured level applies", () => {
        const run = runs.misspelledProperty;
        assertExit(run, 0);
        assert.match(run.stderr, new RegExp(`warning: --policy-config .*misspelled-property\\.json: "${ENGINE}": property "prodution" is not in the policy's configSchema \\(did you mean "production"\\?\\); the CLI passes it on unchecked`));
        const report = jsonReport(run);
        assert.equal(report.policyPack.policies.find((p) => p.name === ENGINE)?.enforcementLevel, "advisory");
        // `prodution: true` is not applied: `production` is the stack's agentcore-hub:production (false, passed by
        // the checker since the config does not set it), so the LOG_ONLY engine is not reported; applied, it would be.
        assert.deepEqual(report.advisories.map((a) => a.policy), []);
        assert.deepEqual(report.violations, []);
    });

    it("a stack set: the unread-key warning is printed once (not once per stack), and stdout stays one JSON document", () => {
        const run = runs.stackSetMisspelledProperty;
        assertExit(run, 0);
        const warnings = run.stderr.split("\n").filter((line) => line.startsWith("agentcore-hub: warning: --policy-config "));
        assert.equal(warnings.length, 1, run.stderr);
        assert.match(
            warnings[0],
            new RegExp(`^agentcore-hub: warning: --policy-config .*set-misspelled-property\\.json: "${ENGINE}": property "prodution" is not in the policy's configSchema \\(did you mean "production"\\?\\); the CLI passes it on unchecked$`),
        );
        const set = JSON.parse(run.stdout) as { stacks: { stack: string; report?: unknown }[] };
        assert.deepEqual(set.stacks.map((s) => [s.stack, s.report !== undefined]), [
            ["organization/checker-logs-and-secrets/dev", true],
            ["organization/checker-logs-and-secrets/prod", true],
        ]);
    });
});
