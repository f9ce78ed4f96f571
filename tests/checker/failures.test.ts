import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliResult, FIXTURES, REPO, assertBuilt, assertExit, runAll } from "./cli";

/** A throwaway Pulumi project (a syntax error cannot live in the repository: tsc and eslint read it). */
function tempProgram(name: string, source: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `checker-${name}-`));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
    fs.writeFileSync(path.join(dir, "index.ts"), source);
    return dir;
}

describe("checker: exit code 2 when the program cannot run, or on bad usage", function () {
    this.timeout(300_000);
    const temporary: string[] = [];
    let runs: Record<"syntax" | "throws" | "unsupported" | "unsupportedJson" | "unsupportedSarif" | "brokenPack" | "noArgs" | "badOption" | "badMode" | "notProject" | "help" | "version", CliResult>;
    let syntaxDir = "";

    before(async () => {
        assertBuilt();
        syntaxDir = tempProgram("syntax-error", 'import * as pulumi from "@pulumi/pulumi";\n\nconst broken = ;\nexport const value = pulumi.output(broken);\n');
        const throwsDir = tempProgram("throws", 'throw new Error("the program refuses to run: missing setting");\n');
        const brokenPack = fs.mkdtempSync(path.join(os.tmpdir(), "checker-broken-pack-"));
        fs.writeFileSync(path.join(brokenPack, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        fs.writeFileSync(path.join(brokenPack, "package.json"), JSON.stringify({ name: "broken", version: "0.0.1", main: "index.js" }));
        fs.writeFileSync(path.join(brokenPack, "index.js"), 'throw new Error("this pack cannot load");\n');
        temporary.push(syntaxDir, throwsDir, brokenPack);
        runs = await runAll({
            syntax: ["check", syntaxDir],
            throws: ["check", throwsDir],
            unsupported: ["check", `${FIXTURES}/unsupported-invoke`],
            unsupportedJson: ["check", `${FIXTURES}/unsupported-invoke`, "--format", "json"],
            unsupportedSarif: ["check", `${FIXTURES}/unsupported-invoke`, "--format", "sarif"],
            brokenPack: ["check", "examples/hub-and-spoke", "--policy-pack", brokenPack],
            noArgs: [],
            badOption: ["check", "examples/hub-and-spoke", "--colour"],
            badMode: ["check", "examples/hub-and-spoke", "--mode", "destroy"],
            notProject: ["check", "tests"],
            help: ["--help"],
            version: ["--version"],
        });
    });

    after(() => temporary.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("a TypeScript syntax error: exit 2 with TypeScript's message and position", () => {
        assertExit(runs.syntax, 2);
        assert.match(runs.syntax.stderr, /^agentcore-hub: The program failed under the mock engine:$/m);
        assert.match(runs.syntax.stderr, /index\.ts\(3,16\): error TS1109: Expression expected\./);
        assert.equal(runs.syntax.stdout, "", "no report for a program that did not run");
    });

    it("a program that throws: exit 2 with the program's error", () => {
        assertExit(runs.throws, 2);
        assert.match(runs.throws.stderr, /the program refuses to run: missing setting/);
    });

    it("an unsupported provider function (aws.ec2.getVpc): exit 2 naming it and what is emulated", () => {
        assertExit(runs.unsupported, 2);
        assert.match(runs.unsupported.stderr, /cannot be answered offline: aws:ec2\/getVpc:getVpc\./);
        assert.match(runs.unsupported.stderr, /answers only caller identity, Region and partition/);
    });

    it("--format json on failure: a JSON error on stdout with the function's token", () => {
        assertExit(runs.unsupportedJson, 2);
        const out = JSON.parse(runs.unsupportedJson.stdout) as { error: { kind: string; unsupportedInvokes: string[]; errors: string[] } };
        assert.equal(out.error.kind, "program");
        assert.deepEqual(out.error.unsupportedInvokes, ["aws:ec2/getVpc:getVpc"]);
        assert.ok(out.error.errors.some((e) => e.includes("cannot be emulated offline")), out.error.errors.join("\n"));
    });

    it("--format sarif on failure: a SARIF log of an unsuccessful run, its error a result at the entry file", () => {
        assertExit(runs.unsupportedSarif, 2);
        const log = JSON.parse(runs.unsupportedSarif.stdout) as {
            version: string;
            runs: { invocations: { executionSuccessful: boolean }[]; results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
        };
        assert.equal(log.version, "2.1.0");
        assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
        assert.ok(log.runs[0].results.length > 0, "no result: code scanning would show nothing");
        assert.ok(log.runs[0].results.every((r) => r.ruleId === "agentcore-hub-program-error"), JSON.stringify(log.runs[0].results.map((r) => r.ruleId)));
        assert.ok(log.runs[0].results.some((r) => r.message.text.includes("aws:ec2/getVpc:getVpc")), JSON.stringify(log.runs[0].results.map((r) => r.message.text)));
        assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, `${FIXTURES}/unsupported-invoke/index.ts`);
    });

    it("a policy pack that does not start: exit 2 with the pack's own error", () => {
        assertExit(runs.brokenPack, 2);
        assert.match(runs.brokenPack.stderr, /^agentcore-hub: The policy pack .* did not start: /m);
        assert.match(runs.brokenPack.stderr, /this pack cannot load/);
    });

    for (const [name, pattern] of [
        ["noArgs", /no command given/],
        ["badOption", /unknown option --colour/],
        ["badMode", /--mode must be one of preview, update, not "destroy"/],
        ["notProject", /has no Pulumi\.yaml/],
    ] as const) {
        it(`bad usage (${name}): exit 2 with the reason and the usage`, () => {
            assertExit(runs[name], 2);
            assert.match(runs[name].stderr, pattern);
            assert.match(runs[name].stderr, /^Usage: agentcore-hub check <program-dir>\[:<stack>\]\.\.\. \[options\]$/m);
        });
    }

    it("--help and --version exit 0", () => {
        assertExit(runs.help, 0);
        assert.match(runs.help.stdout, /^Usage: agentcore-hub check/);
        assertExit(runs.version, 0);
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
        assert.equal(runs.version.stdout.trim(), pkg.version);
    });
});
