import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The clone's quick start runs the clone's own compiled command (`npm run check -- <dir>`), not
 * `npx agentcore-hub`, which in a clone installs and rebuilds a copy of the package in npx's cache.
 */
const REPO = path.resolve(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

describe("clone quick start: no rebuild", function () {
    this.timeout(120_000);

    it("`npm run check` runs bin/agentcore-hub.js check from the clone", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string; scripts: Record<string, string> };
        assert.equal(pkg.scripts.check, "node bin/agentcore-hub.js check");
        assert.ok(fs.existsSync(path.join(REPO, "dist", "checker", "cli", "launch.js")), "run `npm run build` first (npm test does)");
        const env = { ...process.env };
        for (const key of Object.keys(env)) if (/^npm_/i.test(key) || key.startsWith("TS_NODE_")) delete env[key];
        const result = spawnSync(NPM, ["run", "--silent", "check", "--", "--help"], { cwd: REPO, env, encoding: "utf8", timeout: 60_000 });
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /^Usage: agentcore-hub check <program-dir>\[:<stack>\]\.\.\. \[options\]$/m);
    });

    it("the README's quick start and CI job use it, never `npx agentcore-hub` on the clone's examples", () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        assert.match(readme, /^npm ci && npm run check -- examples\/hub-and-spoke$/m);
        assert.doesNotMatch(readme, /npx agentcore-hub check examples\//);
    });
});
