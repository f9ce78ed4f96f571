import * as assert from "node:assert/strict";
import type { CheckReport } from "../../checker/report/types";
import { CliResult, EXAMPLE, FIXTURES, assertBuilt, assertExit, jsonReport, runAll } from "./cli";

/**
 * The checker shows and refuses what it must (issue 11): the program's log lines in the report,
 * a --stack without its stack file refused, no account substituted for a wrong one, and a
 * `secure:` value named instead of a stack trace.
 */
describe("checker: shows the program's log, refuses what it cannot check honestly", function () {
    this.timeout(300_000);
    let runs: Record<"example" | "secret" | "secretGiven" | "missingStack" | "missingStackAllowed" | "setMissingStack" | "setMissingStackAllowed" | "badAccount", CliResult>;

    before(async () => {
        assertBuilt();
        runs = await runAll({
            example: ["check", EXAMPLE],
            secret: ["check", `${FIXTURES}/logs-and-secrets`, "--stack", "dev"],
            secretGiven: ["check", `${FIXTURES}/logs-and-secrets`, "--stack", "dev", "--config", "apiToken=t0ken", "--format", "json"],
            missingStack: ["check", `${FIXTURES}/logs-and-secrets`, "--stack", "prod"],
            missingStackAllowed: ["check", `${FIXTURES}/logs-and-secrets`, "--stack", "prod", "--allow-missing-stack-config"],
            // Two programs (a stack set): the flag applies to each program as to one.
            setMissingStack: ["check", `${FIXTURES}/logs-and-secrets:prod`, `${FIXTURES}/logs-and-secrets:dev`, "--config", "apiToken=t0ken", "--format", "json"],
            setMissingStackAllowed: ["check", `${FIXTURES}/logs-and-secrets:prod`, `${FIXTURES}/logs-and-secrets:dev`, "--config", "apiToken=t0ken", "--allow-missing-stack-config", "--format", "json"],
            badAccount: ["check", `${FIXTURES}/bad-account`],
        });
    });

    it("the text report shows the program's log, with the grant-form report of GatewayConsumerGrants", () => {
        assertExit(runs.example, 0);
        const section = runs.example.stdout.split("\n\n").find((s) => s.startsWith("Program log ("));
        assert.ok(section, `no Program log section:\n${runs.example.stdout}`);
        assert.match(section, /^ {2}info: GatewayConsumerGrants "hub-grants": 2 consumer grants \(2 exact roles, .*\) -> form "statement-per-consumer", 2 of 100 statements/m);
        assert.match(runs.example.stdout, /^ {2}project agentcore-hub-and-spoke, stack dev, first preview .*\n {2}no Pulumi\.dev\.yaml: the stack runs with the project's config defaults only$/m);
    });

    it("a secure: value without its value: exit 2 naming the key and how to pass it, no stack trace", () => {
        assertExit(runs.secret, 2);
        assert.equal(
            runs.secret.stderr.trim(),
            "agentcore-hub: Pulumi.dev.yaml: config checker-logs-and-secrets:apiToken is a secret (secure:), which cannot be decrypted offline without the stack's secrets provider. " +
                "Fix: pass its value with --config checker-logs-and-secrets:apiToken=<value> (runCheck: options.config).",
        );
    });

    it("with the secret passed: the JSON report carries the program's log lines in order, and the stack file", () => {
        assertExit(runs.secretGiven, 0);
        const report: CheckReport = jsonReport(runs.secretGiven);
        assert.deepEqual(report.logs.map((l) => [l.severity, l.message]), [["info", "owner is platform"], ["warning", "this program has no resources yet"]]);
        assert.match(report.program.stackFile ?? "", /logs-and-secrets\/Pulumi\.dev\.yaml$/);
    });

    it("--stack prod without Pulumi.prod.yaml: exit 2 with the stacks that have a file and the flag", () => {
        assertExit(runs.missingStack, 2);
        assert.match(
            runs.missingStack.stderr,
            /^agentcore-hub: --stack prod: .*logs-and-secrets has no Pulumi\.prod\.yaml, so the stack's config is unknown \(stacks with a file: dev\)\. Fix: name a stack that has its file, or pass --allow-missing-stack-config to check it with the project's config defaults only\.$/m,
        );
    });

    it("--allow-missing-stack-config: the check runs with the project's defaults and says so", () => {
        assertExit(runs.missingStackAllowed, 0);
        assert.match(runs.missingStackAllowed.stdout, /^ {2}no Pulumi\.prod\.yaml: the stack runs with the project's config defaults only$/m);
        assert.match(runs.missingStackAllowed.stdout, /^ {2}warning: this program has no resources yet$/m);
    });

    it("a stack set: a <dir>:<stack> without its file is refused (exit 2) unless --allow-missing-stack-config, as for one program", () => {
        assertExit(runs.setMissingStack, 2);
        const refused = JSON.parse(runs.setMissingStack.stdout) as { stacks: { stack: string; error?: { message: string }; report?: unknown }[] };
        assert.match(JSON.stringify(refused.stacks[0]), /has no Pulumi\.prod\.yaml/);
        assert.ok(refused.stacks[1].report !== undefined, "the dev stack, which has its file, is still checked");
        assertExit(runs.setMissingStackAllowed, 0);
        const allowed = JSON.parse(runs.setMissingStackAllowed.stdout) as { stacks: { report?: unknown }[] };
        assert.ok(allowed.stacks.every((st) => st.report !== undefined), runs.setMissingStackAllowed.stdout.slice(0, 2000));
    });

    it("a provider naming an 11-digit account: exit 2, never a default account", () => {
        assertExit(runs.badAccount, 2);
        assert.match(
            runs.badAccount.stderr,
            /the provider's allowedAccountIds = "11111111111" has 11 digits: an AWS account id is exactly 12 digits\. The checker does not substitute another account or Region\. Fix: Pass the account's 12-digit id as a string \(keep leading zeros\), e\.g\. "012345678901"\./,
        );
        assert.equal(runs.badAccount.stdout, "");
    });
});
