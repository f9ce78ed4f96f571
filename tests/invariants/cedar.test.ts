import { strict as assert } from "node:assert";
import {
    CedarEvaluationError,
    CedarSchemaError,
    GATEWAY_ARN_PLACEHOLDER,
    buildAgentCoreCedarSchema,
    cedarPolicy,
    checkCedarPolicies,
    evaluateCedar,
    evaluateCedarDetailed,
    renderGatewayArn,
    SYSTEM_CONTEXT,
    checkCedarPoliciesByPolicy,
    schemaSize,
    statementLanguage,
    usesGuardrails,
} from "../../invariants/cedar";
import { checkCedarPolicyAlone } from "../../invariants/cedar/validate";
import { AWS_CEDAR_EXAMPLES, AWS_REJECTED_FORMS, INSURANCE_GATEWAY, INSURANCE_TARGETS } from "./awsCedarExamples";
import { LIMITS } from "../../invariants/limits";
import { Problem } from "../../invariants/problems";
import { TargetTools, ToolDefinition } from "../../invariants/toolSchema";

const ACCOUNT = "123456789012";
const GATEWAY_ARN = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/hub-a1b2c3d4e5`;
const OTHER_GATEWAY_ARN = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/other-a1b2c3d4e5`;
const AGENT_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/agent-role/session-1`;

const TARGETS: TargetTools[] = [
    {
        targetName: "refunds",
        tools: [
            {
                name: "process_refund",
                description: "Refund an order",
                inputSchema: {
                    type: "object",
                    properties: {
                        orderId: { type: "string" },
                        amount: { type: "integer" },
                        reason: { type: "string" },
                    },
                    required: ["orderId", "amount"],
                },
            },
        ],
    },
    {
        targetName: "reservations",
        tools: [
            {
                name: "create_reservation",
                description: "Book a table",
                inputSchema: {
                    type: "object",
                    properties: {
                        guests: { type: "integer" },
                        deposit: { type: "number" },
                        tags: { type: "array", items: { type: "string" } },
                        contact: { type: "object", properties: { email: { type: "string" }, vip: { type: "boolean" } }, required: ["email"] },
                    },
                    required: ["guests"],
                },
            },
            {
                name: "cancel_reservation",
                description: "Cancel a booking",
                inputSchema: { type: "object", properties: { reservationId: { type: "string" } }, required: ["reservationId"] },
            },
        ],
    },
];

const SCHEMA = buildAgentCoreCedarSchema(TARGETS, { principalTypes: ["IamEntity"] });

/** The secure refund policy: one role, one tool, this gateway, amount under 1000. */
function refundLimit(): string {
    return cedarPolicy({ targets: TARGETS })
        .permit()
        .principalIamRole({ accountId: ACCOUNT, roleName: "agent-role" })
        .tool("refunds", "process_refund")
        .inputLessThan("amount", 1000)
        .toString();
}

function check(statement: string, name = "refund_limit"): Problem[] {
    return checkCedarPolicies([{ name, statement }], SCHEMA, { gatewayArn: GATEWAY_ARN });
}

function only(problems: Problem[]): Problem {
    assert.equal(problems.length, 1, `expected exactly one problem, got:\n${problems.map((p) => p.message).join("\n")}`);
    return problems[0];
}

const scoped = (action: string, condition = ""): string =>
    `permit(principal, action == AgentCore::Action::"${action}", resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}")${condition};`;

describe("buildAgentCoreCedarSchema", () => {
    const ns = SCHEMA.AgentCore;

    it("lists a record's attributes in code-unit order whatever order the tool schema gives, as a pack reads them back from the engine's Struct", () => {
        const tools = (properties: Record<string, { type: "string" | "integer" }>) => [
            { targetName: "t", tools: [{ name: "x", description: "", inputSchema: { type: "object" as const, properties, required: ["b"] } }] },
        ];
        const written = buildAgentCoreCedarSchema(tools({ b: { type: "string" }, a: { type: "integer" }, B: { type: "string" }, "10": { type: "string" }, "9": { type: "string" } }));
        const sorted = buildAgentCoreCedarSchema(tools({ "10": { type: "string" }, "9": { type: "string" }, B: { type: "string" }, a: { type: "integer" }, b: { type: "string" } }));
        const input = written.AgentCore.actions.t___x.appliesTo?.context;
        assert.ok(input && "attributes" in input && input.attributes.input.type === "Record");
        // Integer-like names first, in numeric order: every JavaScript object lists its keys so.
        assert.deepEqual(Object.keys((input.attributes.input as { attributes: object }).attributes), ["9", "10", "B", "a", "b"]);
        // The same text, so the component's and the pack's Cedar answers share their keys (cached.ts).
        assert.equal(JSON.stringify(written), JSON.stringify(sorted));
    });

    it("declares the AgentCore entity types with their documented attributes", () => {
        assert.deepEqual(ns.entityTypes.IamEntity, { shape: { type: "Record", attributes: { id: { type: "String" } } } });
        assert.deepEqual(ns.entityTypes.OAuthUser, { shape: { type: "Record", attributes: { id: { type: "String" } } }, tags: { type: "String" } });
        assert.deepEqual(ns.entityTypes.Gateway, {});
    });

    it("declares Mcp > CallTool > target > <target>___<tool> actions", () => {
        assert.deepEqual(Object.keys(ns.actions), [
            "Mcp",
            "CallTool",
            "refunds",
            "refunds___process_refund",
            "reservations",
            "reservations___create_reservation",
            "reservations___cancel_reservation",
        ]);
        assert.deepEqual(ns.actions.CallTool.memberOf, [{ id: "Mcp" }]);
        assert.deepEqual(ns.actions.refunds___process_refund.memberOf, [{ id: "refunds" }, { id: "CallTool" }]);
        assert.deepEqual(ns.actions.refunds___process_refund.appliesTo?.principalTypes, ["IamEntity"]);
        assert.deepEqual(ns.actions.refunds___process_refund.appliesTo?.resourceTypes, ["Gateway"]);
    });

    it("types context.input from the input schema (integer→Long, number→decimal, array→Set, optional→required:false)", () => {
        assert.deepEqual(ns.actions.refunds___process_refund.appliesTo?.context, {
            type: "Record",
            attributes: {
                input: {
                    type: "Record",
                    attributes: { orderId: { type: "String" }, amount: { type: "Long" }, reason: { type: "String", required: false } },
                },
                system: SYSTEM_CONTEXT,
            },
        });
        assert.deepEqual(ns.actions.reservations___create_reservation.appliesTo?.context, {
            type: "Record",
            attributes: {
                input: {
                    type: "Record",
                    attributes: {
                        guests: { type: "Long" },
                        deposit: { type: "Extension", name: "decimal", required: false },
                        tags: { type: "Set", element: { type: "String" }, required: false },
                        contact: {
                            type: "Record",
                            attributes: { email: { type: "String" }, vip: { type: "Boolean", required: false } },
                            required: false,
                        },
                    },
                },
                system: SYSTEM_CONTEXT,
            },
        });
    });

    it("measures the schema as its minified JSON in bytes", () => {
        assert.equal(schemaSize(SCHEMA), Buffer.byteLength(JSON.stringify(SCHEMA)));
        assert.ok(schemaSize(SCHEMA) < LIMITS.cedarSchemaBytes);
    });

    it("refuses tool definitions it cannot type, with the problems", () => {
        const bad = { name: "x", description: "x", inputSchema: { type: "object", properties: { n: { type: "null" } } } } as unknown as ToolDefinition;
        assert.throws(
            () => buildAgentCoreCedarSchema([{ targetName: "t", tools: [bad] }]),
            (e: unknown) => e instanceof CedarSchemaError && e.problems.length === 1 && /targets\[0\]\.tools\[0\]\.inputSchema\.properties\.n\.type = "null"/.test(e.problems[0].message),
        );
    });
});

describe("checkCedarPolicies", () => {
    it("accepts the builder's refund policy (placeholder gateway) and the same text rendered with the gateway ARN", () => {
        assert.deepEqual(check(refundLimit()), []);
        assert.deepEqual(
            checkCedarPolicies([{ name: "refund_limit", statement: renderGatewayArn(refundLimit(), GATEWAY_ARN) }], SCHEMA, { gatewayArn: GATEWAY_ARN, requireRenderedGatewayArn: true }),
            [],
        );
    });

    it("reports a syntax error with Cedar's message and position", () => {
        const p = only(check('permit(principal, action resource);', "broken"));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /^Cedar policy "broken" \(policies\[0\]\) does not parse as Cedar: unexpected token `resource`.* at line 1, column 26/);
    });

    it("reports an action that is no declared tool, listing the target's tools", () => {
        const p = only(check(scoped("refunds___refund_everything")));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /names the action AgentCore::Action::"refunds___refund_everything", which is no tool this gateway exposes\. Tools of target "refunds": refunds___process_refund\./);
        assert.match(p.fix, /add tool "refund_everything" to target "refunds"/);
    });

    it("lists every declared tool when the target does not exist either", () => {
        const p = only(check(scoped("billing___charge")));
        assert.match(p.message, /Declared tools: refunds___process_refund, reservations___create_reservation, reservations___cancel_reservation\./);
    });

    for (const statement of ["permit(principal, action, resource is AgentCore::Gateway);", "permit(principal, action, resource is AgentCore::Gateway) when { true };", "permit(principal is AgentCore::IamEntity, action in AgentCore::Action::\"CallTool\", resource is AgentCore::Gateway) unless { 1 == 2 };"]) {
        it(`flags the unconditional permit-all ${statement}`, () => {
            const p = only(check(statement, "allow_all"));
            assert.equal(p.invariant, "I10");
            assert.equal(p.message, 'Cedar policy "allow_all" (policies[0]) permits every caller to call every tool on every gateway, unconditionally.');
        });
    }

    it("does not flag a permit-all that a real condition restricts", () => {
        assert.deepEqual(check(`permit(principal, action, resource is AgentCore::Gateway) when { principal.id like "arn:aws:sts::${ACCOUNT}:assumed-role/agent-role/*" };`), []);
    });

    it("rejects two statements in one policy", () => {
        const p = only(check(`${refundLimit()}\nforbid(principal, action, resource);`));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /contains 2 Cedar statements; AgentCore takes exactly one statement per policy\./);
    });

    it("reports an input attribute used with the wrong type, in Cedar's words", () => {
        const p = only(check(scoped("refunds___process_refund", ' when { context.input.amount like "x" }')));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /fails Cedar validation against the gateway's tool schema: unexpected type: expected String but saw Long at line 1/);
    });

    it("reports an unguarded optional attribute with Cedar's hint", () => {
        const p = only(check(scoped("refunds___process_refund", ' when { context.input.reason == "damaged" }')));
        assert.match(p.message, /optional attribute `input\.reason`.*try testing for the attribute's presence with `context\.input has reason/);
    });

    it("rejects a policy naming another gateway than this engine's", () => {
        const p = only(check(`permit(principal, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"${OTHER_GATEWAY_ARN}");`));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, new RegExp(`names the gateway "${OTHER_GATEWAY_ARN}", but this policy engine's gateway is "${GATEWAY_ARN}"`));
    });

    it("rejects a non-ARN gateway id when the gateway ARN is not known yet", () => {
        const p = only(checkCedarPolicies([{ name: "p", statement: scoped("refunds___process_refund").replace(GATEWAY_ARN_PLACEHOLDER, "hub") }], SCHEMA, {}));
        assert.match(p.message, /names the gateway "hub", which is not a gateway ARN/);
    });

    it("requires a specific gateway when a policy names tools (AgentCore policy-scope rule)", () => {
        const p = only(check('permit(principal, action == AgentCore::Action::"refunds___process_refund", resource is AgentCore::Gateway);'));
        assert.match(p.message, /names specific actions \(refunds___process_refund\) but not a specific gateway/);
    });

    it("rejects the placeholder in text that is sent to AWS", () => {
        const p = only(checkCedarPolicies([{ name: "refund_limit", statement: refundLimit() }], SCHEMA, { gatewayArn: GATEWAY_ARN, requireRenderedGatewayArn: true }));
        assert.match(p.message, /still contains the placeholder \{\{agentcore-hub:gateway-arn\}\}/);
    });

    it(`rejects a policy over ${LIMITS.cedarPolicyBytes} bytes`, () => {
        // One long literal, not hundreds of nested `&&`: cedar-wasm recurses per operator and a
        // deep expression overflows the stack when the suite's stack is already deep.
        const conditions = `context.input.orderId != "${"x".repeat(LIMITS.cedarPolicyBytes)}"`;
        const statement = scoped("refunds___process_refund", ` when { ${conditions} }`);
        const p = only(check(statement));
        assert.equal(p.invariant, "I12");
        const size = Buffer.byteLength(statement) - GATEWAY_ARN_PLACEHOLDER.length + GATEWAY_ARN.length;
        assert.equal(p.message, `Cedar policy "refund_limit" (policies[0]) is ${size} bytes; AgentCore allows ${LIMITS.cedarPolicyBytes} bytes per policy.`);
    });

    it("reports an impossible forbid (it would protect nothing)", () => {
        const p = only(check(`forbid(principal is AgentCore::OAuthUser, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}");`, "no_oauth"));
        // Both of Cedar's warnings, in the checker's stable order (by position, then message).
        assert.match(p.message, /has Cedar validation findings: policy is impossible: .*; unable to find an applicable action .*a forbid that can never apply protects nothing/);
    });

    it("applies the policy name rule", () => {
        const p = only(check(refundLimit(), "refund-limit"));
        assert.equal(p.invariant, "I12");
        assert.match(p.message, /policies\[0\]\.name = "refund-limit" is not a valid Cedar policy name/);
    });

    it(`allows at most ${LIMITS.cedarPoliciesPerEngine} policies per engine and unique names`, () => {
        const text = refundLimit();
        const many = Array.from({ length: LIMITS.cedarPoliciesPerEngine + 1 }, (_, i) => ({ name: `p${i}`, statement: text }));
        const problems = checkCedarPolicies(many, SCHEMA, { gatewayArn: GATEWAY_ARN });
        // 1001 copies of a ~500-byte policy also exceed the 200 KB total per gateway.
        assert.deepEqual(
            problems.map((p) => p.message.replace(/ \d+ bytes/, " N bytes")),
            ["policies has 1001 policies; a policy engine holds at most 1000.", "policies total N bytes; AgentCore allows 204800 bytes (200 KB) of policies per gateway in a policy engine."],
        );
        const duplicate = only(checkCedarPolicies([{ name: "a", statement: text }, { name: "a", statement: text }], SCHEMA, { gatewayArn: GATEWAY_ARN }));
        assert.match(duplicate.message, /\(policies\[1\]\) has the same name as policies\[0\]/);
    });
});

describe("evaluateCedar", () => {
    /** The policies belong to GATEWAY_ARN: their placeholder is rendered with it. */
    const OWN = { policyGatewayArn: GATEWAY_ARN };
    const policies = [{ name: "refund_limit", statement: refundLimit() }];
    const call = (principalArn: string, amount: number) =>
        evaluateCedar(policies, SCHEMA, { principalArn, action: "refunds___process_refund", gatewayArn: GATEWAY_ARN, input: { orderId: "o-1", amount } }, OWN);

    it("allows a refund of 500 and denies 2000 (when { context.input.amount < 1000 })", () => {
        assert.equal(call(AGENT_SESSION, 500), "ALLOW");
        assert.equal(call(AGENT_SESSION, 2000), "DENY");
    });

    it("denies callers the policy does not name, including a role whose name only starts the same", () => {
        assert.equal(call(`arn:aws:sts::${ACCOUNT}:assumed-role/other-role/session-1`, 500), "DENY");
        assert.equal(call(`arn:aws:sts::${ACCOUNT}:assumed-role/agent-role-admin/session-1`, 500), "DENY");
        assert.equal(call(`arn:aws:sts::999999999999:assumed-role/agent-role/session-1`, 500), "DENY");
    });

    it("admits the role in each documented principal.id form", () => {
        assert.equal(call(`arn:aws:sts::${ACCOUNT}:assumed-role/agent-role`, 500), "ALLOW");
        assert.equal(call(`arn:aws:iam::${ACCOUNT}:role/agent-role`, 500), "ALLOW");
    });

    it("denies other tools and other gateways (default deny)", () => {
        assert.equal(
            evaluateCedar(policies, SCHEMA, { principalArn: AGENT_SESSION, action: "reservations___cancel_reservation", gatewayArn: GATEWAY_ARN, input: { reservationId: "r" } }, OWN),
            "DENY",
        );
        assert.equal(
            evaluateCedar(policies, SCHEMA, { principalArn: AGENT_SESSION, action: "refunds___process_refund", gatewayArn: OTHER_GATEWAY_ARN, input: { orderId: "o", amount: 1 } }, OWN),
            "DENY",
        );
    });

    it("lets a forbid win over a permit and names the determining policy", () => {
        const forbid = cedarPolicy().forbid().target("refunds").inputEquals("orderId", "o-blocked").toString();
        const both = [...policies, { name: "blocked_order", statement: forbid }];
        const request = { principalArn: AGENT_SESSION, action: "refunds___process_refund", gatewayArn: GATEWAY_ARN };
        assert.deepEqual(evaluateCedarDetailed(both, SCHEMA, { ...request, input: { orderId: "o-blocked", amount: 5 } }, OWN), {
            decision: "DENY",
            determiningPolicies: ["blocked_order"],
            errors: [],
        });
        assert.equal(evaluateCedar(both, SCHEMA, { ...request, input: { orderId: "o-2", amount: 5 } }, OWN), "ALLOW");
    });

    it("compares JSON numbers as Cedar decimals, truncated to four digits", () => {
        const deposit = cedarPolicy({ targets: TARGETS }).permit().tool("reservations", "create_reservation").inputLessThan("deposit", 100.5).toString();
        assert.match(deposit, /when \{ context\.input has deposit && context\.input\.deposit\.lessThan\(decimal\("100\.5"\)\) \}/);
        const run = (value: number) =>
            evaluateCedar([{ name: "deposit", statement: deposit }], SCHEMA, {
                principalArn: AGENT_SESSION,
                action: "reservations___create_reservation",
                gatewayArn: GATEWAY_ARN,
                input: { guests: 2, deposit: value },
            }, OWN);
        assert.equal(run(100.49999), "ALLOW");
        assert.equal(run(100.5), "DENY");
    });

    it("refuses to guess which gateway a placeholder stands for", () => {
        assert.throws(
            () => evaluateCedar(policies, SCHEMA, { principalArn: AGENT_SESSION, action: "refunds___process_refund", gatewayArn: GATEWAY_ARN, input: { orderId: "o", amount: 1 } }),
            (e: unknown) => e instanceof CedarEvaluationError && /contains \{\{agentcore-hub:gateway-arn\}\}: pass \{ policyGatewayArn \}/.test(e.message),
        );
    });

    it("throws with Cedar's message when the input does not match the tool's schema", () => {
        assert.throws(
            () => evaluateCedar(policies, SCHEMA, { principalArn: AGENT_SESSION, action: "refunds___process_refund", gatewayArn: GATEWAY_ARN, input: { orderId: "o", amount: 1, extra: true } }, OWN),
            (e: unknown) => e instanceof CedarEvaluationError && /record attribute `extra` should not exist according to the schema/.test(e.message),
        );
    });
});

describe("cedarPolicy builder", () => {
    it("renders the IAM role, tool, gateway placeholder and typed condition", () => {
        assert.equal(
            refundLimit(),
            [
                "permit (",
                "    principal is AgentCore::IamEntity,",
                '    action == AgentCore::Action::"refunds___process_refund",',
                `    resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}"`,
                ")",
                `when { principal.id == "arn:aws:sts::${ACCOUNT}:assumed-role/agent-role" || principal.id like "arn:aws:sts::${ACCOUNT}:assumed-role/agent-role/*" || principal.id == "arn:aws:iam::${ACCOUNT}:role/agent-role" }`,
                "when { context.input.amount < 1000 };",
            ].join("\n"),
        );
    });

    it("groups several tools with action in [...] and guards nested optional attributes", () => {
        const text = cedarPolicy({ targets: TARGETS })
            .permit()
            .principalIdLike(`arn:aws:sts::${ACCOUNT}:assumed-role/booking-*`)
            .tools("reservations", ["create_reservation"])
            .inputEquals("contact.vip", true)
            .gateway(GATEWAY_ARN)
            .toString();
        assert.match(text, /action == AgentCore::Action::"reservations___create_reservation"/);
        assert.match(text, /when \{ context\.input has contact && context\.input\.contact has vip && context\.input\.contact\.vip == true \}/);
        assert.deepEqual(check(text, "vip_bookings"), []);
    });

    it("escapes quotes and backslashes in literals and keeps * as the only wildcard", () => {
        const text = cedarPolicy().permit().principalIdLike('arn:aws:sts::1:assumed-role/a"b\\c/*').anyTool().toString();
        assert.match(text, /principal\.id like "arn:aws:sts::1:assumed-role\/a\\"b\\\\c\/\*"/);
    });

    it("refuses anyGateway() with named tools, as AgentCore would", () => {
        assert.throws(() => cedarPolicy().permit().tool("refunds", "process_refund").anyGateway().toString(), /requires a specific gateway ARN/);
    });

    it("refuses an input condition on an attribute the selected tool does not have", () => {
        assert.throws(
            () => cedarPolicy({ targets: TARGETS }).permit().tool("refunds", "process_refund").inputLessThan("guests", 3).toString(),
            /context\.input\.guests is not in the input schema of refunds___process_refund/,
        );
    });

    it("refuses invalid role names and account ids", () => {
        // Errors of chained calls surface when the statement is rendered (cedarPolicy() defers them).
        assert.throws(() => cedarPolicy().permit().principalIamRole({ accountId: "12345", roleName: "r" }).tool("refunds", "process_refund").toString(), /not a 12-digit AWS account id/);
        assert.throws(() => cedarPolicy().permit().principalIamRole({ accountId: ACCOUNT, roleName: "bad role" }).tool("refunds", "process_refund").toString(), /not a valid IAM role name/);
    });

    it("renderGatewayArn refuses anything but one gateway's ARN", () => {
        assert.throws(() => renderGatewayArn(refundLimit(), `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/*`), /is not the ARN of one gateway/);
        assert.ok(renderGatewayArn(refundLimit(), GATEWAY_ARN).includes(`AgentCore::Gateway::"${GATEWAY_ARN}"`));
    });
});

describe("AWS's AgentCore policy examples (awsCedarExamples.ts)", () => {
    for (const example of AWS_CEDAR_EXAMPLES) {
        it(`accepts "${example.title}" (${example.source})`, () => {
            const schema = buildAgentCoreCedarSchema(example.targets, example.principalTypes ? { principalTypes: example.principalTypes } : {});
            const problems = checkCedarPolicies([{ name: "aws_example", statement: example.statement, language: example.language }], schema, { gatewayArn: example.gatewayArn });
            assert.deepEqual(problems.map((p) => p.message), []);
            assert.equal(statementLanguage(example.statement), example.language);
            assert.equal(usesGuardrails(example.statement), example.usesGuardrails);
        });
    }

    it("refuses each form AWS says CreatePolicy rejects, with our message", () => {
        const schema = buildAgentCoreCedarSchema(INSURANCE_TARGETS);
        const messages = AWS_REJECTED_FORMS.map((f) => only(checkCedarPolicies([{ name: "rejected", statement: f.statement }], schema, { gatewayArn: INSURANCE_GATEWAY })).message);
        assert.deepEqual(messages, [
            'Cedar policy "rejected" (policies[0]) leaves the resource unconstrained (a bare `resource`); AgentCore refuses it at CreatePolicy: "a wildcard resource was detected".',
            'Cedar policy "rejected" (policies[0]) names specific actions (InsuranceAPI___get_contract) but not a specific gateway; AgentCore requires resource == AgentCore::Gateway::"<gateway ARN>" when a policy names actions.',
        ]);
    });

    it("refuses an unconstrained action with a resource form AWS does not accept", () => {
        const p = only(checkCedarPolicies([{ name: "p", statement: `forbid(principal, action, resource in AgentCore::Gateway::"${INSURANCE_GATEWAY}");` }], buildAgentCoreCedarSchema(INSURANCE_TARGETS), { gatewayArn: INSURANCE_GATEWAY }));
        assert.equal(p.message, 'Cedar policy "p" (policies[0]) covers every action but constrains the resource in a form AgentCore does not accept; with an unconstrained action the resource must be `resource is AgentCore::Gateway`.');
    });

    it("refuses a Dogwood statement under definition.cedar", () => {
        const guardrail = AWS_CEDAR_EXAMPLES.find((e) => e.usesGuardrails);
        assert.ok(guardrail);
        const p = only(checkCedarPolicies([{ name: "g", statement: guardrail.statement, language: "cedar" }], buildAgentCoreCedarSchema(guardrail.targets), { gatewayArn: guardrail.gatewayArn }));
        assert.equal(p.message, 'Cedar policy "g" (policies[0]) uses Dogwood (when guardrails), which only definition.policy.statement takes; definition.cedar.statement takes plain Cedar.');
    });

    it("still validates the Cedar part of a Dogwood statement (scope and plain clauses) and lists the rest", () => {
        const text = `${AWS_CEDAR_EXAMPLES.find((e) => e.language === "dogwood" && !e.usesGuardrails)?.statement.replace(/;$/, "")}\nwhen { context.input.amount < 5 };`;
        const p = only(checkCedarPolicies([{ name: "t", statement: text, language: "dogwood" }], buildAgentCoreCedarSchema(INSURANCE_TARGETS), { gatewayArn: INSURANCE_GATEWAY }));
        assert.match(p.message, /fails Cedar validation against the gateway's tool schema: attribute `input\.amount` in context for AgentCore::Action::"InsuranceAPI___disburse_payment" not found/);
        const alone = checkCedarPolicyAlone({ name: "t", statement: text, language: "dogwood" }, { gatewayArn: INSURANCE_GATEWAY });
        assert.equal(alone.unchecked?.length, 1);
        assert.match(alone.unchecked?.[0] ?? "", /^when temporal \{/);
    });
});

describe("a gateway ARN at a first preview (gatewayIdentity)", () => {
    const identity = { name: "hub", accountId: ACCOUNT, region: "us-east-1", partition: "aws" };
    const at = (arn: string, gatewayIdentity: typeof identity | { name: string }) =>
        checkCedarPoliciesByPolicy([{ name: "p", statement: scoped("refunds___process_refund").replace(GATEWAY_ARN_PLACEHOLDER, arn) }], SCHEMA, { gatewayIdentity });

    it("accepts an ARN that can be this gateway's, and decides it when every part is known", () => {
        const r = at(GATEWAY_ARN, identity);
        assert.deepEqual(r.perPolicy, [[]]);
        assert.deepEqual(r.undecidedGateways, [[]]);
    });

    it("refuses another gateway's name, account or Region", () => {
        assert.equal(
            only(at(`arn:aws:bedrock-agentcore:eu-west-1:999999999999:gateway/other-a1b2c3d4e5`, identity).perPolicy[0]).message,
            'Cedar policy "p" (policies[0]) names the gateway "arn:aws:bedrock-agentcore:eu-west-1:999999999999:gateway/other-a1b2c3d4e5", which cannot be this policy engine\'s gateway (Region eu-west-1, not us-east-1; account 999999999999, not 123456789012; gateway id other-a1b2c3d4e5, not hub-<10 characters>); the policy would never apply to it.',
        );
        // "hub-admin-…" starts with "hub-" but is another gateway's id.
        assert.match(only(at(`arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/hub-admin-a1b2c3d4e5`, identity).perPolicy[0]).message, /gateway id hub-admin-a1b2c3d4e5, not hub-<10 characters>/);
    });

    it("names what it cannot decide when only the name is known", () => {
        const r = at(GATEWAY_ARN, { name: "hub" });
        assert.deepEqual(r.perPolicy, [[]]);
        assert.deepEqual(r.undecidedGateways, [[GATEWAY_ARN]]);
    });
});

describe("usesGuardrails", () => {
    it("reads clauses, not text: a string that mentions a guardrail does not count", () => {
        assert.equal(usesGuardrails('permit(principal, action, resource is AgentCore::Gateway) when { context has x && "BedrockGuardrails::ContentFilter(" == "a" };'), false);
        assert.equal(usesGuardrails('forbid(principal, action, resource is AgentCore::Gateway) // when guardrails { }\n;'), false);
    });

    it("counts a guardrail call in a plain when clause (equivalent to when guardrails)", () => {
        assert.equal(usesGuardrails('forbid(principal, action, resource is AgentCore::Gateway) when { BedrockGuardrails::PromptAttack(["JAILBREAK"], ["$.prompt"])["JAILBREAK"].confidenceScore.greaterThan(decimal("0.4")) };'), true);
    });
});

describe("cedarPolicy builder: time, OAuth tags, guardrails", () => {
    it("writes AWS's time-based forms, which validate and evaluate on context.system.now", () => {
        const text = cedarPolicy().permit().principalIamRole({ accountId: ACCOUNT, roleName: "agent-role" }).tool("refunds", "process_refund").between("2025-01-01T00:00:00Z", new Date("2025-02-01T00:00:00Z")).duringHours(9, 17).toString();
        assert.match(text, /\nwhen \{ context\.system\.now >= datetime\("2025-01-01T00:00:00Z"\) && context\.system\.now < datetime\("2025-02-01T00:00:00Z"\) \}\nwhen \{ duration\("9h"\) <= context\.system\.now\.toTime\(\) && context\.system\.now\.toTime\(\) <= duration\("17h"\) \};$/);
        assert.deepEqual(check(text), []);
        const ask = (now: string) =>
            evaluateCedar([{ name: "hours", statement: text }], SCHEMA, { principalArn: AGENT_SESSION, action: "refunds___process_refund", gatewayArn: GATEWAY_ARN, input: { orderId: "o", amount: 1 }, now: new Date(now) }, { policyGatewayArn: GATEWAY_ARN });
        assert.equal(ask("2025-01-15T10:00:00Z"), "ALLOW");
        assert.equal(ask("2025-01-15T18:00:00Z"), "DENY");
        assert.equal(ask("2025-02-15T10:00:00Z"), "DENY");
        assert.throws(() => cedarPolicy().between("2025-01-01T00:00:00", "2025-02-01T00:00:00Z").toString(), /is not an instant with a time zone/);
        assert.throws(() => cedarPolicy().duringHours(22, 6).toString(), /a window across midnight is two policies/);
    });

    it("matches OAuth users by JWT claims (tags) and refuses mixing them with IAM callers", () => {
        const text = cedarPolicy().permit().principalTag("username", "refund-agent").principalTagLike("scope", "*refund:write*").tool("refunds", "process_refund").toString();
        assert.equal(
            text,
            [
                "permit (",
                "    principal is AgentCore::OAuthUser,",
                '    action == AgentCore::Action::"refunds___process_refund",',
                `    resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}"`,
                ")",
                'when { principal.hasTag("username") && principal.getTag("username") == "refund-agent" }',
                'when { principal.hasTag("scope") && principal.getTag("scope") like "*refund:write*" };',
            ].join("\n"),
        );
        assert.deepEqual(checkCedarPolicies([{ name: "oauth", statement: text }], buildAgentCoreCedarSchema(TARGETS, { principalTypes: ["OAuthUser"] }), { gatewayArn: GATEWAY_ARN }), []);
        assert.throws(() => cedarPolicy().principalTag("a", "b").principalAccount(ACCOUNT).toString(), /either IAM callers .* or OAuth users/);
    });

    it("writes a guardrail clause as AWS does; the statement is Dogwood and uses guardrails", () => {
        const b = cedarPolicy().forbid().tool("refunds", "process_refund").guardrail({ type: "ContentFilter", categories: ["VIOLENCE"], content: ["reason"], greaterThanOrEqual: 0.5 });
        const text = b.toString();
        assert.match(text, /\nwhen guardrails \{ BedrockGuardrails::ContentFilter\(\["VIOLENCE"\], \[context\.input\.reason\]\)\["VIOLENCE"\]\.confidenceScore\.greaterThanOrEqual\(decimal\("0\.5"\)\) \};$/);
        assert.equal(b.language(), "dogwood");
        assert.equal(usesGuardrails(text), true);
        assert.deepEqual(checkCedarPolicies([{ name: "g", statement: text, language: "dogwood" }], SCHEMA, { gatewayArn: GATEWAY_ARN }), []);
        const pii = cedarPolicy().forbid().tool("refunds", "process_refund").guardrail({ type: "SensitiveInformation", categories: ["US_SOCIAL_SECURITY_NUMBER"], content: ["$.reason"], greaterThan: 0.4 }).toString();
        assert.match(pii, /BedrockGuardrails::SensitiveInformation\(\["US_SOCIAL_SECURITY_NUMBER"\], \["\$\.reason"\]\)\.maxConfidenceScore\(\)\.greaterThan\(decimal\("0\.4"\)\)/);
        assert.equal(cedarPolicy().permit().anyTool().language(), "cedar");
    });
});
