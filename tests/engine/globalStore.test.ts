import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as stateModule from "@pulumi/pulumi/runtime/state";
import { runUnderMocks } from "../../checker/engine/capture";

/**
 * A program runs in a fresh global SDK store, as under the CLI, not inside an
 * `AsyncLocalStorage.run` (checker/engine/globalStore.ts); the store it replaces is back after
 * the run, and a caller already in an async-local store still gets a working run.
 */
const state = stateModule as unknown as { withLocalStorage<T>(callback: () => Promise<T>): Promise<T>; getResourceModules(): Map<string, unknown> };
const sdkGlobal = globalThis as unknown as { globalStore?: object };
const asyncLocal = (): unknown => (global as unknown as { asyncLocalStorage: { getStore(): unknown } }).asyncLocalStorage.getStore();

function loggingProgram(seen: { asyncLocal?: unknown; global?: unknown }): () => void {
    return () => {
        seen.asyncLocal = asyncLocal();
        seen.global = sdkGlobal.globalStore;
        void pulumi.log.info("from the program");
        new pulumi.ComponentResource("test:index:Thing", "thing");
    };
}

describe("the SDK store a program runs in under the checker", () => {
    it("is a fresh global store, with no async-local store, and the previous global store is back after the run", async () => {
        const before = { mine: true };
        const previous = sdkGlobal.globalStore;
        sdkGlobal.globalStore = before;
        const seen: { asyncLocal?: unknown; global?: unknown } = {};
        try {
            const stack = await runUnderMocks(loggingProgram(seen), { mode: "preview" });
            assert.equal(seen.asyncLocal, undefined);
            assert.notEqual(seen.global, undefined);
            assert.notEqual(seen.global, before);
            assert.deepEqual(stack.logs.map((l) => l.message), ["from the program"]);
            assert.equal(sdkGlobal.globalStore, before);
        } finally {
            sdkGlobal.globalStore = previous;
        }
    });

    it("shares the process's resource module registry: what one run's providers registered, the next run finds", async () => {
        const key = "agentcore-hub-test:registered-in-run-1";
        let inFirst = false;
        let inSecond = false;
        await runUnderMocks(() => {
            pulumi.runtime.registerResourceModule("agentcore-hub-test", "registered-in-run-1", { construct: () => new pulumi.ComponentResource("test:index:Thing", "x") });
            inFirst = [...state.getResourceModules().keys()].some((k) => k.startsWith(key));
        }, { mode: "preview" });
        await runUnderMocks(() => {
            inSecond = [...state.getResourceModules().keys()].some((k) => k.startsWith(key));
        }, { mode: "preview" });
        assert.equal(inFirst, true);
        assert.equal(inSecond, true);
        assert.ok([...state.getResourceModules().keys()].some((k) => k.startsWith(key)), "the registration is lost after the runs");
    });

    it("is an async-local store when the caller is already in one, with the same run", async () => {
        const seen: { asyncLocal?: unknown; global?: unknown } = {};
        const stack = await state.withLocalStorage(() => runUnderMocks(loggingProgram(seen), { mode: "preview" }));
        assert.notEqual(seen.asyncLocal, undefined);
        assert.deepEqual(stack.logs.map((l) => l.message), ["from the program"]);
        assert.ok(stack.resources.some((r) => r.type === "test:index:Thing"));
    });
});
