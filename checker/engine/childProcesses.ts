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

const live = new Set<ChildProcess>();

function killAll(): void {
    for (const child of live) child.kill("SIGKILL");
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

/** Kills `child` when this process ends, until the child has exited. */
export function killWithThisProcess(child: ChildProcess): void {
    live.add(child);
    install();
    child.once("exit", () => {
        live.delete(child);
        if (live.size === 0) uninstall();
    });
}
