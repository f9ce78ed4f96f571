import * as assert from "node:assert/strict";
import { CliResult, FIXTURES, assertBuilt, assertExit, jsonReport, runAll } from "./cli";

/** Programs that each change one thing of a secure topology; the pack must name the policy it breaks. */
const CASES = {
    restMethodNone: { dir: "rest-method-none", policy: "agentcore-rest-method-iam-auth", invariant: "I4", resource: "orders-get" },
    logOnly: { dir: "log-only", policy: "agentcore-gateway-policy-engine", invariant: "I9", resource: "hub-gateway" },
    wholeAccount: { dir: "whole-account", policy: "agentcore-gateway-consumer-grants", invariant: "I7", resource: "hub-grants-policy" },
    spokeWildcard: { dir: "spoke-wildcard", policy: "agentcore-spoke-caller-alone", invariant: "I8", resource: "rogue-caller" },
} as const;

type CaseName = keyof typeof CASES;

describe("checker: insecure programs exit 1 naming the violated policy", function () {
    this.timeout(300_000);
    let runs: Record<CaseName | `${CaseName}Text` | "logOnlyNonProduction" | "logOnlyStackSetting" | "wholeAccountAllowed", CliResult>;

    before(async () => {
        assertBuilt();
        // The log-only fixture's stack sets agentcore-hub:production false; the pack is told production explicitly.
        const production = ["--policy-config", `${FIXTURES}/production.policy-config.json`];
        const json = (dir: string, ...extra: string[]) => ["check", `${FIXTURES}/${dir}`, "--format", "json", ...extra];
        runs = await runAll({
            restMethodNone: json(CASES.restMethodNone.dir),
            logOnly: json(CASES.logOnly.dir, ...production),
            wholeAccount: json(CASES.wholeAccount.dir),
            spokeWildcard: json(CASES.spokeWildcard.dir),
            restMethodNoneText: ["check", `${FIXTURES}/${CASES.restMethodNone.dir}`],
            logOnlyText: ["check", `${FIXTURES}/${CASES.logOnly.dir}`, ...production],
            logOnlyStackSetting: json(CASES.logOnly.dir),
            wholeAccountText: ["check", `${FIXTURES}/${CASES.wholeAccount.dir}`],
            spokeWildcardText: ["check", `${FIXTURES}/${CASES.spokeWildcard.dir}`],
            logOnlyNonProduction: json(CASES.logOnly.dir, "--policy-config", `${FIXTURES}/non-production.policy-config.json`),
            wholeAccountAllowed: json(CASES.wholeAccount.dir, "--policy-config", `${FIXTURES}/allow-whole-account.policy-config.json`),
        });
    });

    for (const [name, c] of Object.entries(CASES) as [CaseName, (typeof CASES)[CaseName]][]) {
        it(`${c.dir}: ${c.policy} (${c.invariant}) on ${c.resource}, with its fix`, () => {
            const run = runs[name];
            assertExit(run, 1);
            const report = jsonReport(run);
            assert.equal(report.passed, false);
            const found = report.violations.filter((v) => v.policy === c.policy && v.resource.name === c.resource);
            assert.ok(found.length > 0, `no ${c.policy} violation on ${c.resource}: ${JSON.stringify(report.violations, null, 2)}`);
            for (const v of found) {
                assert.equal(v.invariant, c.invariant);
                assert.equal(v.enforcementLevel, "mandatory");
                assert.ok(v.message.length > 0 && (v.fix ?? "").length > 0, JSON.stringify(v));
                assert.match(v.resource.urn, new RegExp(`^urn:pulumi:dev::checker-${c.dir}::.*::${c.resource}$`));
            }
            assert.equal(report.counts.violations, report.violations.length);
        });

        it(`${c.dir}: the text report says FAIL and shows policy, resource and fix`, () => {
            const run = runs[`${name}Text`];
            assertExit(run, 1);
            assert.match(run.stdout, new RegExp(`^ {2}✗ \\[${c.invariant}\\] ${c.policy} on \\w+ "${c.resource}"$`, "m"));
            assert.match(run.stdout, /^ {4}Fix: /m);
            assert.match(run.stdout, /^Result: FAIL \(\d+ mandatory violations?/m);
        });
    }

    it("passes the pack config file: LOG_ONLY is accepted in a stack marked non-production", () => {
        assertExit(runs.logOnlyNonProduction, 0);
        assert.deepEqual(jsonReport(runs.logOnlyNonProduction).violations, []);
    });

    it("one production mode: the stack's agentcore-hub:production reaches the pack when its config does not set it", () => {
        assertExit(runs.logOnlyStackSetting, 0);
        assert.deepEqual(jsonReport(runs.logOnlyStackSetting).violations, []);
    });

    it("one production mode: a pack told production refuses the hub that declares the stack non-production", () => {
        const found = jsonReport(runs.logOnly).violations.filter((v) => v.policy === "agentcore-gateway-policy-engine" && v.resource.name === "hub");
        assert.equal(found.length, 1, JSON.stringify(jsonReport(runs.logOnly).violations, null, 2));
        assert.match(found[0].message, /declares the stack non-production \(agentcore-hub:production = false\) but the policy pack treats it as production/);
    });

    it("passes the pack config file: a whole-account grant is accepted when allowed, and shown as such", () => {
        assertExit(runs.wholeAccountAllowed, 0);
        const [gateway] = jsonReport(runs.wholeAccountAllowed).access.gateways;
        const account = gateway.invokers.principals.find((p) => p.account === "444444444444");
        assert.deepEqual({ kind: account?.kind, principal: account?.principal }, { kind: "account", principal: "arn:aws:iam::444444444444:root" });
    });

    it("does not count the wildcard spoke role among the gateway's callers: the gateway's resource policy does not name it", () => {
        const [gateway] = jsonReport(runs.spokeWildcard).access.gateways;
        assert.deepEqual(gateway.invokers.principals.map((p) => p.principal), ["arn:aws:iam::222222222222:role/agentcore-callers/support-agent"]);
    });
});
