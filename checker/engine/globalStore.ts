import * as stateModule from "@pulumi/pulumi/runtime/state";

/**
 * Where a program's SDK runtime state lives while the checker runs it: in a fresh copy of the
 * process's global store, as under the Pulumi CLI.
 *
 * The CLI's language host runs a program in the global store: `sdk/nodejs/cmd/run/run.ts:601`
 * (pulumi/pulumi 1b5949891b) calls `runInPulumiStack` without `withLocalStorage`, so
 * `getStore()` finds no async-local store and answers `global.globalStore`
 * (`sdk/nodejs/runtime/state.ts:458-466`). Only the Automation API's inline programs run inside
 * `withLocalStorage` (`sdk/nodejs/automation/server.ts:62`), an `AsyncLocalStorage.run`. On
 * Node 20 that `run` turns on the async hooks' promise hooks for every promise the process
 * makes from then on, and with them V8 leaves its fast paths for `await` and promise
 * resolution (Node 20's `AsyncLocalStorage.run` enables its `init` hook through
 * `createHook(...).enable()`, lib/async_hooks.js; the L check's CPU profile shows
 * `promiseInitHook` and `promiseBeforeHook` on every promise): at the L bench that was a
 * fifteenth of the check's wall time, for a run the CLI never makes.
 *
 * So a run here gets a fresh global store (the one it replaces is put back after, so a test's
 * `setMocks` state survives the checker's runs), and the one SDK question that tells the two
 * apart, `getLocalStore() === undefined` (`sdk/nodejs/runtime/settings.ts:547, 641`: "use the
 * module-level engine and monitor"), answers the run's store, so the SDK keeps using the mock
 * monitor and the log-collecting engine the checker puts in the store. Callbacks the SDK's
 * callback server runs (transforms, hooks) find the same store through `getStore()`, as under
 * the CLI. The resource package and module registries are the process's, whatever store a run
 * has (`getResourcePackages`/`getResourceModules` read `getGlobalStore()`, state.ts:364-391):
 * providers register into them once, when their modules load, and the SDK reads them to rebuild
 * the resource references the monitor hands back, so the fresh store shares the replaced one's
 * registries (a second program in the same process, a stack set's next stack, still finds the
 * providers the first one loaded). The compiled SDK reads `getLocalStore` from the module's exports
 * (`node_modules/@pulumi/pulumi/runtime/settings.js:403, 482`); an SDK where it cannot be
 * replaced runs the program in `withLocalStorage` as before, with the same results, slower.
 */

interface StateModule {
    getStore(): Record<string, unknown>;
    getLocalStore(): object | undefined;
    withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
    getResourcePackages(): Map<string, unknown>;
    getResourceModules(): Map<string, unknown>;
}

const state = stateModule as unknown as StateModule;

/** The SDK keeps its global store on `global`, so that every copy of the runtime shares it (state.ts:416-422). */
const sdkGlobal = globalThis as unknown as { globalStore?: object };

/** True when this SDK's `getLocalStore` export can be replaced for a run. */
function localStoreReplaceable(): boolean {
    const descriptor = Object.getOwnPropertyDescriptor(state, "getLocalStore");
    return descriptor !== undefined && descriptor.writable === true && typeof descriptor.value === "function";
}

/** Which store a run got: the global one, or (where the SDK does not allow that) an async-local one. */
export type RunStore = "global" | "asyncLocal";

/**
 * Runs `task` in a fresh SDK store: the process's global one where the SDK allows it (above),
 * else an async-local one, as also when the caller is itself inside an async-local store (the
 * global one would not be seen there). Runs must not overlap (capture.ts serializes them).
 */
export async function inFreshStore<T>(task: (store: RunStore) => Promise<T>): Promise<T> {
    if (!localStoreReplaceable() || state.getLocalStore() !== undefined) return state.withLocalStorage(() => task("asyncLocal"));
    // Read (and created, if new) on the global store being replaced: the registries are shared.
    const resourcePackages = state.getResourcePackages();
    const resourceModules = state.getResourceModules();
    const previousStore = sdkGlobal.globalStore;
    const previousLookup = state.getLocalStore;
    sdkGlobal.globalStore = undefined;
    // getStore() creates the fresh global store, as on a CLI run's first SDK call.
    const store = state.getStore();
    store.resourcePackages = resourcePackages;
    store.resourceModules = resourceModules;
    (state as { getLocalStore: () => object | undefined }).getLocalStore = () => store;
    try {
        return await task("global");
    } finally {
        (state as { getLocalStore: () => object | undefined }).getLocalStore = previousLookup;
        sdkGlobal.globalStore = previousStore;
    }
}
