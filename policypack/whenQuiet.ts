import { performance } from "node:perf_hooks";

/**
 * Runs `task` once, when this process's event loop has been idle for `rounds` windows of
 * `windowMs` in a row (under a tenth of each window spent running callbacks), so that
 * optional work such as the Cedar warm-up never delays the engine's requests: not the
 * Handshake/ConfigureStack/GetAnalyzerInfo/Configure calls that follow the pack's start, nor
 * Analyze calls that come without a pause. A pack that is never idle never runs it. The timers
 * do not keep the process alive.
 */
export function whenQuiet(task: () => void, windowMs = 25, rounds = 2): void {
    let previous = performance.eventLoopUtilization();
    let quietWindows = 0;
    const tick = (): void => {
        const now = performance.eventLoopUtilization();
        const window = performance.eventLoopUtilization(now, previous);
        previous = now;
        quietWindows = window.utilization < 0.1 ? quietWindows + 1 : 0;
        if (quietWindows >= rounds) task();
        else setTimeout(tick, windowMs).unref();
    };
    setTimeout(tick, windowMs).unref();
}
