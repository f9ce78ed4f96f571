import { strict as assert } from "node:assert";
import {
    AgentCoreCedarSchema,
    CedarDecision,
    GATEWAY_ARN_PLACEHOLDER,
    buildAgentCoreCedarSchema,
    checkCedarPolicies,
    evaluateCedar,
    evaluateCedarDetailed,
} from "../../invariants/cedar";
import { formatProblem } from "../../invariants/problems";
import { JsonSchemaObject, TargetTools } from "../../invariants/toolSchema";
import { all } from "../support/exampleCapture";
import { BOOKING_ACCOUNT, ExampleDocuments, FOREIGN_ACCOUNT, HUB_ACCOUNT, REGION, SUPPORT_ACCOUNT, exampleDocuments, sampleInput } from "./exampleDocuments";

/**
 * The example's Cedar policies, as registered (rendered with the real gateway ARN), evaluated
 * by Cedar's own authorizer (`evaluateCedar`, cedar-wasm) as AgentCore Policy would for an
 * AWS_IAM gateway: principal `AgentCore::IamEntity` with the caller's ARN in `principal.id`,
 * resource the gateway, context `{ input }`; default deny, `forbid` wins.
 */

const REFUND = "refunds___process_refund";
const CHECK = "reservations___CheckReservation";
const CREATE = "reservations___CreateReservation";

/** How a caller's ARN appears in principal.id: both documented forms of an assumed role. */
const SUPPORT = {
    withSession: `arn:aws:sts::${SUPPORT_ACCOUNT}:assumed-role/support-agent/session1`,
    withoutSession: `arn:aws:sts::${SUPPORT_ACCOUNT}:assumed-role/support-agent`,
};
const BOOKING = {
    withSession: `arn:aws:sts::${BOOKING_ACCOUNT}:assumed-role/booking-agent/session1`,
    withoutSession: `arn:aws:sts::${BOOKING_ACCOUNT}:assumed-role/booking-agent`,
};
const reservation = (partySize: number) => ({ phone: "+15550100", time: "2025-06-01T19:00", name: "Ada", partySize });

describe("semantics: the example's Cedar policies (cedar-wasm)", function () {
    this.timeout(300_000);
    let d: ExampleDocuments;
    let schema: AgentCoreCedarSchema;
    const ask = (principalArn: string, action: string, input: Record<string, unknown>, gatewayArn = d.gatewayArn): CedarDecision =>
        evaluateCedar(d.cedarPolicies, schema, { principalArn, action, gatewayArn, input });

    before(async () => {
        d = await exampleDocuments();
        schema = buildAgentCoreCedarSchema(d.tools, { principalTypes: ["IamEntity"] });
    });

    it("registers the three policies, rendered with the gateway's real ARN, valid against the hub's tool schema", () => {
        assert.deepEqual(d.cedarPolicies.map((p) => p.name).sort(), ["booking_reservations", "no_large_parties", "support_refunds_under_1000"]);
        for (const p of d.cedarPolicies) {
            assert.ok(!p.statement.includes(GATEWAY_ARN_PLACEHOLDER), p.name);
            assert.ok(p.statement.includes(`AgentCore::Gateway::"${d.gatewayArn}"`), p.name);
        }
        const problems = checkCedarPolicies(d.cedarPolicies, schema, { gatewayArn: d.gatewayArn, requireRenderedGatewayArn: true });
        assert.deepEqual(problems.map(formatProblem), []);
    });

    describe("support agent", () => {
        for (const [form, arn] of Object.entries(SUPPORT)) {
            it(`refunds under $1,000 are allowed, $1,000 and more denied (principal.id ${form})`, () => {
                assert.equal(ask(arn, REFUND, { orderId: "o-1", amount: 500 }), "ALLOW");
                assert.equal(ask(arn, REFUND, { orderId: "o-1", amount: 999 }), "ALLOW");
                assert.equal(ask(arn, REFUND, { orderId: "o-1", amount: 1000 }), "DENY");
                assert.equal(ask(arn, REFUND, { orderId: "o-1", amount: 2000 }), "DENY");
            });
        }

        it("the role ARN form of principal.id is matched too (older documented form)", () => {
            assert.equal(ask(d.spokes.support.roleArn, REFUND, { orderId: "o-1", amount: 500 }), "ALLOW");
        });

        it("may not use the reservation tools", () => {
            assert.equal(ask(SUPPORT.withSession, CHECK, { phone: "+15550100" }), "DENY");
            assert.equal(ask(SUPPORT.withSession, CREATE, reservation(2)), "DENY");
        });

        it("is allowed only on this gateway", () => {
            const otherGateway = `arn:aws:bedrock-agentcore:${REGION}:${HUB_ACCOUNT}:gateway/org-tools-admin-abcdefghij`;
            assert.equal(ask(SUPPORT.withSession, REFUND, { orderId: "o-1", amount: 500 }, otherGateway), "DENY");
        });
    });

    describe("booking agent", () => {
        for (const [form, arn] of Object.entries(BOOKING)) {
            it(`may not refund (principal.id ${form})`, () => {
                assert.equal(ask(arn, REFUND, { orderId: "o-1", amount: 10 }), "DENY");
            });

            it(`may check reservations and book parties up to 20; above, the forbid wins (principal.id ${form})`, () => {
                assert.equal(ask(arn, CHECK, { phone: "+15550100" }), "ALLOW");
                assert.equal(ask(arn, CREATE, reservation(4)), "ALLOW");
                assert.equal(ask(arn, CREATE, reservation(20)), "ALLOW");
                assert.equal(ask(arn, CREATE, reservation(21)), "DENY");
                const large = evaluateCedarDetailed(d.cedarPolicies, schema, { principalArn: arn, action: CREATE, gatewayArn: d.gatewayArn, input: reservation(25) });
                assert.equal(large.decision, "DENY");
                // Denied by the forbid, although booking_reservations permits the call.
                assert.deepEqual(large.determiningPolicies, ["no_large_parties"]);
                assert.deepEqual(large.errors, []);
            });
        }
    });

    describe("undeclared callers", () => {
        const undeclared = [
            `arn:aws:sts::${SUPPORT_ACCOUNT}:assumed-role/ops-admin/session1`,
            // A name that extends a declared role's name is another role.
            `arn:aws:sts::${SUPPORT_ACCOUNT}:assumed-role/support-agent-admin/session1`,
            `arn:aws:sts::${SUPPORT_ACCOUNT}:assumed-role/support-agent-admin`,
            // The declared role names in the wrong account.
            `arn:aws:sts::${FOREIGN_ACCOUNT}:assumed-role/support-agent/session1`,
            `arn:aws:sts::${BOOKING_ACCOUNT}:assumed-role/support-agent/session1`,
            `arn:aws:sts::${SUPPORT_ACCOUNT}:assumed-role/booking-agent/session1`,
            // The hub account's administrator, the gateway's own role, an IAM user.
            `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/Admin/session1`,
            `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/org-tools-gateway/session1`,
            `arn:aws:iam::${SUPPORT_ACCOUNT}:user/alice`,
        ];
        it("are denied every tool", () => {
            for (const target of d.tools) {
                for (const tool of target.tools) {
                    for (const principalArn of undeclared) {
                        assert.equal(ask(principalArn, `${target.targetName}___${tool.name}`, sampleInput(tool.inputSchema)), "DENY", `${principalArn} → ${tool.name}`);
                    }
                }
            }
        });
    });

    /**
     * AgentCore does not see the hub's declared tool list: it builds each tool's input schema
     * (and the Cedar `context.input` type) from the target it is given. A Lambda target carries
     * its tool schemas inline; for an API Gateway target, AgentCore calls API Gateway's GetExport
     * on the stage and reads the OpenAPI operations (path/query parameters and the JSON request
     * body), with the target's tool overrides only renaming and describing them. So the
     * arguments a policy reads must exist in what the API itself describes. (How AgentCore
     * lays out a request body in the tool input, flat or under a key, is not documented; we
     * assume flat, as the hub's declared schemas do. Either way an argument absent from the
     * OpenAPI document is absent from the tool.)
     */
    describe("the tool inputs AgentCore derives from the deployed targets", () => {
        it("the example's policies are valid and effective against the schema AgentCore derives from the deployed targets", () => {
            const deployedSchema = buildAgentCoreCedarSchema(toolsAsDeployed(d), { principalTypes: ["IamEntity"] });
            const problems = checkCedarPolicies(d.cedarPolicies, deployedSchema, { gatewayArn: d.gatewayArn, requireRenderedGatewayArn: true });
            assert.deepEqual(problems.map(formatProblem), [], "AgentCore validates policies against the schema of the tools it derived from the targets, not the hub's declared tools");
        });

        it("carry every input property the hub declared (so the policies' conditions can see them)", () => {
            const deployed = toolsAsDeployed(d);
            const missing: string[] = [];
            for (const target of d.tools) {
                for (const tool of target.tools) {
                    const actual = deployed.find((t) => t.targetName === target.targetName)?.tools.find((t) => t.name === tool.name);
                    if (!actual) {
                        missing.push(`${target.targetName}___${tool.name}: not exposed by the deployed target`);
                        continue;
                    }
                    for (const property of Object.keys(tool.inputSchema.properties ?? {})) {
                        if (!(property in (actual.inputSchema.properties ?? {}))) missing.push(`${target.targetName}___${tool.name}.${property}`);
                    }
                }
            }
            assert.deepEqual(
                missing,
                [],
                "Inputs declared to the hub (and typed in its Cedar schema) that the deployed target does not describe: AgentCore's tool has no such argument, " +
                    "so a condition on it (no_large_parties reads context.input.partySize) can never apply, and with FAIL_ON_ANY_FINDINGS the policy may be rejected at deploy. " +
                    "For a REST target, the OpenAPI body must carry the operation's requestBody (application/json schema = the declared inputSchema minus path parameters).",
            );
        });
    });
});

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** The tools, with input schemas, that AgentCore would build from the registered gateway targets. */
function toolsAsDeployed(d: ExampleDocuments): TargetTools[] {
    const apis = all(d.program, "aws-native:apigateway:RestApi");
    return all(d.program, "aws-native:bedrockagentcore:GatewayTarget").map((target) => {
        const mcp = obj(obj(target.state.targetConfiguration).mcp);
        const targetName = String(target.state.name);
        if (mcp.lambda) {
            const payload = obj(obj(mcp.lambda).toolSchema).inlinePayload;
            return { targetName, tools: (payload as TargetTools["tools"]) ?? [] };
        }
        const apiGateway = obj(mcp.apiGateway);
        const api = apis.find((a) => a.state.restApiId === apiGateway.restApiId);
        const paths = obj(obj(api?.state.body).paths);
        const overrides = (obj(apiGateway.apiGatewayToolConfiguration).toolOverrides as Json[] | undefined) ?? [];
        return {
            targetName,
            tools: overrides.map((o) => {
                const operation = obj(obj(paths[String(o.path)])[String(o.method).toLowerCase()]);
                const properties: Record<string, unknown> = {};
                const required: string[] = [];
                for (const p of (operation.parameters as Json[] | undefined) ?? []) {
                    if (p.in !== "path" && p.in !== "query") continue;
                    properties[String(p.name)] = { type: obj(p.schema).type ?? "string" };
                    if (p.required) required.push(String(p.name));
                }
                const body = obj(obj(obj(obj(operation.requestBody).content)["application/json"]).schema);
                Object.assign(properties, obj(body.properties));
                required.push(...((body.required as string[] | undefined) ?? []));
                const inputSchema = { type: "object", properties, required } as JsonSchemaObject;
                return { name: String(o.name), description: String(o.description ?? ""), inputSchema };
            }),
        };
    });
}
