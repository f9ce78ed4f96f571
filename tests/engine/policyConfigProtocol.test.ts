import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PolicyConfigEntry, PolicyConfigError, startPolicyPack } from "../../checker/engine/analyzerClient";

/**
 * Policy config over the real Analyzer protocol: what `startPolicyPack` sends to `Configure` is
 * what the Pulumi CLI would send (pulumi/pulumi 1b5949891b3cefcb9974752b24a5ecef0acc86c8
 * pkg/resource/analyzer/config.go ReconcilePolicyPackConfig, sdk/go/common/resource/plugin/
 * analyzer_plugin.go:611-654), so the policies read the schema's defaults.
 */

const REPO = path.resolve(__dirname, "..", "..");

/** A JavaScript pack whose stack policies report the config they read. */
const PACK = `const { PolicyPack } = require("@pulumi/policy");
const echo = (args, report) => report(JSON.stringify(args.getConfig()));
new PolicyPack("config-pack", { policies: [
    { name: "echo-config", description: "Echoes its config.", enforcementLevel: "mandatory", validateStack: echo,
      configSchema: { properties: { production: { type: "boolean", default: true }, n: { type: "integer" } } } },
    { name: "no-schema", description: "Echoes its config.", enforcementLevel: "advisory", validateStack: echo },
] });
`;

function tempPack(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-config-pack-"));
    fs.writeFileSync(path.join(dir, "index.js"), PACK);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "config-pack", version: "0.0.1", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

describe("engine/policyConfig over the Analyzer protocol", function () {
    this.timeout(120_000);
    let dir = "";

    before(() => (dir = tempPack()));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("the schema's defaults reach the policy, merged with the file's properties; levels are the configured ones (config.go:276-302, 362-365; analyzer_plugin.go:647-654)", async () => {
        const session = await startPolicyPack(dir, { config: { "echo-config": { n: 3 }, "no-schema": "mandatory" } });
        try {
            const diagnostics = await session.analyzeStack([]);
            const byPolicy = new Map(diagnostics.map((d) => [d.policyName, d]));
            assert.deepEqual(JSON.parse(byPolicy.get("echo-config")?.message.split("\n").pop() ?? "null"), { production: true, n: 3 });
            assert.deepEqual(JSON.parse(byPolicy.get("no-schema")?.message.split("\n").pop() ?? "null"), {});
            assert.equal(byPolicy.get("no-schema")?.enforcementLevel, "mandatory");
            assert.deepEqual(session.info.policies.map((p) => [p.name, p.enforcementLevel]), [["echo-config", "mandatory"], ["no-schema", "mandatory"]]);
            assert.deepEqual(session.info.unreadConfig, []);
        } finally {
            await session.close();
        }
    });

    it("a config its schema refuses stops the start with the CLI's lines, not as a pack that failed (update.go:835-840, 1055-1060)", async () => {
        await assert.rejects(startPolicyPack(dir, { config: { "echo-config": { n: "3" } } }), (e: unknown) => {
            assert.ok(e instanceof PolicyConfigError, String(e));
            assert.equal(e.kind, "invalid");
            assert.deepEqual(e.errors, ["validating policy config: config-pack 0.0.1  echo-config: n: Invalid type. Expected: integer, given: string"]);
            return true;
        });
    });

    it("a file the CLI cannot parse fails before the pack is spawned (config.go:143-144; update.go:947-957)", async () => {
        const started = Date.now();
        await assert.rejects(startPolicyPack(dir, { config: { "echo-config": 5 } as unknown as Record<string, PolicyConfigEntry> }), (e: unknown) => e instanceof PolicyConfigError && e.kind === "parse");
        assert.ok(Date.now() - started < 1000, "rejected without starting the pack");
    });
});
