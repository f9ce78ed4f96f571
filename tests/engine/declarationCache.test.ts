import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DeclarationStore } from "../../checker/engine/providerModel";

/** The declaration cache only saves time: the facts are the same parsed, cached, or after a torn entry. */
describe("engine/providerModel: per-type facts cached between runs", () => {
    const saved = { dir: process.env.AGENTCORE_HUB_CACHE_DIR, off: process.env.AGENTCORE_HUB_NO_CACHE };
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "declaration-cache-"));
        process.env.AGENTCORE_HUB_CACHE_DIR = dir;
        delete process.env.AGENTCORE_HUB_NO_CACHE;
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        for (const [key, value] of [["AGENTCORE_HUB_CACHE_DIR", saved.dir], ["AGENTCORE_HUB_NO_CACHE", saved.off]] as const) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    });

    function entries(): string[] {
        return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".json"));
    }

    for (const token of ["aws:iam/role:Role", "aws-native:iam:Role"]) {
        it(`${token}: a fresh store reads the cached facts, equal to the parsed ones`, () => {
            const parsed = new DeclarationStore().get(token);
            assert.ok(parsed !== undefined && parsed.outputs.size > 0);
            assert.equal(entries().length, 1);
            const cached = new DeclarationStore().get(token);
            assert.deepEqual(cached, parsed);
        });
    }

    it("a torn entry is parsed again and rewritten", () => {
        const parsed = new DeclarationStore().get("aws:iam/role:Role");
        const [entry] = entries();
        fs.writeFileSync(path.join(dir, entry), "{ torn");
        assert.deepEqual(new DeclarationStore().get("aws:iam/role:Role"), parsed);
        assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(dir, entry), "utf8")));
    });

    it("AGENTCORE_HUB_NO_CACHE=1 writes nothing", () => {
        process.env.AGENTCORE_HUB_NO_CACHE = "1";
        assert.ok(new DeclarationStore().get("aws:iam/role:Role") !== undefined);
        assert.deepEqual(entries(), []);
    });
});
