import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import { runUnderMocks } from "../../checker/engine/capture";
import { SpokeCaller } from "../../components";

const GATEWAY_ARN = "arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/org-tools-abcdefghij";

/** The role ARN each SpokeCaller registered, by component name, as the stack outputs show them. */
function callers(accounts: Record<string, string[]>, withDefault: string[] = []): () => Promise<Record<string, unknown>> {
    return async () => {
        const out: Record<string, unknown> = {};
        for (const [account, names] of Object.entries(accounts)) {
            const assumeRoles = [{ roleArn: `arn:aws:iam::${account}:role/deployer` }];
            const providers = [new aws.Provider(`aws-${account}`, { region: "eu-west-1", assumeRoles }), new awsnative.Provider(`native-${account}`, { region: "eu-west-1", assumeRole: assumeRoles[0] })];
            for (const name of names) out[name] = new SpokeCaller(name, { roleName: name, gatewayArns: [GATEWAY_ARN] }, { providers }).roleArn;
        }
        for (const name of withDefault) out[name] = new SpokeCaller(name, { roleName: name, gatewayArns: [GATEWAY_ARN] }).roleArn;
        return out;
    };
}

const THREE = ["aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion"];

describe("account scope: one lookup per provider", () => {
    for (const mode of ["preview", "update"] as const) {
        it(`${mode}: five callers on two providers make three invokes per provider, each with its provider's account`, async () => {
            const stack = await runUnderMocks(callers({ "222222222222": ["a1", "a2", "a3"], "333333333333": ["b1", "b2"] }), { mode });
            assert.strictEqual(stack.invokes.length, 6, stack.invokes.map((i) => i.token).join(", "));
            const byProvider = new Map<string, string[]>();
            for (const i of stack.invokes) byProvider.set(i.provider?.urn ?? "default", [...(byProvider.get(i.provider?.urn ?? "default") ?? []), i.token].sort());
            assert.deepStrictEqual([...byProvider.values()], [THREE, THREE]);
            assert.deepStrictEqual(stack.stackOutputs, {
                a1: "arn:aws:iam::222222222222:role/agentcore-callers/a1",
                a2: "arn:aws:iam::222222222222:role/agentcore-callers/a2",
                a3: "arn:aws:iam::222222222222:role/agentcore-callers/a3",
                b1: "arn:aws:iam::333333333333:role/agentcore-callers/b1",
                b2: "arn:aws:iam::333333333333:role/agentcore-callers/b2",
            });
        });
    }

    it("the default provider is asked once, apart from the explicit ones", async () => {
        const stack = await runUnderMocks(callers({ "222222222222": ["a1"] }, ["d1", "d2"]), { mode: "preview" });
        assert.strictEqual(stack.invokes.length, 6);
        assert.strictEqual(stack.invokes.filter((i) => i.provider === undefined || i.provider.urn.includes("pulumi:providers:aws::default")).length, 3, JSON.stringify(stack.invokes.map((i) => i.provider)));
        assert.strictEqual((stack.stackOutputs as Record<string, string>).d1.split(":")[4], (stack.stackOutputs as Record<string, string>).d2.split(":")[4]);
    });

    it("a later run asks its own providers again: nothing is shared across runs", async () => {
        const first = await runUnderMocks(callers({ "222222222222": ["x"] }), { mode: "preview" });
        const second = await runUnderMocks(callers({ "444444444444": ["x"] }), { mode: "preview" });
        assert.strictEqual(second.invokes.length, 3);
        assert.strictEqual((first.stackOutputs as Record<string, string>).x, "arn:aws:iam::222222222222:role/agentcore-callers/x");
        assert.strictEqual((second.stackOutputs as Record<string, string>).x, "arn:aws:iam::444444444444:role/agentcore-callers/x");
    });
});
