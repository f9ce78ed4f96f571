import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as debuggableModule from "@pulumi/pulumi/runtime/debuggable";
import { runUnderMocks } from "../../checker/engine/capture";

/**
 * What the checker switches off in the SDK while a program runs (checker/engine/sdkQuiet.ts),
 * and what it keeps: no stack capture per resource, the program's own stacks intact, and the
 * SDK as it was once the run is over.
 */
/** `Resource.callsites` is private in the SDK's declarations; the checker replaces it (sdkQuiet.ts). */
const callsites = (): unknown[] => (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites();

describe("the SDK while a program runs under the checker", () => {
    it("captures no stack per resource, keeps the program's own stacks, and restores both after the run", async () => {
        const seen: { callsites: number; ownStack: string | undefined } = { callsites: -1, ownStack: undefined };
        await runUnderMocks(
            () => {
                seen.callsites = callsites().length;
                seen.ownStack = new Error("mine").stack;
                new pulumi.ComponentResource("test:index:Thing", "thing");
            },
            { mode: "preview" },
        );
        assert.equal(seen.callsites, 0);
        assert.match(seen.ownStack ?? "", /\n\s+at /);
        assert.ok(callsites().length > 0);
    });

    it("wraps promises as the SDK does as far as a program can tell: the same ticks, the same rejection reasons", async () => {
        type Wrap = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
        // @internal in the SDK's declarations (debuggable.d.ts): the export the checker replaces.
        const debuggable = debuggableModule as unknown as { debuggablePromise: Wrap };
        const sdk = debuggable.debuggablePromise;
        let checkers: Wrap | undefined;
        await runUnderMocks(() => {
            checkers = debuggable.debuggablePromise;
        }, { mode: "preview" });
        assert.ok(checkers !== undefined && checkers !== sdk, "the checker replaces it during a run");
        assert.equal(debuggable.debuggablePromise, sdk, "and restores it after");

        /** When the wrapped promise's continuation runs among a chain of plain ticks. */
        async function ticks(wrap: Wrap, settle: (p: Promise<number>) => Promise<unknown>): Promise<string[]> {
            const events: string[] = [];
            const wrapped = settle(wrap(Promise.resolve(1), "ctx")).then(() => events.push("wrapped"), () => events.push("wrapped (rejected)"));
            let chain: Promise<unknown> = Promise.resolve();
            for (let i = 0; i < 6; i++) chain = chain.then(() => events.push(`tick ${i}`));
            await Promise.all([wrapped, chain]);
            return events;
        }
        const asIs = (p: Promise<number>) => p;
        const thenThrow = (p: Promise<number>) => p.then(() => Promise.reject(new Error("later")));
        for (const settle of [asIs, thenThrow]) assert.deepEqual(await ticks(checkers, settle), await ticks(sdk, settle));

        async function reason(wrap: Wrap, rejected: Promise<never>): Promise<unknown> {
            return wrap(rejected, "ctx").then(() => "resolved", (err: unknown) => err);
        }
        const error = new Error("boom");
        const failed = Promise.reject(error);
        failed.catch(() => undefined);
        const ours = (await reason(checkers, failed)) as Error & { promise?: unknown };
        assert.equal(ours, error);
        assert.equal(ours.promise, failed);
        // A primitive reason cannot carry `promise`: in strict mode both turn it into a TypeError.
        const primitive = () => {
            const p = Promise.reject("a string");
            p.catch(() => undefined);
            return p;
        };
        const [mine, theirs] = [await reason(checkers, primitive()), await reason(sdk, primitive())];
        assert.ok(mine instanceof TypeError && theirs instanceof TypeError);
        assert.equal(mine.message, theirs.message);
    });
});
