import { strict as assert } from "node:assert";
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { GATEWAY_ARN_PLACEHOLDER, buildAgentCoreCedarSchema } from "../../invariants/cedar";
import { clearCedarCaches } from "../../invariants/cedar/cached";
import { sliceActionIds, sliceSchema } from "../../invariants/cedar/schemaSlice";
import { PolicyToValidate, validatePolicies } from "../../invariants/cedar/validateSliced";
import type { TargetTools } from "../../invariants/toolSchema";
import { AWS_CEDAR_EXAMPLES, INSURANCE_TARGETS } from "./awsCedarExamples";

/**
 * The sliced validation (invariants/cedar/schemaSlice.ts, validateSliced.ts) against Cedar's own
 * answer with the whole schema: every policy's findings are the same, message for message, and a
 * policy is clean against its slice exactly when it is clean against the whole schema.
 */

const G = `resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}"`;
const str = { type: "string" } as const;
const int = { type: "integer" } as const;

/** Two targets besides the insurance one, so that slices leave actions out. */
const TARGETS: TargetTools[] = [
    ...INSURANCE_TARGETS,
    {
        targetName: "refunds",
        tools: [
            { name: "process_refund", description: "", inputSchema: { type: "object", properties: { orderId: str, amount: int }, required: ["orderId", "amount"] } },
            { name: "get_order", description: "", inputSchema: { type: "object", properties: { orderId: str }, required: ["orderId"] } },
        ],
    },
    { targetName: "search", tools: [{ name: "find", description: "", inputSchema: { type: "object", properties: { q: str, limit: int } } }] },
];

/** Clean policies, type errors, impossible ones, unknown actions, and every scope form. */
const STATEMENTS: string[] = [
    `permit(principal is AgentCore::IamEntity, action == AgentCore::Action::"refunds___process_refund", ${G}) when { context.input.amount < 1000 };`,
    `permit(principal, action == AgentCore::Action::"refunds___process_refund", ${G}) when { context.input.amonut < 1000 };`,
    `permit(principal, action == AgentCore::Action::"refunds___process_refund", ${G}) when { context.input.orderId < 1000 };`,
    `permit(principal is AgentCore::OAuthUser, action == AgentCore::Action::"refunds___get_order", ${G});`,
    `permit(principal, action in AgentCore::Action::"refunds", ${G}) when { context.input.orderId like "A*" };`,
    `permit(principal, action in AgentCore::Action::"refunds", ${G}) when { context.input.amount > 5 };`,
    `permit(principal, action in [AgentCore::Action::"refunds___get_order", AgentCore::Action::"search___find"], ${G}) when { context.input has orderId };`,
    `permit(principal, action in [AgentCore::Action::"refunds", AgentCore::Action::"search"], ${G});`,
    `forbid(principal, action == AgentCore::Action::"search___find", ${G}) when { context.input has limit && context.input.limit > 100 };`,
    `forbid(principal, action == AgentCore::Action::"search___find", ${G}) when { context.input.limit > 100 };`,
    `permit(principal, action == AgentCore::Action::"search___find", ${G}) when { action == AgentCore::Action::"refunds___get_order" };`,
    `permit(principal, action == AgentCore::Action::"search___find", ${G}) when { action in AgentCore::Action::"refunds" };`,
    `permit(principal, action == AgentCore::Action::"search___find", ${G}) when { action in AgentCore::Action::"search" };`,
    `permit(principal, action == AgentCore::Action::"refunds___no_such_tool", ${G});`,
    `permit(principal, action == AgentCore::Action::"search___find", ${G}) when { action == AgentCore::Action::"nope" };`,
    `permit(principal, action == Action::"search___find", ${G});`,
    `permit(principal, action in AgentCore::Action::"CallTool", resource is AgentCore::Gateway) when { principal.id like "arn:aws:iam::1:*" };`,
    `permit(principal, action == AgentCore::Action::"refunds", ${G});`,
    `forbid(principal, action, resource) when { context.input.amount > 5 };`,
    `permit(principal is AgentCore::IamEntity, action == AgentCore::Action::"InsuranceAPI___file_claim", ${G}) when { context.input.amount > decimal("100.0") };`,
    `permit(principal is AgentCore::IamEntity, action == AgentCore::Action::"InsuranceAPI___file_claim", ${G}) when { context.input.amount > 100 };`,
    `permit(principal, action == AgentCore::Action::"InsuranceAPI___calculate_premium", ${G}) when { context.input.riskFactors.priorClaims < 3 };`,
    `permit(principal, action == AgentCore::Action::"InsuranceAPI___calculate_premium", ${G}) when { context.input has riskFactors && context.input.riskFactors has priorClaims && context.input.riskFactors.priorClaims < 3 };`,
    `permit(principal, action == AgentCore::Action::"refunds___get_order", resource is AgentCore::IamEntity);`,
    `permit(principal, action == AgentCore::Action::"refunds___get_order", ${G}) when { context.system.now > datetime("2026-01-01") };`,
];

function parsed(id: string, text: string): PolicyToValidate {
    const json = cedar.policyToJson(text);
    assert.equal(json.type, "success", `${id} parses: ${text}`);
    return { id, text, ast: (json as { json: cedar.PolicyJson }).json };
}

type Findings = Record<string, { errors: string[]; warnings: string[] }>;

/** Per policy id, Cedar's findings as JSON (message, help, source locations), sorted: Cedar's own order changes from call to call. */
function findings(answer: cedar.ValidationAnswer, ids: readonly string[]): Findings {
    assert.equal(answer.type, "success", JSON.stringify(answer));
    const a = answer as Extract<cedar.ValidationAnswer, { type: "success" }>;
    return Object.fromEntries(
        ids.map((id) => [
            id,
            {
                errors: a.validationErrors.filter((e) => e.policyId === id).map((e) => JSON.stringify(e.error)).sort(),
                warnings: a.validationWarnings.filter((e) => e.policyId === id).map((e) => JSON.stringify(e.error)).sort(),
            },
        ]),
    );
}

function wholeAnswer(schema: cedar.Schema, policies: readonly PolicyToValidate[]): cedar.ValidationAnswer {
    return cedar.validate({ schema, policies: { staticPolicies: Object.fromEntries(policies.map((p) => [p.id, p.text])) }, validationSettings: { mode: "strict" } });
}

function isClean(answer: cedar.ValidationAnswer): boolean {
    return answer.type === "success" && answer.validationErrors.length === 0 && answer.validationWarnings.length === 0;
}

describe("Cedar validation against schema slices", () => {
    const schema = buildAgentCoreCedarSchema(TARGETS);
    const policies = STATEMENTS.map((text, i) => parsed(`p${i}`, text));
    const ids = policies.map((p) => p.id);

    it("gives each policy exactly the findings one whole-schema call gives it", () => {
        const expected = findings(wholeAnswer(schema, policies), ids);
        assert.deepEqual(findings(validatePolicies(schema, policies, { mode: "strict" }), ids), expected);
        // The corpus exercises both outcomes.
        assert.ok(Object.values(expected).some((f) => f.errors.length > 0));
        assert.ok(Object.values(expected).some((f) => f.warnings.length > 0 && f.errors.length === 0));
        assert.ok(Object.values(expected).some((f) => f.errors.length === 0 && f.warnings.length === 0));
    });

    it("answers one policy's findings in one order, whatever order Cedar gave them in", () => {
        const noisy = policies.filter((p) => (findings(wholeAnswer(schema, [p]), [p.id])[p.id]?.errors.length ?? 0) > 1);
        assert.ok(noisy.length > 0);
        const orders = new Set<string>();
        for (let i = 0; i < 8; i++) {
            // Cached answers would hide the order Cedar gives: ask Cedar afresh each time.
            clearCedarCaches();
            orders.add(JSON.stringify((validatePolicies(schema, noisy, { mode: "strict" }) as { validationErrors: unknown }).validationErrors));
        }
        assert.equal(orders.size, 1);
    });

    it("finds a policy clean against its slice exactly when it is clean against the whole schema", () => {
        let sliced = 0;
        for (const policy of policies) {
            const kept = sliceActionIds(schema, policy.ast);
            if (kept === undefined) continue;
            sliced++;
            const alone = [policy];
            assert.equal(isClean(wholeAnswer(sliceSchema(schema, kept), alone)), isClean(wholeAnswer(schema, alone)), policy.text);
        }
        assert.ok(sliced >= STATEMENTS.length - 5, `most of the corpus is sliced (${sliced} of ${STATEMENTS.length})`);
    });

    it("keeps the named actions, those under them and the groups above; the whole schema for an unconstrained scope", () => {
        const ast = (text: string) => parsed("x", text).ast;
        assert.deepEqual(sliceActionIds(schema, ast(`permit(principal, action == AgentCore::Action::"refunds___get_order", ${G});`)), ["Mcp", "CallTool", "refunds", "refunds___get_order"]);
        assert.deepEqual(sliceActionIds(schema, ast(`permit(principal, action in AgentCore::Action::"search", ${G});`)), ["Mcp", "CallTool", "search", "search___find"]);
        assert.deepEqual(
            sliceActionIds(schema, ast(`permit(principal, action == AgentCore::Action::"search___find", ${G}) when { action == AgentCore::Action::"refunds___get_order" };`)),
            ["Mcp", "CallTool", "refunds", "refunds___get_order", "search", "search___find"],
        );
        assert.equal(sliceActionIds(schema, ast(`forbid(principal, action, resource);`)), undefined);
        assert.equal(sliceActionIds(schema, ast(`permit(principal, action == AgentCore::Action::"nope", ${G});`)), undefined);
        assert.equal(sliceActionIds(schema, ast(`permit(principal, action == Action::"search___find", ${G});`)), undefined);
    });

    for (const example of AWS_CEDAR_EXAMPLES.filter((e) => e.language === "cedar")) {
        it(`agrees with the whole schema on AWS's example "${example.title}"`, () => {
            const exampleSchema = buildAgentCoreCedarSchema(example.targets, example.principalTypes ? { principalTypes: example.principalTypes } : {});
            const policy = parsed("aws", example.statement);
            assert.deepEqual(findings(validatePolicies(exampleSchema, [policy], { mode: "strict" }), ["aws"]), findings(wholeAnswer(exampleSchema, [policy]), ["aws"]));
        });
    }
});
