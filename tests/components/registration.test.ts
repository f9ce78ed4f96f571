import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AgentGatewayHub, SpokeCaller, cedarPolicy } from "../../components";
import { checkGatewayRolePermissions, checkGatewayTrustPolicy, checkRestApiResourcePolicy, checkGatewayResourcePolicy, checkSpokePermissions, checkSpokeTrustPolicy } from "../../invariants";
import { LIMITS } from "../../invariants/limits";

interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

type Mode = "preview" | "update";
const GATEWAY_ID = "org-tools-abcde12345";

/**
 * Runs `program` under Pulumi's mocks. Preview mode is a first preview: ids and every output
 * the mock does not return stay unknown. Update mode returns the ids and ARNs AWS would assign.
 */
async function run(mode: Mode, program: () => void): Promise<Registration[]> {
    const registrations: Registration[] = [];
    const preview = mode === "preview";
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
                if (preview) return { id: undefined as unknown as string, state: args.inputs };
                const extra = ({
                    "aws-native:bedrockagentcore:Gateway": { gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${GATEWAY_ID}`, gatewayIdentifier: GATEWAY_ID, gatewayUrl: `https://${GATEWAY_ID}.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp` },
                    "aws-native:bedrockagentcore:PolicyEngine": { policyEngineArn: "arn:aws:bedrock-agentcore:us-east-1:111111111111:policy-engine/org_tools_engine-abcde12345", policyEngineId: "org_tools_engine-abcde12345" },
                    "aws-native:apigateway:RestApi": { restApiId: "a1b2c3d4e5", rootResourceId: "r00t" },
                    "aws:lambda/function:Function": { arn: `arn:aws:lambda:us-east-1:111111111111:function:${String(args.inputs.name)}` },
                } as Record<string, Record<string, unknown>>)[args.type];
                return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
            },
            call: () => ({ accountId: "111111111111", region: "us-east-1", partition: "aws" }),
        },
        "registration",
        mode,
        preview,
    );
    program();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };
    let last = -1;
    for (let stable = 0; stable < 5; ) {
        await settings.waitForRPCs();
        await new Promise((r) => setTimeout(r, 10));
        stable = registrations.length === last ? stable + 1 : 0;
        last = registrations.length;
    }
    return registrations;
}

/** How the mock runtime hands an unknown value to `newResource` (the engine's own sentinel on the wire). */
function isUnknown(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as { __pulumiUnknown?: boolean }).__pulumiUnknown === true;
}
/** JSON text with every unknown leaf spelled `"UNKNOWN"`, for readable assertions. */
function withUnknowns(v: unknown): string {
    return JSON.stringify(v).split('{"__pulumiUnknown":true}').join('"UNKNOWN"');
}

function hubProgram(): void {
    const hub = new AgentGatewayHub("hub", {
        gatewayName: "org-tools",
        targets: [
            { kind: "lambda", name: "refunds", create: { code: new pulumi.asset.AssetArchive({}), handler: "index.handler" }, tools: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object", properties: { amount: { type: "integer" } }, required: ["amount"] } }] },
            { kind: "restApi", name: "reservations", create: { operations: [{ path: "/reservations/{phone}", method: "GET", toolName: "CheckReservation", description: "Look up", integration: { mock: {} } }] } },
        ],
        policyEngine: { policies: [{ name: "refunds_under_1000", statement: cedarPolicy().permit().principalIamRole({ accountId: "222222222222", roleName: "agent" }).tool("refunds", "process_refund").inputLessThan("amount", 1000) }] },
    });
    const agent = new SpokeCaller("agent", { roleName: "agent", gatewayArns: [hub.gatewayArn] });
    hub.grantInvoke([agent]);
}

function only(regs: Registration[], type: string): Registration {
    const found = regs.filter((r) => r.type === type);
    assert.strictEqual(found.length, 1, `expected one ${type}, got ${found.length}`);
    return found[0];
}

for (const mode of ["preview", "update"] as Mode[]) {
    describe(`components register secure documents (${mode} mode)`, () => {
        let regs: Registration[];
        before(async () => {
            regs = await run(mode, hubProgram);
        });

        it("registers the whole hub, in AgentCore's order of resources", () => {
            const types = regs.map((r) => r.type);
            for (const t of ["agentcore-hub:index:AgentGatewayHub", "aws-native:iam:Role", "aws-native:iam:RolePolicy", "aws-native:bedrockagentcore:PolicyEngine", "aws-native:bedrockagentcore:Gateway", "aws-native:bedrockagentcore:GatewayTarget", "aws-native:apigateway:RestApi", "aws:apigateway/deployment:Deployment", "aws:apigateway/stage:Stage", "aws-native:bedrockagentcore:Policy", "agentcore-hub:index:SpokeCaller"]) {
                assert.ok(types.includes(t), `${t} registered`);
            }
            assert.ok(types.indexOf("aws-native:bedrockagentcore:PolicyEngine") < types.indexOf("aws-native:bedrockagentcore:Gateway"), "engine before gateway");
            assert.ok(types.indexOf("aws-native:bedrockagentcore:Gateway") < types.indexOf("aws-native:bedrockagentcore:Policy"), "gateway before policies");
        });

        it("I1/I9/I11: IAM inbound auth, engine in ENFORCE, no debug", () => {
            const gw = only(regs, "aws-native:bedrockagentcore:Gateway").inputs;
            assert.strictEqual(gw.authorizerType, "AWS_IAM");
            assert.strictEqual((gw.policyEngineConfiguration as { mode: string }).mode, "ENFORCE");
            assert.strictEqual(gw.exceptionLevel, undefined);
            assert.strictEqual(gw.roleArn, "arn:aws:iam::111111111111:role/agentcore-hub/org-tools-gateway", "role ARN known at preview");
        });

        it("I2: the gateway role trusts only AgentCore for this gateway (decided at preview)", () => {
            const role = regs.find((r) => r.type === "aws-native:iam:Role" && r.name === "hub-gateway-role")!;
            const result = checkGatewayTrustPolicy(role.inputs.assumeRolePolicyDocument as never, { accountId: "111111111111", gatewayName: "org-tools" });
            assert.deepStrictEqual(result, { problems: [], deferred: [] });
            assert.match(JSON.stringify(role.inputs.assumeRolePolicyDocument), /gateway\/org-tools-\?{10}/);
        });

        it("I3: the role reaches exactly its targets; unknown ARNs stay single leaves", () => {
            const doc = only(regs, "aws-native:iam:RolePolicy").inputs.policyDocument as { Statement: { Sid: string; Resource: string[] | string }[] };
            const api = doc.Statement.find((s) => s.Sid === "Invokereservations")!;
            if (mode === "preview") assert.strictEqual(withUnknowns(api.Resource), '["UNKNOWN"]', "the API id is unknown at a first preview, only that leaf");
            else assert.deepStrictEqual(api.Resource, ["arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/v1/GET/reservations/*"]);
            assert.deepStrictEqual(doc.Statement.find((s) => s.Sid === "Invokerefunds")!.Resource, ["arn:aws:lambda:us-east-1:111111111111:function:org-tools-refunds"]);
            const result = checkGatewayRolePermissions(JSON.parse(withUnknowns(doc)) as never, { accountId: "111111111111" });
            // At preview the placeholder text "UNKNOWN" is not an ARN: only that leaf may be reported.
            assert.deepStrictEqual(result.problems.filter((p) => !/"UNKNOWN"/.test(p.message)), []);
            assert.strictEqual(result.problems.length, mode === "preview" ? 1 : 0);
        });

        it("I4/I5: IAM-only methods and a policy that admits only the gateway", () => {
            const api = only(regs, "aws-native:apigateway:RestApi").inputs as { body: { paths: Record<string, Record<string, Record<string, unknown>>> }; policy: unknown; endpointConfiguration: unknown };
            assert.deepStrictEqual(api.body.paths["/reservations/{phone}"].get["x-amazon-apigateway-auth"], { type: "AWS_IAM" });
            assert.strictEqual(api.body.paths["/reservations/{phone}"].get.operationId, "CheckReservation");
            assert.deepStrictEqual(api.endpointConfiguration, { types: ["REGIONAL"] });
            assert.deepStrictEqual(checkRestApiResourcePolicy(api.policy as never, { gatewayRoleArns: ["arn:aws:iam::111111111111:role/agentcore-hub/org-tools-gateway"] }), { problems: [], deferred: [] });
        });

        it("I6: the deployment is replaced when the API definition changes", () => {
            const dep = only(regs, "aws:apigateway/deployment:Deployment").inputs as { triggers: { redeployment: string } };
            // A mock integration has no unknown ARN: the trigger is known even at a first preview.
            assert.match(dep.triggers.redeployment, /^[0-9a-f]{64}$/);
        });

        it("I7: the gateway resource policy names the declared role, on the exact gateway ARN", () => {
            const rp = only(regs, "aws-native:bedrockagentcore:ResourcePolicy").inputs as { policy: string };
            if (mode === "preview") {
                assert.ok(isUnknown(rp.policy), "a JSON string embedding the new gateway's ARN is unknown at a first preview");
                return;
            }
            const result = checkGatewayResourcePolicy(rp.policy, { gatewayArn: `arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${GATEWAY_ID}` });
            assert.deepStrictEqual(result, { problems: [], deferred: [] });
            assert.ok(rp.policy.length < LIMITS.gatewayResourcePolicyBytes);
            assert.match(rp.policy, /"Principal":\{"AWS":"arn:aws:iam::111111111111:role\/agentcore-callers\/agent"\}/);
        });

        it("I8: the spoke role may only invoke the hub gateway; trust names AgentCore for its account", () => {
            const role = regs.find((r) => r.type === "aws-native:iam:Role" && r.name === "agent-role")!.inputs as { assumeRolePolicyDocument: never; policies: { policyDocument: never }[] };
            assert.deepStrictEqual(checkSpokeTrustPolicy(role.assumeRolePolicyDocument), { problems: [], deferred: [] });
            if (mode === "update") assert.deepStrictEqual(checkSpokePermissions(role.policies[0].policyDocument), { problems: [], deferred: [] });
            else assert.match(withUnknowns(role.policies[0].policyDocument), /"Action":"bedrock-agentcore:InvokeGateway","Effect":"Allow","Resource":\["UNKNOWN"\]/, "only the gateway ARN leaf is unknown");
        });

        it("I10: Cedar policies are created in a chain with the gateway's ARN", () => {
            const policy = only(regs, "aws-native:bedrockagentcore:Policy").inputs as { definition: { cedar: { statement: string } }; enforcementMode: string };
            assert.strictEqual(policy.enforcementMode, "ACTIVE");
            if (mode === "update") assert.match(policy.definition.cedar.statement, new RegExp(`AgentCore::Gateway::"arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${GATEWAY_ID}"`));
            else assert.ok(isUnknown(policy.definition.cedar.statement), "the statement embeds the new gateway's ARN");
        });
    });
}
