import { parentPort, workerData } from "node:worker_threads";
import type { PackLaunch } from "../engine/packProcess";
import type { PackThreadInput, ThreadError, ToThread } from "./packThreadProtocol";

/**
 * The worker thread of packThread.ts: it starts the policy pack and talks to it over the
 * Analyzer protocol with its own event loop, so the pack gets each registration while the
 * program is still running on the main thread (which does not turn its event loop until the
 * program's construction is over). It holds the analysis queue (analysisQueue.ts) the main
 * thread pushes registrations to, and runs the deployment's analysis when told the stack is
 * complete.
 */

const input = workerData as PackThreadInput;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- installed before the modules it caches load
const compileCache = require("./compileCache") as typeof import("./compileCache");
if (input.codeCache !== undefined) compileCache.installCompileCache(input.codeCache);
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the code cache, on purpose */
const { launchPolicyPack } = require("../engine/packProcess") as typeof import("../engine/packProcess");
const { PolicyConfigError } = require("../engine/policyConfig") as typeof import("../engine/policyConfig");
/* eslint-enable @typescript-eslint/no-require-imports */

const port = parentPort;
if (port === null) throw new Error("packThreadEntry runs as a worker thread only");

const pid = new Int32Array(input.pid);

function threadError(err: unknown): ThreadError {
    if (err instanceof PolicyConfigError) return { name: "PolicyConfigError", kind: err.kind, message: err.message, errors: err.errors };
    return { name: "Error", message: err instanceof Error ? err.message : String(err) };
}

// The pack is spawned before the gRPC client's modules load (they load while it starts).
let launch: PackLaunch | Error;
try {
    launch = launchPolicyPack(input.packDir, {
        ...input.options,
        // Signals reach only the main thread: it kills the pack by this pid (childProcesses.ts).
        onSpawned: (child) => Atomics.store(pid, 0, child.pid ?? 0),
    });
} catch (err) {
    launch = err instanceof Error ? err : new Error(String(err));
}
/* eslint-disable @typescript-eslint/no-require-imports -- after the spawn, on purpose */
const { connectPolicyPack } = require("../engine/analyzerClient") as typeof import("../engine/analyzerClient");
const { AnalysisQueue } = require("../engine/analysisQueue") as typeof import("../engine/analysisQueue");
/* eslint-enable @typescript-eslint/no-require-imports */
const queue = new AnalysisQueue(input.mode);
const session = launch instanceof Error ? Promise.reject(launch) : connectPolicyPack(launch);
session.then(
    (s) => {
        queue.attach(s);
        port.postMessage({ op: "started", info: s.info, startupMs: s.startupMs });
    },
    (err: unknown) => port.postMessage({ op: "startFailed", error: threadError(err) }),
);

port.on("message", (message: ToThread) => {
    switch (message.op) {
        case "push":
            queue.push(message.resource);
            return;
        case "check":
            session
                .then((s) => s.checkQueued(message.stack, queue))
                .then(
                    (result) => port.postMessage({ op: "result", result }),
                    (err: unknown) => port.postMessage({ op: "checkFailed", error: threadError(err) }),
                );
            return;
        case "close":
            session
                .then((s) => s.close(), () => undefined)
                .finally(() => {
                    Atomics.store(pid, 0, 0);
                    // Before "closed": the main thread terminates this thread when it reads it.
                    compileCache.saveCompileCache();
                    port.postMessage({ op: "closed" });
                    port.close();
                });
            return;
    }
});
