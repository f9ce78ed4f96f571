import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import { EngineMode, runUnderMocks } from "../../checker/engine/capture";
import { stackModelOf } from "../../checker/stackModel";
import { AgentGatewayHub, accountProviders } from "../../components";
import { checkPlacement } from "../../invariants/targetPlacement";
import { UNKNOWN } from "../../invariants/unknown";
import { evaluateStack } from "../../policypack/evaluate";
import { clearDeclarations } from "../../policypack/model/declared";
import { providerAccount, providerRegion } from "../../policypack/model/placement";
import { STACK_POLICIES } from "../../policypack/policies";

/**
 * I12, REST API target placement in the pack (agentcore-rest-api-placement): the components'
 * rule (invariants/targetPlacement.ts, "Your API must be in the same account as your AgentCore
 * Gateway" and "in the same Region") on raw programs, the API and the gateway placed by their
 * providers, else by their known ARNs; what the stack does not show is deferred by name.
 */

const POLICY = "agentcore-rest-api-placement";
const HUB = "111111111111";
const OTHER = "444455556666";

type ApiProvider = "same" | "native" | "otherRegion" | "otherAccount" | "assumedOther" | "regionOnly";

/** A gateway of the hub's `aws` provider and a REST API target whose API is created with `api`'s provider. */
function rawProgram(api: ApiProvider): void {
    const hub = new aws.Provider("hub-aws", { region: "us-east-1", allowedAccountIds: [HUB] });
    const gateway = new aws.bedrock.AgentcoreGateway("gateway", { name: "org-tools", roleArn: `arn:aws:iam::${HUB}:role/org-tools-gateway`, protocolType: "MCP", authorizerType: "AWS_IAM" }, { provider: hub });
    const apiId = (() => {
        switch (api) {
            case "same":
                return new aws.apigateway.RestApi("api", { name: "reservations" }, { provider: hub }).id;
            case "native":
                return new awsnative.apigateway.RestApi("api", { name: "reservations" }, { provider: new awsnative.Provider("hub-native", { region: "us-east-1", allowedAccountIds: [HUB] }) }).restApiId;
            case "otherRegion":
                return new aws.apigateway.RestApi("api", { name: "reservations" }, { provider: new aws.Provider("eu", { region: "eu-west-1", allowedAccountIds: [HUB] }) }).id;
            case "otherAccount":
                return new aws.apigateway.RestApi("api", { name: "reservations" }, { provider: new aws.Provider("spoke", { region: "us-east-1", allowedAccountIds: [OTHER] }) }).id;
            case "assumedOther":
                return new aws.apigateway.RestApi("api", { name: "reservations" }, { provider: new aws.Provider("spoke", { region: "us-east-1", assumeRoles: [{ roleArn: `arn:aws:iam::${OTHER}:role/deploy` }] }) }).id;
            case "regionOnly":
                return new aws.apigateway.RestApi("api", { name: "reservations" }, { provider: new aws.Provider("ambient", { region: "us-east-1" }) }).id;
        }
    })();
    new aws.bedrock.AgentcoreGatewayTarget("reservations-target", {
        gatewayIdentifier: gateway.gatewayId,
        name: "reservations",
        credentialProviderConfiguration: { gatewayIamRole: {} },
        targetConfiguration: { mcp: { apiGateway: { restApiId: apiId, stage: "v1", apiGatewayToolConfiguration: { toolFilters: [{ filterPath: "/reservations", methods: ["GET"] }] } } } },
    }, { provider: hub });
}

async function verdict(program: () => void, mode: EngineMode): Promise<{ violations: string[]; deferred: string[] }> {
    const stack = await runUnderMocks(program, { mode, project: "placement", stack: "dev" });
    clearDeclarations();
    const result = evaluateStack(stackModelOf(stack));
    return { violations: result.violations.filter((v) => v.policy === POLICY).map((v) => `[${v.problem.invariant}] ${v.problem.message}`), deferred: result.deferred.filter((d) => d.policy === POLICY).map((d) => d.item) };
}

describe("REST API target placement in the pack (I12)", function () {
    this.timeout(300_000);

    it("is registered as a stack policy of the pack", () => {
        assert.ok(STACK_POLICIES.some((p) => p.name === POLICY && p.invariants.includes("I12")));
    });

    it("reads a provider's account from its assumed role or its only allowed account, JSON-encoded or not", () => {
        assert.equal(providerAccount({ allowedAccountIds: JSON.stringify([HUB]) }), HUB);
        assert.equal(providerAccount({ allowedAccountIds: [HUB] }), HUB);
        assert.equal(providerAccount({ assumeRoles: JSON.stringify([{ roleArn: `arn:aws:iam::${OTHER}:role/deploy` }]), allowedAccountIds: [HUB] }), OTHER);
        assert.equal(providerAccount({ assumeRole: JSON.stringify({ roleArn: `arn:aws:iam::${OTHER}:role/deploy` }) }), OTHER);
        assert.equal(providerAccount({ allowedAccountIds: [HUB, OTHER] }), UNKNOWN);
        assert.equal(providerAccount({ region: "us-east-1" }), UNKNOWN);
        assert.equal(providerRegion({ region: "eu-west-1" }), "eu-west-1");
        assert.equal(providerRegion({}), UNKNOWN);
    });

    it("the rule decides what is known: a Region that differs is refused while the accounts are unknown", () => {
        const r = checkPlacement("restApi", "RestApi \"api\"", { accountId: UNKNOWN, region: "eu-west-1" }, { accountId: UNKNOWN, region: "us-east-1" }, "restApiId");
        assert.equal(r.problems.length, 1);
        assert.deepEqual(r.deferred, []);
        const d = checkPlacement("restApi", "RestApi \"api\"", { accountId: UNKNOWN, region: "us-east-1" }, { accountId: HUB, region: "us-east-1" }, "restApiId", "why");
        assert.deepEqual(d.problems, []);
        assert.deepEqual(d.deferred, ["restApiId: the REST API's account or the gateway's is unknown (why), so \"AgentCore requires a REST API target in the gateway's own account and Region\" is checked at pulumi up"]);
    });

    for (const mode of ["preview", "update"] as EngineMode[]) {
        it(`${mode}: an API of the gateway's own provider, or of another provider of the same account and Region, is admitted`, async () => {
            assert.deepEqual(await verdict(() => rawProgram("same"), mode), { violations: [], deferred: [] });
            assert.deepEqual(await verdict(() => rawProgram("native"), mode), { violations: [], deferred: [] });
        });
        it(`${mode}: an API in another Region is refused`, async () => {
            const r = await verdict(() => rawProgram("otherRegion"), mode);
            assert.deepEqual(r.deferred, []);
            assert.deepEqual(r.violations, [`[I12] AgentcoreGatewayTarget "reservations-target": targetConfiguration.mcp.apiGateway.restApiId: the REST API RestApi "api" is in Region eu-west-1, the gateway in us-east-1; AgentCore requires a REST API target in the gateway's own account and Region.`]);
        });
        for (const api of ["otherAccount", "assumedOther"] as const) {
            it(`${mode}: an API in another account (${api === "otherAccount" ? "allowedAccountIds" : "assumed role"}) is refused`, async () => {
                const r = await verdict(() => rawProgram(api), mode);
                assert.deepEqual(r.deferred, []);
                assert.equal(r.violations.length, 1);
                assert.match(r.violations[0], /the REST API RestApi "api" is in account 444455556666, the gateway in 111111111111; AgentCore requires a REST API target in the gateway's own account and Region\./);
            });
        }
    }

    it("an API whose provider names no account is deferred by name at a first preview", async () => {
        const r = await verdict(() => rawProgram("regionOnly"), "preview");
        assert.deepEqual(r.violations, []);
        assert.equal(r.deferred.length, 1);
        assert.match(r.deferred[0], /^AgentcoreGatewayTarget "reservations-target": targetConfiguration\.mcp\.apiGateway\.restApiId: the REST API's account or the gateway's is unknown \(the account of RestApi "api": its provider names no assumed role or single allowedAccountIds entry, and its ARN is not known yet\)/);
    });

    for (const mode of ["preview", "update"] as EngineMode[]) {
        it(`${mode}: AgentGatewayHub's REST API target is admitted, nothing deferred`, async () => {
            const r = await verdict(() => {
                const hub = accountProviders("hub", HUB, "us-east-1");
                new AgentGatewayHub("hub", {
                    gatewayName: "org-tools",
                    targets: [{ kind: "restApi", name: "reservations", create: { operations: [{ path: "/reservations/{phone}", method: "GET", toolName: "CheckReservation", description: "Look up", integration: { mock: {} } }] } }],
                }, { providers: hub.list });
            }, mode);
            assert.deepEqual(r, { violations: [], deferred: [] });
        });
    }
});
