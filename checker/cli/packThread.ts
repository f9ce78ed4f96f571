import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { AnalysisResult, AnalyzerInfo, PolicyPackOptions } from "../engine/analyzerClient";
import { killPidWithThisProcess } from "../engine/childProcesses";
import { PolicyConfigError } from "../engine/policyConfig";
import type { CapturedResource, CapturedStack, EngineMode } from "../engine/types";
import type { FromThread, PackThreadInput, ThreadError, ToThread } from "./packThreadProtocol";

/**
 * The policy pack, driven from a worker thread (packThreadEntry.ts). The engine analyzes each
 * registration while the program goes on (analysisQueue.ts cites where); the checker runs the
 * program on its main thread, whose event loop does not turn until the program's construction
 * is over, so a pack connection on that thread received nothing before the program ended (at
 * the L bench the pack sat idle for the program's 10 s, then worked 9 s alone). From a worker
 * the registrations reach the pack as they are made, and the pack's start and handshake no
 * longer wait for the program either. The requests and answers are the same; only when they
 * are sent changes.
 */
export class PackThread {
    private readonly worker: Worker;
    private readonly pid = new SharedArrayBuffer(4);
    private readonly untrack: () => void;
    readonly started: Promise<{ info: AnalyzerInfo; startupMs: number }>;
    private pending: { resolve(result: AnalysisResult): void; reject(err: Error): void } | undefined;
    private readonly closed: Promise<void>;

    constructor(packDir: string, options: Omit<PolicyPackOptions, "onSpawned">, mode: EngineMode, codeCache?: string) {
        const input: PackThreadInput = { packDir, options, mode, pid: this.pid, ...(codeCache !== undefined ? { codeCache } : {}) };
        this.worker = startWorker(input);
        const pid = new Int32Array(this.pid);
        this.untrack = killPidWithThisProcess(() => Atomics.load(pid, 0));
        let settleStart: { resolve(v: { info: AnalyzerInfo; startupMs: number }): void; reject(err: Error): void } | undefined;
        this.started = new Promise((resolve, reject) => (settleStart = { resolve, reject }));
        // Awaited where the pack is needed; never an unhandled rejection before that.
        this.started.catch(() => undefined);
        let settleClosed: () => void = () => undefined;
        this.closed = new Promise((resolve) => (settleClosed = resolve));
        this.worker.on("message", (message: FromThread) => {
            switch (message.op) {
                case "started":
                    settleStart?.resolve({ info: message.info, startupMs: message.startupMs });
                    return;
                case "startFailed":
                    settleStart?.reject(errorOf(message.error));
                    return;
                case "result":
                    this.pending?.resolve(message.result);
                    this.pending = undefined;
                    return;
                case "checkFailed":
                    this.pending?.reject(errorOf(message.error));
                    this.pending = undefined;
                    return;
                case "closed":
                    settleClosed();
                    return;
            }
        });
        const fail = (err: Error) => {
            settleStart?.reject(err);
            this.pending?.reject(err);
            this.pending = undefined;
        };
        this.worker.on("error", fail);
        this.worker.on("exit", (code) => {
            this.untrack();
            fail(new Error(`the policy pack's thread ended (exit code ${code})`));
            settleClosed();
        });
    }

    /** A registration, as the monitor records it (analysisQueue.ts `push`). */
    push(resource: CapturedResource): void {
        this.send({ op: "push", resource });
    }

    /** The deployment's analysis of the complete stack (runQueuedDeployment), with the registrations pushed so far. */
    check(stack: CapturedStack): Promise<AnalysisResult> {
        if (this.pending !== undefined) return Promise.reject(new Error("one check at a time"));
        const result = new Promise<AnalysisResult>((resolve, reject) => (this.pending = { resolve, reject }));
        this.send({ op: "check", stack });
        return result;
    }

    /** Stops the pack (SIGTERM, as the CLI does) and the thread. */
    async close(): Promise<void> {
        this.send({ op: "close" });
        await this.closed;
        await this.worker.terminate();
    }

    private send(message: ToThread): void {
        this.worker.postMessage(message);
    }
}

function errorOf(error: ThreadError): Error {
    return error.name === "PolicyConfigError" ? new PolicyConfigError(error.kind, error.message, error.errors) : new Error(error.message);
}

/**
 * The compiled entry next to this file. Run from the TypeScript sources (the tests), the thread
 * runs the compiled entry too, as the checker runs the compiled pack: a worker does not inherit
 * the main thread's TypeScript loader, and the two threads share only messages.
 */
function startWorker(input: PackThreadInput): Worker {
    const compiled = path.extname(__filename) === ".ts" ? path.resolve(__dirname, "..", "..", "dist", "checker", "cli", "packThreadEntry.js") : path.join(__dirname, "packThreadEntry.js");
    if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: run \`npm run build\``);
    return new Worker(compiled, { workerData: input });
}
