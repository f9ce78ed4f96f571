/**
 * Work written once as steps (a generator that yields between them and returns its result) and
 * run either all at once or in slices that let the event loop turn. The access summary is run in
 * slices while the policy pack analyzes (checker/cli/runCheck.ts): each turn lets the checker
 * answer the pack and send it the next request, so the two processes work at the same time.
 */
export type Steps<T> = Generator<void, T, void>;

export function runAll<T>(steps: Steps<T>): T {
    for (;;) {
        const next = steps.next();
        if (next.done) return next.value;
    }
}

/** Long enough that turning the loop costs little; short enough that the pack never waits long for its next request. */
const SLICE_MS = 10;

export async function runInSlices<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
    let sliceStart = performance.now();
    for (;;) {
        const next = steps.next();
        if (next.done) return next.value;
        if (performance.now() - sliceStart >= sliceMs) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            sliceStart = performance.now();
        }
    }
}
