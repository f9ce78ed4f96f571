import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyzeStackRequest } from "../../checker/engine/analyzerRequests";
import { runProgramFile } from "../../checker/engine/programFile";
import { CapturedResource } from "../../checker/engine/types";
import { CEDAR_BUILD, CedarAnswers, cedarCacheStats, clearCedarCaches, exportCedarAnswers, importCedarAnswers, policyToJson } from "../../invariants/cedar/cached";
import { SHARED_CEDAR_ANSWERS_ENV, takeSharedCedarAnswers, writeSharedCedarAnswers } from "../../invariants/cedar/sharedAnswers";
import { ContentCache } from "../../invariants/contentCache";
import { StackDiagnostic, analyzeStackDiagnostics } from "./support/policyServer";

type Diagnostic = StackDiagnostic;

function analyzeStack(resources: readonly CapturedResource[]): Promise<Diagnostic[]> {
    return analyzeStackDiagnostics(analyzeStackRequest(resources));
}

const made: string[] = [];

function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agentcore-hub-cedar-test-"));
    made.push(dir);
    return dir;
}

/** Runs `body` with the pack's environment naming `dir`, as the checker spawns it. */
async function withHandOff<T>(dir: string, body: () => Promise<T>): Promise<T> {
    const before = process.env[SHARED_CEDAR_ANSWERS_ENV];
    process.env[SHARED_CEDAR_ANSWERS_ENV] = dir;
    try {
        return await body();
    } finally {
        if (before === undefined) delete process.env[SHARED_CEDAR_ANSWERS_ENV];
        else process.env[SHARED_CEDAR_ANSWERS_ENV] = before;
    }
}

describe("Cedar answers handed from the checker's program to its pack", function () {
    this.timeout(600_000);
    // The caches are the process's: no answer made up here may reach a later test.
    after(() => {
        clearCedarCaches();
        for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("the content caches' hand-off", () => {
        beforeEach(clearCedarCaches);

        it("seeds an entry without counting a hit or a miss, and never replaces one", () => {
            const cache = new ContentCache<string>(2);
            assert.equal(cache.seed("a", "from elsewhere"), true);
            assert.equal(cache.seed("a", "again"), false);
            assert.deepEqual(cache.stats(), { hits: 0, misses: 0, size: 1 });
            assert.equal(cache.get("a", () => "computed"), "from elsewhere");
            assert.deepEqual(cache.entries(), [["a", "from elsewhere"]]);
            // Bounded like any entry: the oldest goes first.
            cache.seed("b", "b");
            cache.seed("c", "c");
            assert.deepEqual(cache.entries().map(([k]) => k), ["b", "c"]);
        });

        it("takes an answer file once, answering from it as Cedar would, frozen", () => {
            const text = `permit(principal, action, resource);`;
            const computed = policyToJson(text);
            const dir = tempDir();
            writeSharedCedarAnswers(dir);
            clearCedarCaches();
            assert.ok(takeSharedCedarAnswers(dir) >= 1);
            assert.equal(takeSharedCedarAnswers(dir), 0, "a file already read is not read again");
            const taken = policyToJson(text);
            assert.deepEqual(taken, computed);
            assert.ok(Object.isFrozen(taken));
            assert.equal(cedarCacheStats().policyJson.misses, 0, "answered from the file, not by Cedar");
        });

        it("refuses another Cedar build's answers, and passes over files it cannot read", () => {
            policyToJson(`forbid(principal, action, resource);`);
            const mine = exportCedarAnswers();
            clearCedarCaches();
            const other: CedarAnswers = { ...mine, cedar: `${CEDAR_BUILD}-other` };
            assert.equal(importCedarAnswers(other), 0);
            const dir = tempDir();
            fs.writeFileSync(path.join(dir, "1-broken.json"), "{ not json");
            fs.writeFileSync(path.join(dir, "2-other.json"), JSON.stringify({ format: 1, sets: [other] }));
            fs.writeFileSync(path.join(dir, "3-partial.json.partial"), JSON.stringify({ format: 1, sets: [mine] }));
            assert.equal(takeSharedCedarAnswers(dir), 0);
            assert.equal(takeSharedCedarAnswers(path.join(dir, "missing")), 0);
            assert.equal(takeSharedCedarAnswers(undefined), 0);
        });
    });

    describe("the pack's AnalyzeStack over the reference example", () => {
        let resources: CapturedResource[];
        let answersOfProgram: string;
        before(async () => {
            clearCedarCaches();
            resources = (await runProgramFile(path.join(__dirname, "../../examples/hub-and-spoke"), { mode: "preview", stack: "dev" })).resources;
            // What the checker writes once the program has run: the components' answers only.
            answersOfProgram = tempDir();
            writeSharedCedarAnswers(answersOfProgram);
        });

        it("asks Cedar nothing the components already asked, and reports exactly what it reports asking Cedar itself", async () => {
            clearCedarCaches();
            const alone = await analyzeStack(resources);
            const askedAlone = cedarCacheStats().validations.misses;
            assert.ok(askedAlone > 0, "the pack validates the example's engine");

            clearCedarCaches();
            const handedOff = await withHandOff(answersOfProgram, () => analyzeStack(resources));
            assert.equal(cedarCacheStats().validations.misses, 0, "every validation the pack needs was the components' (the same schema text: schema.ts recordTypeOf)");
            assert.equal(cedarCacheStats().schemaParse.misses, 0);
            assert.deepEqual(handedOff, alone);
        });

        it("reports what the handed answers say (the pack uses them, it does not recompute them)", async () => {
            // The program's answers with each schema check turned into a failure no Cedar would give.
            const [file] = fs.readdirSync(answersOfProgram);
            const { sets } = JSON.parse(fs.readFileSync(path.join(answersOfProgram, file), "utf8")) as { sets: CedarAnswers[] };
            const failure = { type: "failure", errors: [{ message: "handed-off finding", help: null, code: null, url: null, severity: null, sourceLocations: [], related: [] }] };
            const poisoned = sets.map((set) => ({ ...set, schemaParse: set.schemaParse.map(([key]) => [key, failure]) }));
            assert.ok(poisoned.some((set) => set.schemaParse.length > 0), "the components checked the schema");
            const dir = tempDir();
            fs.writeFileSync(path.join(dir, "1-poisoned.json"), JSON.stringify({ format: 1, sets: poisoned }));
            clearCedarCaches();
            let found: Diagnostic[];
            try {
                found = await withHandOff(dir, () => analyzeStack(resources));
            } finally {
                clearCedarCaches();
            }
            const cedar = found.filter((d) => d.policy === "agentcore-cedar-policies");
            assert.ok(cedar.some((d) => d.message.includes("The Cedar schema does not parse: handed-off finding.")), JSON.stringify(cedar));
        });
    });
});
