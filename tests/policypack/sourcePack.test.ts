import * as assert from "assert";
import * as path from "path";
import { startPolicyPack } from "../../checker/engine/analyzerClient";
import { allPolicies } from "../../policypack/policies";

/**
 * `pulumi preview --policy-pack policypack` loads policypack/index.ts through ts-node with
 * type-checking on, from the pack directory (no tsconfig there). Prove that path works, with
 * the same policies as the compiled pack.
 */
describe("the TypeScript pack, loaded as the Pulumi CLI loads it", function () {
    this.timeout(180_000);

    it("type-checks, starts, and offers every policy", async () => {
        const session = await startPolicyPack(path.resolve(__dirname, "../../policypack"), { startupTimeoutMs: 150_000 });
        try {
            assert.strictEqual(session.info.name, "agentcore-hub");
            assert.strictEqual(session.info.version, "0.1.0");
            assert.deepStrictEqual(session.info.policies.map((p) => p.name).sort(), allPolicies().map((p) => p.name).sort());
        } finally {
            await session.close();
        }
    });
});
