import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { runUnderMocks } from "../../checker/engine/capture";

/**
 * What the checker switches off in the SDK while a program runs (checker/engine/sdkQuiet.ts),
 * and what it keeps: no stack capture per resource, the program's own stacks intact, and the
 * SDK as it was once the run is over.
 */
describe("the SDK while a program runs under the checker", () => {
    it("captures no stack per resource, keeps the program's own stacks, and restores both after the run", async () => {
        const seen: { callsites: number; ownStack: string | undefined } = { callsites: -1, ownStack: undefined };
        await runUnderMocks(
            () => {
                seen.callsites = pulumi.Resource.callsites().length;
                seen.ownStack = new Error("mine").stack;
                new pulumi.ComponentResource("test:index:Thing", "thing");
            },
            { mode: "preview" },
        );
        assert.equal(seen.callsites, 0);
        assert.match(seen.ownStack ?? "", /\n\s+at /);
        assert.ok(pulumi.Resource.callsites().length > 0);
    });
});
