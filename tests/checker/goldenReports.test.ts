import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { assertBuilt, assertExit, REPO, runCli } from "./cli";

/**
 * The checker's reports, byte for byte, on the reference example and on the M workload, in every
 * format. Performance work (issue 13) must not change a report; a deliberate change to a report
 * (a new check, a changed example) regenerates these files with
 * `UPDATE_GOLDEN=1 npx mocha --no-config -r ts-node/register/transpile-only --extension ts --timeout 600000 tests/checker/goldenReports.test.ts`
 * and the diff is reviewed in the commit.
 *
 * Only what cannot be identical between two runs is normalized: the repository's absolute path
 * (the clone's location) and the measured durations.
 */

const GOLDEN = path.join(REPO, "tests", "fixtures", "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const WORKLOADS = { reference: "examples/hub-and-spoke", m: "bench/programs/m" } as const;
const FORMATS = { json: "json", text: "txt", sarif: "sarif.json" } as const;

export function normalizeReport(text: string): string {
    return text
        .split(REPO + path.sep).join("<repo>/")
        .split(REPO).join("<repo>")
        .replace(/("(?:totalMs|programMs|packStartMs|analyzeMs|accessMs)": )\d+/g, "$1<ms>")
        .replace(/ in \d+(?:\.\d+)? s$/gm, " in <s> s");
}

describe("golden reports: the checker's output is unchanged on the reference example and M", function () {
    this.timeout(600_000);
    before(assertBuilt);

    for (const [workload, dir] of Object.entries(WORKLOADS)) {
        for (const [format, extension] of Object.entries(FORMATS)) {
            it(`${workload} --format ${format}`, async () => {
                const result = await runCli(["check", dir, "--format", format]);
                assertExit(result, 0);
                const actual = normalizeReport(result.stdout);
                const file = path.join(GOLDEN, `${workload}.${extension}`);
                if (UPDATE) fs.writeFileSync(file, actual);
                assert.ok(fs.existsSync(file), `${file} is missing: run this test with UPDATE_GOLDEN=1 once`);
                const expected = fs.readFileSync(file, "utf8");
                if (actual !== expected) {
                    const a = actual.split("\n");
                    const e = expected.split("\n");
                    const line = a.findIndex((l, i) => l !== e[i]);
                    assert.fail(`${workload} --format ${format} differs from ${path.relative(REPO, file)} first at line ${line + 1}:\n  golden: ${e[line]}\n  now:    ${a[line]}`);
                }
            });
        }
    }
});
