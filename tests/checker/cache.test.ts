import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CheckReport } from "../../checker/report/types";
import { EXAMPLE, REPO, assertBuilt, assertExit, jsonReport, runCli } from "./cli";

/** A report without what differs between runs (timings). */
function comparable(report: CheckReport): Partial<CheckReport> {
    const rest: Partial<CheckReport> = { ...report };
    delete rest.timings;
    return rest;
}

function roleProgram(roleName: string): string {
    return `import * as aws from "@pulumi/aws";\n\nnew aws.iam.Role("${roleName}", { assumeRolePolicy: "{}" });\n`;
}

describe("checker: the caches only save time (V8 code cache, transpiled TypeScript)", function () {
    this.timeout(300_000);
    const temporary: string[] = [];
    let cacheDir = "";

    before(() => {
        assertBuilt();
        cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "checker-cache-"));
        temporary.push(cacheDir);
    });

    after(() => temporary.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("reports the same with an empty cache, a filled cache and no cache", async () => {
        const env = { AGENTCORE_HUB_CACHE_DIR: cacheDir };
        const cold = await runCli(["check", EXAMPLE, "--format", "json"], REPO, env);
        const warm = await runCli(["check", EXAMPLE, "--format", "json"], REPO, env);
        const none = await runCli(["check", EXAMPLE, "--format", "json"], REPO, { AGENTCORE_HUB_NO_CACHE: "1" });
        for (const run of [cold, warm, none]) assertExit(run, 0);
        assert.ok(fs.readdirSync(cacheDir).length > 0, "the first run filled the cache");
        assert.deepEqual(comparable(jsonReport(warm)), comparable(jsonReport(cold)));
        assert.deepEqual(comparable(jsonReport(none)), comparable(jsonReport(cold)));
    });

    it("runs the program as it is now after its source changed (entries are keyed by content)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checker-edited-"));
        temporary.push(dir);
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: edited\nruntime: nodejs\n");
        const names = async (): Promise<string[]> => {
            const run = await runCli(["check", dir, "--format", "json"], REPO, { AGENTCORE_HUB_CACHE_DIR: cacheDir });
            assertExit(run, 0);
            return jsonReport(run).resources.flatMap((g) => g.resources.map((r) => r.name));
        };
        fs.writeFileSync(path.join(dir, "index.ts"), roleProgram("before-edit"));
        assert.deepEqual(await names(), ["before-edit"]);
        fs.writeFileSync(path.join(dir, "index.ts"), roleProgram("after-edit"));
        assert.deepEqual(await names(), ["after-edit"]);
    });
});
