import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Transforms, invoke transforms and resource hooks run in the run's runtime store.
 *
 * Needed only where the checker runs a program in an async-local SDK store (`withLocalStorage`:
 * globalStore.ts, for an SDK whose `getLocalStore` cannot be replaced, or a caller already in
 * such a store), where the mock monitor, config, stack name and the log-collecting engine
 * live. The SDK calls a transform from its callback server's gRPC handler (`sdk/nodejs/runtime/callbacks.ts:181-210` at
 * pulumi/pulumi 1b5949891b, `this._callbacks.get(token)` then `await cb(bytes)`), and that
 * handler does not run in the store's async context: there `getLocalStore()` is undefined, so
 * `getStore()` is the process's global store (`runtime/state.ts:458-466`), and `pulumi.log.info`
 * finds no engine (`runtime/settings.ts:639-649`) and prints with `console.log`
 * (`log/index.ts:58-64`): onto stdout, into a `--format json` report, and missing from its log lines.
 *
 * Under the real CLI a program runs in the one global store, whose engine address is the CLI's,
 * so a transform logs to the engine like the rest of the program. The checker gets the same by
 * running every callback the server looks up in the run's async context (`AsyncLocalStorage.snapshot`).
 */

type CallbackFunction = (request: Uint8Array) => Promise<unknown>;

function isCallbackMap(value: unknown): value is Map<string, CallbackFunction> {
    return value instanceof Map;
}

/** Wraps the lookups of one callback server so each callback runs in `inRun`'s context. */
function bindLookups(server: object, inRun: <R>(fn: () => R) => R): void {
    const callbacks = (server as { _callbacks?: unknown })._callbacks;
    if (!isCallbackMap(callbacks)) {
        // Every SDK from 3.202 (below the floor, 3.204) to the newest keeps them in `_callbacks` (callbacks.ts:73; 3.202: :70).
        throw new Error(
            "agentcore-hub check: the installed @pulumi/pulumi's callback server keeps no `_callbacks` map, so transforms would run outside the program's runtime " +
                "(their pulumi.log lines on stdout, their config and stack name the defaults). Use an @pulumi/pulumi in the supported range (README, Install).",
        );
    }
    const lookup = callbacks.get.bind(callbacks);
    callbacks.get = (token: string): CallbackFunction | undefined => {
        const callback = lookup(token);
        return callback === undefined ? undefined : (request: Uint8Array) => inRun(() => callback(request));
    };
}

/**
 * Called inside the run's store, before the program: the SDK creates its callback server lazily
 * (`settings.ts` `getCallbacks`, `store.callbacks = callbackServer`), so the store's `callbacks`
 * slot binds whatever server is put there.
 */
export function runCallbacksInThisContext(store: object): void {
    const inRun = AsyncLocalStorage.snapshot();
    let server: unknown = (store as { callbacks?: unknown }).callbacks;
    if (typeof server === "object" && server !== null) bindLookups(server, inRun);
    Object.defineProperty(store, "callbacks", {
        configurable: true,
        enumerable: true,
        get: () => server,
        set: (value: unknown) => {
            if (typeof value === "object" && value !== null && value !== server) bindLookups(value, inRun);
            server = value;
        },
    });
}
