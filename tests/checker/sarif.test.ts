import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { CliResult, EXAMPLE, FIXTURES, REPO, assertBuilt, assertExit, runAll } from "./cli";

/** The SARIF 2.1.0 schema, vendored (no network at test time): tests/fixtures/sarif-schema-2.1.0.SOURCE.md. */
const SCHEMA = path.join(REPO, "tests", "fixtures", "sarif-schema-2.1.0.json");

interface SarifLog {
    version: string;
    runs: {
        tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
        results: {
            ruleId: string;
            ruleIndex: number;
            level: string;
            message: { text: string };
            locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } }; logicalLocations: { fullyQualifiedName: string; kind: string }[] }[];
        }[];
    }[];
}

function validator(): (data: unknown) => string | undefined {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as object);
    return (data) => (validate(data) ? undefined : ajv.errorsText(validate.errors, { separator: "\n" }));
}

describe("checker: --format sarif (SARIF 2.1.0)", function () {
    this.timeout(300_000);
    let runs: Record<"violations" | "clean" | "componentError", CliResult>;
    let validate: (data: unknown) => string | undefined;

    before(async () => {
        assertBuilt();
        validate = validator();
        runs = await runAll({
            violations: ["check", `${FIXTURES}/rest-method-none`, "--format", "sarif"],
            clean: ["check", EXAMPLE, "--format", "sarif"],
            componentError: ["check", `${FIXTURES}/component-error`, "--format", "sarif"],
        });
    });

    it("the vendored schema rejects what is not SARIF 2.1.0 (the validator is real)", () => {
        assert.ok(validate({ version: "2.0.0", runs: [] }));
        assert.ok(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] }));
        assert.equal(validate({ version: "2.1.0", runs: [] }), undefined);
    });

    for (const name of ["violations", "clean", "componentError"] as const) {
        it(`validates against the SARIF 2.1.0 schema (${name})`, () => {
            assertExit(runs[name], name === "violations" ? 1 : name === "clean" ? 0 : 2);
            const errors = validate(JSON.parse(runs[name].stdout));
            assert.equal(errors, undefined, errors);
        });
    }

    it("has one rule per policy, error results for mandatory violations, located at the entry file and the resource URN", () => {
        const log = JSON.parse(runs.violations.stdout) as SarifLog;
        assert.equal(log.version, "2.1.0");
        const [run] = log.runs;
        assert.equal(run.tool.driver.name, "agentcore-hub");
        const ruleIds = run.tool.driver.rules.map((r) => r.id);
        assert.equal(new Set(ruleIds).size, ruleIds.length, "one rule per policy");
        assert.ok(ruleIds.includes("agentcore-rest-method-iam-auth") && ruleIds.includes("agentcore-deferred-to-update"), ruleIds.join(", "));
        assert.equal(run.tool.driver.rules.find((r) => r.id === "agentcore-deferred-to-update")?.defaultConfiguration.level, "note");
        const result = run.results.find((r) => r.ruleId === "agentcore-rest-method-iam-auth");
        assert.ok(result, JSON.stringify(run.results.map((r) => r.ruleId)));
        assert.equal(result.level, "error");
        assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
        assert.match(result.message.text, /^\[I4\] Method "orders-get": .*authorization "NONE".* Fix: /);
        const [location] = result.locations;
        assert.deepEqual(location.physicalLocation.artifactLocation, { uri: "tests/fixtures/checker/rest-method-none/index.ts", uriBaseId: "SRCROOT" });
        assert.equal(location.logicalLocations[0].kind, "resource");
        assert.match(location.logicalLocations[0].fullyQualifiedName, /^urn:pulumi:dev::checker-rest-method-none::aws:apigateway\/method:Method::orders-get$/);
        assert.ok(run.results.every((r) => r.level === "error" || r.level === "note" || r.level === "warning"));
    });

    it("a component's construction error: one error result per problem, at the program's entry file", () => {
        const log = JSON.parse(runs.componentError.stdout) as SarifLog & { runs: { invocations: { executionSuccessful: boolean }[] }[] };
        const [run] = log.runs;
        assert.equal(run.invocations[0].executionSuccessful, false);
        assert.deepEqual(
            run.results.map((r) => [r.ruleId, r.level, run.tool.driver.rules[r.ruleIndex].id, r.message.text]),
            [
                ["agentcore-hub-construction-error", "error", "agentcore-hub-construction-error", 'AgentGatewayHub "hub": [I12] gatewayName = "Org_Tools" is not a valid gateway name: 1-48 letters or digits, single hyphens between them. Fix: Choose a gateway name of 1-48 letters or digits, single hyphens between them.'],
                ["agentcore-hub-construction-error", "error", "agentcore-hub-construction-error", 'AgentGatewayHub "hub": [I2] gatewayName = "Org_Tools" has capital letters; AgentCore derives a lowercase gateway id from it, so the role trust scoped to "<name>-??????????" would never match. Fix: Use "org-tools".'],
                ["agentcore-hub-construction-error", "error", "agentcore-hub-construction-error", "AgentGatewayHub \"hub\": [I11] The gateway's exceptionLevel is DEBUG in a production stack: error details reach every caller. Fix: Remove exceptionLevel, or mark the stack non-production."],
            ],
        );
        for (const r of run.results) assert.deepEqual(r.locations[0].physicalLocation.artifactLocation, { uri: "tests/fixtures/checker/component-error/index.ts", uriBaseId: "SRCROOT" });
    });

    it("a secure program has no error result", () => {
        const log = JSON.parse(runs.clean.stdout) as SarifLog;
        assert.deepEqual(log.runs[0].results.filter((r) => r.level === "error"), []);
    });
});
