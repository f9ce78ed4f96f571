import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CapturedStack, runUnderMocks } from "../../checker/engine/capture";
import { toReadValue } from "../../checker/engine/wire";
import { ReadValue } from "../../invariants/policyDocument";
import { isUnknown } from "../../invariants/unknown";
import { AgentGatewayHub, SpokeCaller, cedarPolicy } from "../../components";
import { checkGatewayRolePermissions, checkGatewayTrustPolicy, checkRestApiResourcePolicy, checkGatewayResourcePolicy, checkSpokePermissions, checkSpokeTrustPolicy } from "../../invariants";
import { LIMITS } from "../../invariants/limits";

type Mode = "preview" | "update";

/** The inputs of every resource of a type, as the shared checks read them (UNKNOWN leaves). */
function inputsOf(stack: CapturedStack, type: string, name?: string): { [key: string]: ReadValue }[] {
    return stack.resources.filter((r) => r.type === type && (name === undefined || r.name === name)).map((r) => toReadValue(r.inputs) as { [key: string]: ReadValue });
}

function only(stack: CapturedStack, type: string, name?: string): { [key: string]: ReadValue } {
    const found = inputsOf(stack, type, name);
    assert.strictEqual(found.length, 1, `expected one ${type}${name ? ` "${name}"` : ""}, got ${found.length}`);
    return found[0];
}

/** Types of the resources a property's value came from: what the pack reads as provenance. */
function provenance(stack: CapturedStack, type: string, property: string): string[] {
    const r = stack.resources.find((x) => x.type === type)!;
    return (r.propertyDependencies[property] ?? []).map((urn) => stack.resources.find((x) => x.urn === urn)!.type);
}

/** Output of the (only) resource of a type, as synthesized in update mode. */
function outputOf(stack: CapturedStack, type: string, key: string): string {
    return String(stack.resources.find((r) => r.type === type)!.outputs[key]);
}

function hubProgram(): void {
    const hub = new AgentGatewayHub("hub", {
        gatewayName: "org-tools",
        allowDefaultProviders: true,
        targets: [
            { kind: "lambda", name: "refunds", create: { code: new pulumi.asset.AssetArchive({}), handler: "index.handler" }, tools: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object", properties: { amount: { type: "integer" } }, required: ["amount"] } }] },
            { kind: "restApi", name: "reservations", create: { operations: [{ path: "/reservations/{phone}", method: "GET", toolName: "CheckReservation", description: "Look up", integration: { mock: {} } }] } },
        ],
        policyEngine: { policies: [{ name: "refunds_under_1000", statement: cedarPolicy().permit().principalIamRole({ accountId: "222222222222", roleName: "agent" }).tool("refunds", "process_refund").inputLessThan("amount", 1000) }] },
    });
    const agent = new SpokeCaller("agent", { roleName: "agent", gatewayArns: [hub.gatewayArn] });
    hub.grantInvoke([agent]);
}

const ROLE_ARN = "arn:aws:iam::111111111111:role/agentcore-hub/org-tools-gateway";

for (const mode of ["preview", "update"] as Mode[]) {
    describe(`components register secure documents (${mode} mode)`, () => {
        let stack: CapturedStack;
        before(async () => {
            stack = await runUnderMocks(hubProgram, { mode, project: "registration", stack: mode });
        });

        it("registers the whole hub, in AgentCore's order of resources", () => {
            const types = stack.resources.map((r) => r.type);
            for (const t of ["agentcore-hub:index:AgentGatewayHub", "aws-native:iam:Role", "aws-native:iam:RolePolicy", "aws-native:bedrockagentcore:PolicyEngine", "aws-native:bedrockagentcore:Gateway", "aws-native:bedrockagentcore:GatewayTarget", "aws-native:apigateway:RestApi", "aws:apigateway/deployment:Deployment", "aws:apigateway/stage:Stage", "aws-native:bedrockagentcore:Policy", "agentcore-hub:index:SpokeCaller"]) {
                assert.ok(types.includes(t), `${t} registered`);
            }
            assert.ok(types.indexOf("aws-native:bedrockagentcore:PolicyEngine") < types.indexOf("aws-native:bedrockagentcore:Gateway"), "engine before gateway");
            assert.ok(types.indexOf("aws-native:bedrockagentcore:Gateway") < types.indexOf("aws-native:bedrockagentcore:Policy"), "gateway before policies");
        });

        it("I1/I9/I11: IAM inbound auth, engine in ENFORCE, no debug", () => {
            const gw = only(stack, "aws-native:bedrockagentcore:Gateway");
            assert.strictEqual(gw.authorizerType, "AWS_IAM");
            assert.strictEqual((gw.policyEngineConfiguration as { mode: string }).mode, "ENFORCE");
            assert.strictEqual(gw.exceptionLevel, undefined);
            assert.strictEqual(gw.roleArn, ROLE_ARN, "role ARN known at preview");
        });

        it("I2: the gateway role trusts only AgentCore for this gateway (decided at preview)", () => {
            const role = only(stack, "aws-native:iam:Role", "hub-gateway-role");
            assert.deepStrictEqual(checkGatewayTrustPolicy(role.assumeRolePolicyDocument, { accountId: "111111111111", gatewayName: "org-tools" }), { problems: [], deferred: [] });
            assert.match(JSON.stringify(role.assumeRolePolicyDocument), /gateway\/org-tools-\?{10}/);
        });

        it("I3: the role reaches exactly its targets; an unknown API ARN is one leaf, decided by its provenance", () => {
            const doc = only(stack, "aws-native:iam:RolePolicy").policyDocument as { Statement: { Sid: string; Resource: ReadValue[] }[] };
            const api = doc.Statement.find((s) => s.Sid === "Invokereservations")!;
            if (mode === "preview") {
                assert.strictEqual(api.Resource.length, 1);
                assert.ok(isUnknown(api.Resource[0]), "the API id is unknown at a first preview, only that leaf");
            } else {
                assert.deepStrictEqual(api.Resource, [`arn:aws:execute-api:us-east-1:111111111111:${outputOf(stack, "aws-native:apigateway:RestApi", "restApiId")}/v1/GET/reservations/*`]);
            }
            assert.deepStrictEqual(doc.Statement.find((s) => s.Sid === "Invokerefunds")!.Resource, ["arn:aws:lambda:us-east-1:111111111111:function:org-tools-refunds"]);
            const from = provenance(stack, "aws-native:iam:RolePolicy", "policyDocument");
            assert.ok(from.includes("aws-native:apigateway:RestApi"), `policyDocument derives from the REST API (${from.join(", ")})`);
            assert.deepStrictEqual(checkGatewayRolePermissions(doc as unknown as ReadValue, { accountId: "111111111111", unknownProvenance: from }), { problems: [], deferred: [] });
        });

        it("I4/I5: IAM-only methods and a policy that admits only the gateway", () => {
            const api = only(stack, "aws-native:apigateway:RestApi") as { body: { paths: Record<string, Record<string, Record<string, unknown>>> }; policy: ReadValue; endpointConfiguration: unknown };
            assert.deepStrictEqual(api.body.paths["/reservations/{phone}"].get["x-amazon-apigateway-auth"], { type: "AWS_IAM" });
            assert.strictEqual(api.body.paths["/reservations/{phone}"].get.operationId, "CheckReservation");
            assert.deepStrictEqual(api.endpointConfiguration, { types: ["REGIONAL"] });
            assert.deepStrictEqual(checkRestApiResourcePolicy(api.policy, { gatewayRoleArns: [ROLE_ARN] }), { problems: [], deferred: [] });
        });

        it("I6: the deployment is replaced when the API definition changes", () => {
            const dep = only(stack, "aws:apigateway/deployment:Deployment") as { triggers: { redeployment: string } };
            // A mock integration has no unknown ARN: the trigger is known even at a first preview.
            assert.match(dep.triggers.redeployment, /^[0-9a-f]{64}$/);
        });

        it("I7: the gateway resource policy names the declared role, on the exact gateway ARN", () => {
            const rp = only(stack, "aws-native:bedrockagentcore:ResourcePolicy");
            if (mode === "preview") {
                assert.ok(isUnknown(rp.policy), "a JSON string embedding the new gateway's ARN is unknown at a first preview");
                return;
            }
            const gatewayArn = outputOf(stack, "aws-native:bedrockagentcore:Gateway", "gatewayArn");
            assert.deepStrictEqual(checkGatewayResourcePolicy(rp.policy, { gatewayArn }), { problems: [], deferred: [] });
            assert.ok(String(rp.policy).length < LIMITS.gatewayResourcePolicyBytes);
            assert.match(String(rp.policy), /"Principal":\{"AWS":"arn:aws:iam::111111111111:role\/agentcore-callers\/agent"\}/);
        });

        it("I8: the spoke role may only invoke the hub gateway; trust names AgentCore for its account", () => {
            const role = only(stack, "aws-native:iam:Role", "agent-role") as { assumeRolePolicyDocument: ReadValue; policies: { policyDocument: ReadValue }[] };
            assert.deepStrictEqual(checkSpokeTrustPolicy(role.assumeRolePolicyDocument), { problems: [], deferred: [] });
            const from = stack.resources.find((r) => r.name === "agent-role")!.propertyDependencies.policies.map((urn) => stack.resources.find((x) => x.urn === urn)!.type);
            // At preview the gateway ARN leaf is unknown; its provenance (the Gateway) decides it.
            assert.deepStrictEqual(checkSpokePermissions(role.policies[0].policyDocument, { unknownProvenance: from }), { problems: [], deferred: [] });
            if (mode === "preview") assert.ok(isUnknown((role.policies[0].policyDocument as { Statement: { Resource: ReadValue[] }[] }).Statement[0].Resource[0]));
        });

        it("I10: Cedar policies are created in a chain with the gateway's ARN", () => {
            const policy = only(stack, "aws-native:bedrockagentcore:Policy") as { definition: { cedar: { statement: ReadValue } }; enforcementMode: string };
            assert.strictEqual(policy.enforcementMode, "ACTIVE");
            if (mode === "update") assert.ok(String(policy.definition.cedar.statement).includes(`AgentCore::Gateway::"${outputOf(stack, "aws-native:bedrockagentcore:Gateway", "gatewayArn")}"`));
            else assert.ok(isUnknown(policy.definition.cedar.statement), "the statement embeds the new gateway's ARN");
        });
    });
}
