import type { ChildProcess } from "node:child_process";

/**
 * The pack processes this process started, killed when it ends: on a normal exit and an uncaught
 * error (both emit 'exit'), and on SIGTERM, SIGINT and SIGHUP, whose default action ends a Node
 * process without 'exit' (so a pack would outlive a checker its CI job cancelled). The signal
 * handlers are installed only while a pack is alive, so a host that embeds `runCheck` keeps its
 * own signal behaviour otherwise; a host with its own handler for the signal keeps it (the signal
 * is re-raised only when ours was the only listener). A checker killed with SIGKILL runs no
 * handler at all: the pack notices itself (checker/cli/parentWatch.ts).
 */

const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
type Signal = (typeof SIGNALS)[number];

/** Something this process must stop when it ends: a child it spawned, or one a worker thread spawned. */
interface Killable {
    kill(): void;
}

const live = new Set<Killable>();

function killAll(): void {
    for (const entry of live) entry.kill();
}

function onSignal(signal: Signal): void {
    killAll();
    uninstall();
    // Ours was the only listener: end as the signal's default action would (exit status 128 + n).
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const handlers = new Map<Signal, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));
let installed = false;

function install(): void {
    if (installed) return;
    installed = true;
    process.on("exit", killAll);
    for (const [signal, handler] of handlers) process.on(signal, handler);
}

function uninstall(): void {
    if (!installed) return;
    installed = false;
    process.off("exit", killAll);
    for (const [signal, handler] of handlers) process.off(signal, handler);
}

function track(entry: Killable): () => void {
    live.add(entry);
    install();
    return () => {
        live.delete(entry);
        if (live.size === 0) uninstall();
    };
}

/** Runs `stop` when this process ends (as a pack is killed), until the returned function is called. */
export function atThisProcessEnd(stop: () => void): () => void {
    return track({ kill: stop });
}

/** Kills `child` when this process ends, until the child has exited. */
export function killWithThisProcess(child: ChildProcess): void {
    const untrack = track({ kill: () => child.kill("SIGKILL") });
    child.once("exit", untrack);
}

/**
 * Kills the process whose pid `pidOf` reads (0 while there is none yet) when this process ends,
 * until the returned function is called: for a pack a worker thread spawned, whose pid the
 * thread writes to memory shared with this one (packThread.ts), because signals reach only the
 * main thread and it may be busy running the program when they do.
 */
export function killPidWithThisProcess(pidOf: () => number): () => void {
    return track({
        kill: () => {
            const pid = pidOf();
            if (pid <= 0) return;
            try {
                process.kill(pid, "SIGKILL");
            } catch (err) {
                // Already gone: nothing left to stop.
                if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
            }
        },
    });
}
