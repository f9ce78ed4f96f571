import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { readProps } from "../../policypack/model/read";
import { UNKNOWN } from "../../invariants/unknown";

/** What `@pulumi/policy` hands a policy, read leaf by leaf: unknown leaves become UNKNOWN, nothing else changes. */
describe("readProps", () => {
    const STRING_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const ARRAY_UNKNOWN = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
    const deserialized = {
        name: "org-tools",
        roleArn: STRING_UNKNOWN,
        policy: { Statement: [{ Effect: "Allow", Resource: [STRING_UNKNOWN, "arn:aws:lambda:us-east-1:111111111111:function:f"] }] },
        tags: ARRAY_UNKNOWN,
        count: 3,
        enabled: false,
        absent: null,
    };
    const expected = {
        name: "org-tools",
        roleArn: UNKNOWN,
        policy: { Statement: [{ Effect: "Allow", Resource: [UNKNOWN, "arn:aws:lambda:us-east-1:111111111111:function:f"] }] },
        tags: UNKNOWN,
        count: 3,
        enabled: false,
    };

    it("reads the proxy the policy server builds (fast path behind the proxy)", () => {
        const proxied = unknownCheckingProxy(deserialized);
        assert.throws(() => (proxied as { roleArn: string }).roleArn.length, /can't be known during preview/);
        assert.deepStrictEqual(readProps(proxied), expected);
    });

    it("reads a plain object (not from the policy server) as plain data", () => {
        assert.deepStrictEqual(readProps(deserialized), { ...expected, roleArn: STRING_UNKNOWN, tags: ARRAY_UNKNOWN, policy: deserialized.policy });
    });
});
