/**
 * Work written once as steps (a generator that yields between them and returns its result) and
 * run either all at once or in slices that let the event loop turn. The access summary is run in
 * slices on the checker's main thread while the pack thread and the pack analyze
 * (checker/cli/runCheck.ts): each turn lets the main thread handle their messages as they come.
 */
export type Steps<T> = Generator<void, T, void>;

export function runAll<T>(steps: Steps<T>): T {
    for (;;) {
        const next = steps.next();
        if (next.done) return next.value;
    }
}

/** Long enough that turning the loop costs little; short enough that a message never waits long. */
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
