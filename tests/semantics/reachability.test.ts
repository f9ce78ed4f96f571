import { strict as assert } from "node:assert";
import { buildAgentCoreCedarSchema, declaredToolActions, evaluateCedar } from "../../invariants/cedar";
import { toolActionName } from "../../invariants/names";
import { IamCaller, IamDecision, allowPolicy, decide, roleSession, serviceOnBehalfOf } from "../support/iamEvaluator";
import { AGENTCORE, BOOKING_ACCOUNT, ExampleDocuments, FOREIGN_ACCOUNT, HUB_ACCOUNT, REGION, SUPPORT_ACCOUNT, exampleDocuments, sampleInput } from "./exampleDocuments";

/**
 * Who can reach what in the documents the reference example emits, answered by a real IAM
 * evaluator (@cloud-copilot/iam-simulate, pinned; AGPL, tests only) and by Cedar. The example
 * runs under Pulumi mocks in update mode (every ARN known), see ./exampleDocuments.ts.
 *
 * iam-simulate evaluates exactly what it is given: it derives no request context from the
 * principal (support/iamEvaluator.ts adds aws:PrincipalArn etc. as AWS would) and has no
 * API-Gateway-specific logic (exampleDocuments.ts expands API Gateway's `execute-api:/…`
 * shorthand the way API Gateway stores it).
 */

const INVOKE_GATEWAY = "bedrock-agentcore:InvokeGateway";
const INVOKE_API = "execute-api:Invoke";
const ADMIN = allowPolicy("*", "*");
const OTHER_HUB_GATEWAY = `arn:aws:bedrock-agentcore:${REGION}:${HUB_ACCOUNT}:gateway/org-tools-admin-abcdefghij`;
const UNRELATED_GATEWAY = `arn:aws:bedrock-agentcore:${REGION}:${HUB_ACCOUNT}:gateway/other-abcdefghij`;

function roleArn(account: string, name: string, path = "/"): string {
    return `arn:aws:iam::${account}:role${path}${name}`;
}

describe("semantics: who can reach what in the hub-and-spoke example (iam-simulate)", function () {
    this.timeout(300_000);
    let d: ExampleDocuments;

    before(async () => {
        d = await exampleDocuments();
    });

    describe("1. invoking the gateway (caller identity policy + gateway resource-based policy)", () => {
        const invoke = (caller: IamCaller, identityPolicies: unknown[], resource?: string): Promise<IamDecision> =>
            decide({ caller, action: INVOKE_GATEWAY, resource: resource ?? d.gatewayArn, resourceAccount: HUB_ACCOUNT, identityPolicies, resourcePolicy: d.gatewayResourcePolicy });

        it("allows each declared consumer's role session (cross-account: both sides allow)", async () => {
            assert.equal(d.spokes.support.accountId, SUPPORT_ACCOUNT);
            assert.equal(d.spokes.booking.accountId, BOOKING_ACCOUNT);
            assert.equal(await invoke(roleSession(d.spokes.support.roleArn), d.spokes.support.policies), "Allowed");
            assert.equal(await invoke(roleSession(d.spokes.booking.roleArn), d.spokes.booking.policies), "Allowed");
        });

        it("denies an undeclared role of a consumer account, even with an administrator identity policy", async () => {
            for (const arn of [roleArn(SUPPORT_ACCOUNT, "ops-admin"), roleArn(SUPPORT_ACCOUNT, "other-agent", "/agentcore-callers/"), roleArn(BOOKING_ACCOUNT, "booking-agent-admin", "/agentcore-callers/")]) {
                assert.equal(await invoke(roleSession(arn), [ADMIN]), "ImplicitlyDenied", arn);
            }
        });

        it("denies a role of a foreign account with an administrator identity policy", async () => {
            assert.equal(await invoke(roleSession(roleArn(FOREIGN_ACCOUNT, "admin")), [ADMIN]), "ImplicitlyDenied");
            // Same role name and path as a declared consumer, other account.
            assert.equal(await invoke(roleSession(roleArn(FOREIGN_ACCOUNT, "support-agent", "/agentcore-callers/")), [ADMIN]), "ImplicitlyDenied");
        });

        it("denies a declared consumer whose own identity policy does not allow the call (both sides are needed cross-account)", async () => {
            assert.equal(await invoke(roleSession(d.spokes.support.roleArn), []), "ImplicitlyDenied");
        });

        it("allows the hub account's own administrator at the IAM layer; the Cedar policy engine denies it every tool", async () => {
            // Same-account request: an identity-policy Allow is enough unless something denies
            // explicitly, and the gateway's resource policy only grants (as AWS intends for a
            // consumer list). This is expected AWS behaviour, not a defect of the grant: the
            // hub account's administrators administer the gateway anyway. What keeps them from
            // calling tools is the policy engine in ENFORCE mode: default deny, and no permit
            // names them (checked below with Cedar).
            const admin = roleArn(HUB_ACCOUNT, "Admin");
            assert.equal(await invoke(roleSession(admin), [ADMIN]), "Allowed");

            const schema = buildAgentCoreCedarSchema(d.tools, { principalTypes: ["IamEntity"] });
            const actions = declaredToolActions(schema);
            assert.deepEqual(
                [...actions].sort(),
                d.tools.flatMap((t) => t.tools.map((tool) => toolActionName(t.targetName, tool.name))).sort(),
            );
            for (const target of d.tools) {
                for (const tool of target.tools) {
                    for (const principalArn of [`arn:aws:sts::${HUB_ACCOUNT}:assumed-role/Admin/session1`, `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/Admin`, admin]) {
                        const decision = evaluateCedar(d.cedarPolicies, schema, { principalArn, action: toolActionName(target.targetName, tool.name), gatewayArn: d.gatewayArn, input: sampleInput(tool.inputSchema) });
                        assert.equal(decision, "DENY", `${principalArn} → ${tool.name}`);
                    }
                }
            }
        });
    });

    describe("2. the gateway role reaches exactly its targets (its permission policies)", () => {
        const asGatewayRole = (action: string, resource: string): Promise<IamDecision> =>
            decide({ caller: roleSession(d.gatewayRoleArn, "agentcore-gateway"), action, resource, resourceAccount: HUB_ACCOUNT, identityPolicies: d.gatewayRolePolicies });
        const method = (m: string, path: string, apiId = d.restApiId, stage = d.stage) => `arn:aws:execute-api:${REGION}:${HUB_ACCOUNT}:${apiId}/${stage}/${m}${path}`;

        it("invokes the refunds function and no other", async () => {
            assert.equal(await asGatewayRole("lambda:InvokeFunction", d.refundsFunctionArn), "Allowed");
            assert.equal(await asGatewayRole("lambda:InvokeFunction", d.backendFunctionArn), "ImplicitlyDenied");
            assert.equal(await asGatewayRole("lambda:InvokeFunction", `arn:aws:lambda:${REGION}:${HUB_ACCOUNT}:function:org-tools-refunds-v2`), "ImplicitlyDenied");
        });

        it("invokes exactly the exposed methods of its API and stage", async () => {
            assert.equal(await asGatewayRole(INVOKE_API, method("GET", "/reservations/0123")), "Allowed");
            assert.equal(await asGatewayRole(INVOKE_API, method("POST", "/reservations")), "Allowed");
            assert.equal(await asGatewayRole(INVOKE_API, method("DELETE", "/reservations")), "ImplicitlyDenied");
            assert.equal(await asGatewayRole(INVOKE_API, method("GET", "/reservations")), "ImplicitlyDenied");
            assert.equal(await asGatewayRole(INVOKE_API, method("POST", "/reservations/0123")), "ImplicitlyDenied");
            assert.equal(await asGatewayRole(INVOKE_API, method("GET", "/reservations/0123", d.restApiId, "prod")), "ImplicitlyDenied");
            assert.equal(await asGatewayRole(INVOKE_API, method("GET", "/reservations/0123", "zzzzzzzzzz")), "ImplicitlyDenied");
        });

        it("has nothing beyond its targets and its policy engine", async () => {
            assert.equal(await asGatewayRole("s3:GetObject", "arn:aws:s3:::org-data/customers.csv"), "ImplicitlyDenied");
            assert.equal(await asGatewayRole(INVOKE_GATEWAY, d.gatewayArn), "ImplicitlyDenied");
            assert.equal(await asGatewayRole("iam:PassRole", d.gatewayRoleArn), "ImplicitlyDenied");
        });

        it("evaluates Cedar on its own policy engine and gateway only", async () => {
            for (const action of ["bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:PartiallyAuthorizeActions", "bedrock-agentcore:GetPolicyEngine"]) {
                assert.equal(await asGatewayRole(action, d.policyEngineArn), "Allowed", action);
                assert.equal(await asGatewayRole(action, `arn:aws:bedrock-agentcore:${REGION}:${HUB_ACCOUNT}:policy-engine/other_engine-abcdefghij`), "ImplicitlyDenied", action);
                assert.equal(await asGatewayRole(action, `arn:aws:bedrock-agentcore:${REGION}:${HUB_ACCOUNT}:policy-engine/org_tools_engine_admin-abcdefghij`), "ImplicitlyDenied", action);
            }
            assert.equal(await asGatewayRole("bedrock-agentcore:AuthorizeAction", d.gatewayArn), "Allowed");
            assert.equal(await asGatewayRole("bedrock-agentcore:AuthorizeAction", OTHER_HUB_GATEWAY), "ImplicitlyDenied");
            assert.equal(await asGatewayRole("bedrock-agentcore:AuthorizeAction", UNRELATED_GATEWAY), "ImplicitlyDenied");
        });
    });

    describe("3. only the gateway reaches the REST API (API resource policy + caller identity policy)", () => {
        const GET_ONE = () => `arn:aws:execute-api:${REGION}:${HUB_ACCOUNT}:${d.restApiId}/${d.stage}/GET/reservations/0123`;
        const POST = () => `arn:aws:execute-api:${REGION}:${HUB_ACCOUNT}:${d.restApiId}/${d.stage}/POST/reservations`;
        const callApi = (caller: IamCaller, identityPolicies: unknown[], resource = GET_ONE()): Promise<IamDecision> =>
            decide({ caller, action: INVOKE_API, resource, resourceAccount: HUB_ACCOUNT, identityPolicies, resourcePolicy: d.restApiPolicy });

        it("is written with API Gateway's execute-api:/ shorthand, which iam-simulate does not expand (so we expand it)", async () => {
            const resources = d.restApiPolicyAsWritten.Statement.flatMap((s) => [s.Resource].flat());
            assert.ok(resources.includes("execute-api:/*"), JSON.stringify(resources));
            // Unexpanded, the guard Deny never matches a request ARN in iam-simulate, and the hub
            // administrator would look allowed: evaluating the policy as written would be wrong.
            const unexpanded = await decide({ caller: roleSession(roleArn(HUB_ACCOUNT, "Admin")), action: INVOKE_API, resource: GET_ONE(), resourceAccount: HUB_ACCOUNT, identityPolicies: [allowPolicy("execute-api:*")], resourcePolicy: d.restApiPolicyAsWritten });
            assert.equal(unexpanded, "Allowed", "iam-simulate now understands execute-api:/ itself: drop the expansion in exampleDocuments.ts");
        });

        it("allows the gateway role's session (its identity policy and the API's resource policy agree)", async () => {
            const gateway = roleSession(d.gatewayRoleArn, "agentcore-gateway");
            assert.equal(await callApi(gateway, d.gatewayRolePolicies), "Allowed");
            assert.equal(await callApi(gateway, d.gatewayRolePolicies, POST()), "Allowed");
            // Even with no identity policy, the resource policy names the role (same account).
            assert.equal(await callApi(gateway, []), "Allowed");
        });

        it("denies the gateway role's session a method that is not exposed", async () => {
            const gateway = roleSession(d.gatewayRoleArn, "agentcore-gateway");
            assert.equal(await callApi(gateway, d.gatewayRolePolicies, `arn:aws:execute-api:${REGION}:${HUB_ACCOUNT}:${d.restApiId}/${d.stage}/DELETE/reservations`), "ImplicitlyDenied");
        });

        it("allows the AgentCore service acting for this gateway (aws:SourceArn = the gateway)", async () => {
            assert.equal(await callApi(serviceOnBehalfOf(AGENTCORE, d.gatewayArn, HUB_ACCOUNT), []), "Allowed");
            assert.equal(await callApi(serviceOnBehalfOf(AGENTCORE, d.gatewayArn, HUB_ACCOUNT), [], POST()), "Allowed");
        });

        it("denies the AgentCore service acting for any other gateway", async () => {
            assert.equal(await callApi(serviceOnBehalfOf(AGENTCORE, OTHER_HUB_GATEWAY, HUB_ACCOUNT), []), "ExplicitlyDenied");
            assert.equal(await callApi(serviceOnBehalfOf(AGENTCORE, UNRELATED_GATEWAY, HUB_ACCOUNT), []), "ExplicitlyDenied");
            const foreignSameName = `arn:aws:bedrock-agentcore:${REGION}:${FOREIGN_ACCOUNT}:gateway/${d.gatewayArn.split("/").pop()}`;
            assert.equal(await callApi(serviceOnBehalfOf(AGENTCORE, foreignSameName, FOREIGN_ACCOUNT), []), "ExplicitlyDenied");
        });

        it("denies another AWS service even when it claims this gateway as source", async () => {
            assert.equal(await callApi(serviceOnBehalfOf("lambda.amazonaws.com", d.gatewayArn, HUB_ACCOUNT), []), "ImplicitlyDenied");
        });

        it("explicitly denies the hub account's administrator, whose identity policy allows execute-api:*", async () => {
            // The point of I5: same account, identity Allow — only the explicit Deny keeps it out.
            assert.equal(await callApi(roleSession(roleArn(HUB_ACCOUNT, "Admin")), [allowPolicy("execute-api:*", "*")]), "ExplicitlyDenied");
            assert.equal(await callApi(roleSession(roleArn(HUB_ACCOUNT, "Admin")), [ADMIN], POST()), "ExplicitlyDenied");
            // A role whose ARN extends the gateway role's is not the gateway role.
            assert.equal(await callApi(roleSession(`${d.gatewayRoleArn}-admin`), [ADMIN]), "ExplicitlyDenied");
            // Nor is the Lambda backend's role, which legitimately lives in the hub account.
            assert.equal(await callApi(roleSession(roleArn(HUB_ACCOUNT, "reservations-backend-role")), [ADMIN]), "ExplicitlyDenied");
        });

        it("denies a foreign account's role", async () => {
            assert.equal(await callApi(roleSession(roleArn(FOREIGN_ACCOUNT, "admin")), [ADMIN]), "ExplicitlyDenied");
        });

        it("denies the spoke caller roles: they reach tools only through the gateway", async () => {
            assert.equal(await callApi(roleSession(d.spokes.support.roleArn), d.spokes.support.policies), "ExplicitlyDenied");
            assert.equal(await callApi(roleSession(d.spokes.booking.roleArn), [ADMIN]), "ExplicitlyDenied");
        });
    });

    describe("4. spoke caller roles may invoke the hub gateway and nothing else (their identity policies)", () => {
        for (const name of ["support", "booking"] as const) {
            it(`${name}: InvokeGateway on the hub gateway only`, async () => {
                const spoke = d.spokes[name];
                const caller = roleSession(spoke.roleArn);
                // Identity side alone, with a resource policy that would admit it anywhere (the worst case for us).
                const openTo = (resource: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: spoke.roleArn }, Action: INVOKE_GATEWAY, Resource: resource }] });
                const ask = (resource: string, account: string) => decide({ caller, action: INVOKE_GATEWAY, resource, resourceAccount: account, identityPolicies: spoke.policies, resourcePolicy: openTo(resource) });
                assert.equal(await ask(d.gatewayArn, HUB_ACCOUNT), "Allowed");
                assert.equal(await ask(OTHER_HUB_GATEWAY, HUB_ACCOUNT), "ImplicitlyDenied");
                assert.equal(await ask(UNRELATED_GATEWAY, HUB_ACCOUNT), "ImplicitlyDenied");
                const ownAccountGateway = `arn:aws:bedrock-agentcore:${REGION}:${spoke.accountId}:gateway/local-abcdefghij`;
                assert.equal(await decide({ caller, action: INVOKE_GATEWAY, resource: ownAccountGateway, resourceAccount: spoke.accountId, identityPolicies: spoke.policies }), "ImplicitlyDenied");
            });

            it(`${name}: any other action is denied`, async () => {
                const spoke = d.spokes[name];
                const caller = roleSession(spoke.roleArn);
                const requests: [string, string, string][] = [
                    ["bedrock-agentcore:GetGateway", d.gatewayArn, HUB_ACCOUNT],
                    ["bedrock-agentcore:UpdateGateway", d.gatewayArn, HUB_ACCOUNT],
                    ["bedrock-agentcore:InvokeAgentRuntime", `arn:aws:bedrock-agentcore:${REGION}:${spoke.accountId}:runtime/agent-abcdefghij`, spoke.accountId],
                    ["lambda:InvokeFunction", d.refundsFunctionArn, HUB_ACCOUNT],
                    [INVOKE_API, `arn:aws:execute-api:${REGION}:${HUB_ACCOUNT}:${d.restApiId}/${d.stage}/GET/reservations/0123`, HUB_ACCOUNT],
                    ["s3:GetObject", "arn:aws:s3:::spoke-data/file.txt", spoke.accountId],
                    ["s3:ListAllMyBuckets", "*", spoke.accountId],
                    ["iam:PassRole", spoke.roleArn, spoke.accountId],
                    ["sts:AssumeRole", d.gatewayRoleArn, HUB_ACCOUNT],
                ];
                for (const [action, resource, account] of requests) {
                    assert.equal(await decide({ caller, action, resource, resourceAccount: account, identityPolicies: spoke.policies }), "ImplicitlyDenied", `${action} on ${resource}`);
                }
            });
        }
    });

    describe("trust policies: who may become the gateway role and the caller roles", () => {
        const assume = (caller: IamCaller, identityPolicies: unknown[], role: string, account: string, trust: unknown) =>
            decide({ caller, action: "sts:AssumeRole", resource: role, resourceAccount: account, identityPolicies, resourcePolicy: trust });

        it("the gateway role: only AgentCore acting for this gateway (I2)", async () => {
            assert.equal(await assume(serviceOnBehalfOf(AGENTCORE, d.gatewayArn, HUB_ACCOUNT), [], d.gatewayRoleArn, HUB_ACCOUNT, d.gatewayRoleTrust), "Allowed");
            assert.equal(await assume(serviceOnBehalfOf(AGENTCORE, OTHER_HUB_GATEWAY, HUB_ACCOUNT), [], d.gatewayRoleArn, HUB_ACCOUNT, d.gatewayRoleTrust), "ImplicitlyDenied");
            assert.equal(await assume(serviceOnBehalfOf(AGENTCORE, UNRELATED_GATEWAY, HUB_ACCOUNT), [], d.gatewayRoleArn, HUB_ACCOUNT, d.gatewayRoleTrust), "ImplicitlyDenied");
            const foreign = `arn:aws:bedrock-agentcore:${REGION}:${FOREIGN_ACCOUNT}:gateway/${d.gatewayArn.split("/").pop()}`;
            assert.equal(await assume(serviceOnBehalfOf(AGENTCORE, foreign, FOREIGN_ACCOUNT), [], d.gatewayRoleArn, HUB_ACCOUNT, d.gatewayRoleTrust), "ImplicitlyDenied");
            // A role's trust policy must name the principal, even in the same account: the hub admin cannot become the gateway.
            assert.equal(await assume(roleSession(roleArn(HUB_ACCOUNT, "Admin")), [ADMIN], d.gatewayRoleArn, HUB_ACCOUNT, d.gatewayRoleTrust), "ImplicitlyDenied");
        });

        for (const name of ["support", "booking"] as const) {
            it(`${name} caller role: only AgentCore Runtime acting for its own account (I8)`, async () => {
                const spoke = d.spokes[name];
                assert.equal(await assume(serviceOnBehalfOf(AGENTCORE, `arn:aws:bedrock-agentcore:${REGION}:${spoke.accountId}:runtime/agent-abcdefghij`, spoke.accountId), [], spoke.roleArn, spoke.accountId, spoke.trust), "Allowed");
                assert.equal(await assume(serviceOnBehalfOf(AGENTCORE, `arn:aws:bedrock-agentcore:${REGION}:${FOREIGN_ACCOUNT}:runtime/agent-abcdefghij`, FOREIGN_ACCOUNT), [], spoke.roleArn, spoke.accountId, spoke.trust), "ImplicitlyDenied");
                assert.equal(await assume(roleSession(roleArn(spoke.accountId, "Admin")), [ADMIN], spoke.roleArn, spoke.accountId, spoke.trust), "ImplicitlyDenied");
                assert.equal(await assume(roleSession(roleArn(FOREIGN_ACCOUNT, "Admin")), [ADMIN], spoke.roleArn, spoke.accountId, spoke.trust), "ImplicitlyDenied");
            });
        }
    });
});
