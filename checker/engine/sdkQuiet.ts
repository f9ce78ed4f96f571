import * as logModule from "@pulumi/pulumi/log";
import * as resourceModule from "@pulumi/pulumi/resource";
import * as debuggableModule from "@pulumi/pulumi/runtime/debuggable";

/**
 * What the SDK does for every promise and registration that nothing in the checker reads,
 * switched off while a program runs under the checker's engine (and restored after):
 *
 * - `debuggablePromise` (node_modules/@pulumi/pulumi/runtime/debuggable.js:247-292) marks every
 *   promise it wraps (about 64 per registration) with an id, a context and `new Error().stack`,
 *   and adds it to the store's `leakCandidates` until it settles. All of it is read only for the
 *   leak report: `promiseDebugString` (debuggable.js:237-239) and `leakedPromises`
 *   (debuggable.js:224-229), printed at the process's exit or by the Automation API's server
 *   (automation/server.js:43), neither of which runs under the checker. Formatting those stacks
 *   was the largest single cost of an L check (issue 13). The checker's version keeps what the
 *   program can observe: the same two promises chained on the wrapped one
 *   (`p.then(…).catch(…)`), so every continuation runs at the tick it would, and the rejection
 *   reason tagged with `promise` as the SDK tags it (which, in strict mode as there, turns a
 *   primitive reason into a TypeError). With `PULUMI_DEBUG_PROMISE_LEAKS` set the SDK's own runs.
 * - `log.debug` (node_modules/@pulumi/pulumi/log/index.js:42-53, 101-130) builds a `LogRequest`,
 *   chains it after every earlier log and holds an RPC keep-alive, for each of the SDK's
 *   per-registration traces; the checker's log service drops debug entries (capture.ts
 *   `LogCollectingEngine`), so they are not sent at all. Other severities are untouched, in order.
 *
 * - `Resource.callsites` (node_modules/@pulumi/pulumi/resource.js:313-348) captures the whole
 *   stack (`Error.stackTraceLimit` = Infinity) of every resource's construction, for the
 *   registration's `sourcePosition` and `stackTrace` (resource.js:284-285, 302), which the engine
 *   uses only to point its own messages at the program's line. The checker's monitor never reads
 *   them (no analyzer request carries them: analyzerRequests.ts), so the capture returns no
 *   frames and the registration has no source position. At the L bench this was a twentieth of
 *   the program's construction.
 *
 * The program's own errors keep their stacks: nothing here changes `Error.stackTraceLimit`.
 */

type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
type DebugLog = (msg: string, resource?: unknown, streamId?: number, ephemeral?: boolean) => Promise<void>;

interface Patch {
    restore(): void;
}

/** Replaces `target[key]` when the module allows it (an export the SDK assigns, not a getter). */
function replace<K extends string, V>(target: Record<K, V>, key: K, make: (original: V) => V): Patch | undefined {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor === undefined || descriptor.writable !== true || typeof descriptor.value !== "function") return undefined;
    const original = descriptor.value as V;
    target[key] = make(original);
    return { restore: () => (target[key] = original) };
}

const passThrough = <T>(value: T): T => value;

/** debuggable.js:284-292 without the leak bookkeeping (above). */
function withoutLeakTracking(): DebuggablePromise {
    return function debuggablePromise<T>(p: Promise<T>): Promise<T> {
        return p.then(passThrough).catch((err: unknown) => {
            (err as { promise?: unknown }).promise = p;
            throw err;
        });
    };
}

const skippedDebug: DebugLog = () => Promise.resolve();

const noFrames = (): unknown[] => [];

/** Installs the switches; the returned function restores the SDK as it was. */
export function quietSdk(env: NodeJS.ProcessEnv = process.env): () => void {
    const patches: (Patch | undefined)[] = [];
    const debuggable = debuggableModule as unknown as Record<"debuggablePromise", DebuggablePromise>;
    if (!env.PULUMI_DEBUG_PROMISE_LEAKS) patches.push(replace(debuggable, "debuggablePromise", withoutLeakTracking));
    patches.push(replace(logModule as unknown as Record<"debug", DebugLog>, "debug", () => skippedDebug));
    patches.push(replace(resourceModule.Resource as unknown as Record<"callsites", () => unknown[]>, "callsites", () => noFrames));
    return () => {
        for (const patch of patches.reverse()) patch?.restore();
    };
}
