import { strict as assert } from "node:assert";
import { whenQuiet } from "../../policypack/whenQuiet";

/** The pack's optional work waits for an idle event loop (policypack/whenQuiet.ts). */
describe("whenQuiet", () => {
    it("runs the task once the event loop is idle, not while callbacks keep it busy", async () => {
        let ranAt: number | undefined;
        const started = Date.now();
        whenQuiet(() => (ranAt = Date.now()), 10, 2);
        // Keep the loop busy for 150 ms with back-to-back callbacks.
        await new Promise<void>((resolve) => {
            const spin = (): void => {
                const until = Date.now() + 5;
                while (Date.now() < until) {
                    // busy
                }
                if (Date.now() - started < 150) setImmediate(spin);
                else resolve();
            };
            spin();
        });
        const busyUntil = Date.now();
        assert.equal(ranAt, undefined, "ran while the loop was busy");
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.ok(ranAt !== undefined && ranAt >= busyUntil, "did not run once the loop was idle");
    });
});
