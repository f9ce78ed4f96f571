import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
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
});
