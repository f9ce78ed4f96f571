import { strict as assert } from "node:assert";
import { buildEndpointPolicy } from "../../invariants/documents/endpointPolicy";
import { buildGatewayPolicyForm, planGatewayResourcePolicy } from "../../invariants/documents/gatewayGrants";
import { buildSpokeInvokePolicy } from "../../invariants/documents/spokeCaller";
import { IamCaller, decide, roleSession } from "../support/iamEvaluator";

/**
 * The perimeter's documents, answered by the IAM evaluator (@cloud-copilot/iam-simulate):
 * - the endpoint policy SpokeCaller's privateEndpoint writes lets the caller role invoke this
 *   gateway through the endpoint, and nothing else through it;
 * - a grant conditioned on aws:SourceVpce admits the caller only through its endpoint.
 * The builders are the ones the components call (components/spoke/privateEndpoint.ts,
 * components/grants/gatewayConsumerGrants.ts).
 */

const HUB = "111111111111";
const SPOKE = "222222222222";
const REGION = "us-east-1";
const INVOKE = "bedrock-agentcore:InvokeGateway";
const GATEWAY = `arn:aws:bedrock-agentcore:${REGION}:${HUB}:gateway/org-tools-a1b2c3d4e5`;
const OTHER_GATEWAY = `arn:aws:bedrock-agentcore:${REGION}:${HUB}:gateway/other-a1b2c3d4e5`;
const CALLER = `arn:aws:iam::${SPOKE}:role/agentcore-callers/support-agent`;
const OTHER_ROLE = `arn:aws:iam::${SPOKE}:role/agentcore-callers/intruder`;
const VPCE = "vpce-0a1b2c3d4e5f60718";
const OTHER_VPCE = "vpce-1a1b2c3d4e5f60718";

/** What every caller role may do on its own side (admin-like, so only the documents under test decide). */
const ANY_INVOKE = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: INVOKE, Resource: "*" }] };

describe("semantics: the perimeter's documents (iam-simulate)", function () {
    this.timeout(120_000);

    describe("the endpoint policy (caller role to this gateway only)", () => {
        const endpointPolicy = buildEndpointPolicy(CALLER, [GATEWAY]);
        // The gateway's resource policy admits both roles, so the endpoint policy alone decides.
        const resourcePolicy = buildGatewayPolicyForm("statement-per-consumer", GATEWAY, [{ kind: "role", roleArn: CALLER }, { kind: "role", roleArn: OTHER_ROLE }]).document;
        const through = (caller: IamCaller, gateway: string) =>
            decide({ caller, action: INVOKE, resource: gateway, resourceAccount: HUB, identityPolicies: [ANY_INVOKE], resourcePolicy: gateway === GATEWAY ? resourcePolicy : undefined, vpcEndpointPolicies: [endpointPolicy], context: { "aws:SourceVpce": VPCE } });

        it("the caller role invokes this gateway through the endpoint: allowed", async () => {
            assert.equal(await through(roleSession(CALLER), GATEWAY), "Allowed");
        });

        it("another role of the spoke, through the endpoint: denied, though the gateway's policy admits it", async () => {
            assert.equal(await through(roleSession(OTHER_ROLE), GATEWAY), "ImplicitlyDenied");
        });

        it("the caller role to another gateway, through the endpoint: denied", async () => {
            assert.equal(await through(roleSession(CALLER), OTHER_GATEWAY), "ImplicitlyDenied");
        });
    });

    describe("the gateway grant conditioned on aws:SourceVpce", () => {
        const grants = [{ kind: "role" as const, roleArn: CALLER, sourceVpce: VPCE }, { kind: "role" as const, roleArn: OTHER_ROLE }];
        for (const form of ["statement-per-consumer", "merged"] as const) {
            const plan = planGatewayResourcePolicy(GATEWAY, grants, { form });
            assert.ok(!Array.isArray(plan));
            const invoke = (caller: IamCaller, context: Record<string, string>) =>
                decide({ caller, action: INVOKE, resource: GATEWAY, resourceAccount: HUB, identityPolicies: [buildSpokeInvokePolicy([GATEWAY])], resourcePolicy: plan.document, context });

            it(`${form}: the caller through its endpoint: allowed`, async () => {
                assert.equal(await invoke(roleSession(CALLER), { "aws:SourceVpce": VPCE }), "Allowed");
            });

            it(`${form}: the caller over the internet (no endpoint): denied`, async () => {
                assert.equal(await invoke(roleSession(CALLER), {}), "ImplicitlyDenied");
            });

            it(`${form}: the caller through another endpoint: denied`, async () => {
                assert.equal(await invoke(roleSession(CALLER), { "aws:SourceVpce": OTHER_VPCE }), "ImplicitlyDenied");
            });

            it(`${form}: a consumer that declared no endpoint is not narrowed`, async () => {
                assert.equal(await invoke(roleSession(OTHER_ROLE), {}), "Allowed");
            });
        }
    });
});
