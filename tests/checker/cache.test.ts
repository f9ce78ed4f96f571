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

    it("a second check takes every module from the cache: the checker's, its pack thread's and the pack's", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "checker-cache-stats-"));
        temporary.push(dir);
        const env = (run: string) => ({ AGENTCORE_HUB_CACHE_DIR: path.join(dir, "cache"), AGENTCORE_HUB_CODE_CACHE_STATS: path.join(dir, `${run}.jsonl`) });
        const counts = (run: string) =>
            fs.readFileSync(path.join(dir, `${run}.jsonl`), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { cache: string; compiled: number; rejected: number; cached: number });
        assertExit(await runCli(["check", EXAMPLE, "--format", "json"], REPO, env("cold")), 0);
        assertExit(await runCli(["check", EXAMPLE, "--format", "json"], REPO, env("warm")), 0);
        const cold = counts("cold");
        const warm = counts("warm");
        assert.deepEqual(cold.map((c) => c.cache).sort(), ["agentcore-hub-cli", "agentcore-hub-cli-pack-thread", "policy-pack"], JSON.stringify(cold));
        assert.ok(cold.every((c) => c.compiled > 0 && c.cached === 0), JSON.stringify(cold));
        // The pack thread is terminated once it is done (its cache was never written), and V8 refused the
        // pack's first modules, cached under a flag set after they loaded (packPreload.ts).
        assert.deepEqual(warm.map((c) => c.cache).sort(), ["agentcore-hub-cli", "agentcore-hub-cli-pack-thread", "policy-pack"], JSON.stringify(warm));
        for (const c of warm) assert.deepEqual({ ...c, cached: c.cached > 0 }, { cache: c.cache, compiled: 0, rejected: 0, cached: true }, JSON.stringify(warm));
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
