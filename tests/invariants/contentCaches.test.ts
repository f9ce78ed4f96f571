import { strict as assert } from "node:assert";
import Ajv from "ajv";
import { buildAgentCoreCedarSchema, checkCedarPolicies } from "../../invariants/cedar";
import { cedarCacheStats, clearCedarCaches, policyToJson, validate } from "../../invariants/cedar/cached";
import { ajvCacheStats, compileCached, metaSchemaErrors } from "../../invariants/ajvCache";
import { ContentCache } from "../../invariants/contentCache";
import { checkTargetTools, TargetTools } from "../../invariants/toolSchema";
import { schemaErrors, schemaProblems } from "../../checker/engine/policyConfigSchema";

const GATEWAY_ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/hub-a1b2c3d4e5";

function targets(amountType: "integer" | "string"): TargetTools[] {
    return [{ targetName: "refunds", tools: [{ name: "process_refund", description: "Refund an order", inputSchema: { type: "object", properties: { orderId: { type: "string" }, amount: { type: amountType } }, required: ["orderId", "amount"] } }] }];
}

const policy = (condition: string) => ({
    name: "refund_limit",
    statement: `permit(principal, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { ${condition} };`,
});

describe("content caches", () => {
    describe("Cedar (policies text + schema hash)", () => {
        beforeEach(clearCedarCaches);

        it("a hit returns the same verdict, without asking Cedar again", () => {
            const schema = buildAgentCoreCedarSchema(targets("integer"));
            const first = checkCedarPolicies([policy("context.input.amount < 1000")], schema, { gatewayArn: GATEWAY_ARN });
            const missesAfterFirst = cedarCacheStats().validations.misses;
            // A schema built afresh from the same tools: equal content, another object.
            const second = checkCedarPolicies([policy("context.input.amount < 1000")], buildAgentCoreCedarSchema(targets("integer")), { gatewayArn: GATEWAY_ARN });
            assert.deepEqual(first, []);
            assert.deepEqual(second, first);
            assert.equal(missesAfterFirst, 1);
            assert.deepEqual(cedarCacheStats().validations, { hits: 1, misses: 1, size: 1 });
        });

        it("a failing verdict is kept as it is: the same problems on a hit", () => {
            const schema = buildAgentCoreCedarSchema(targets("integer"));
            const bad = [policy('context.input.amount like "x"')];
            const first = checkCedarPolicies(bad, schema, { gatewayArn: GATEWAY_ARN });
            const second = checkCedarPolicies(bad, schema, { gatewayArn: GATEWAY_ARN });
            assert.equal(first.length, 1);
            assert.match(first[0].message, /fails Cedar validation against the gateway's tool schema: unexpected type: expected String but saw Long/);
            assert.deepEqual(second, first);
            assert.equal(cedarCacheStats().validations.hits, 1);
        });

        it("a change of the policy text misses, and Cedar's new verdict is returned", () => {
            const schema = buildAgentCoreCedarSchema(targets("integer"));
            assert.deepEqual(checkCedarPolicies([policy("context.input.amount < 1000")], schema, { gatewayArn: GATEWAY_ARN }), []);
            const changed = checkCedarPolicies([policy('context.input.amount like "x"')], schema, { gatewayArn: GATEWAY_ARN });
            assert.equal(changed.length, 1);
            assert.deepEqual(cedarCacheStats().validations, { hits: 0, misses: 2, size: 2 });
        });

        it("a change of the schema misses: the same policy fails against the new tool types", () => {
            const text = [policy("context.input.amount < 1000")];
            assert.deepEqual(checkCedarPolicies(text, buildAgentCoreCedarSchema(targets("integer")), { gatewayArn: GATEWAY_ARN }), []);
            const changed = checkCedarPolicies(text, buildAgentCoreCedarSchema(targets("string")), { gatewayArn: GATEWAY_ARN });
            assert.equal(changed.length, 1);
            assert.match(changed[0].message, /fails Cedar validation/);
            assert.equal(cedarCacheStats().validations.misses, 2);
            assert.equal(cedarCacheStats().validations.hits, 0);
        });

        it("a cached answer is frozen, so no caller can change it for the next", () => {
            const answer = policyToJson(policy("true").statement);
            assert.equal(answer.type, "success");
            assert.throws(() => {
                (answer as { type: string }).type = "failure";
            }, TypeError);
            assert.equal(policyToJson(policy("true").statement), answer);
        });

        it("validate keys on the policy ids too: the same text under another id is another question", () => {
            const schema = buildAgentCoreCedarSchema(targets("integer"));
            const text = policy('context.input.amount like "x"').statement;
            const a = validate({ schema, policies: { staticPolicies: { a: text } }, validationSettings: { mode: "strict" } });
            const b = validate({ schema, policies: { staticPolicies: { b: text } }, validationSettings: { mode: "strict" } });
            assert.ok(a.type === "success" && b.type === "success");
            assert.deepEqual(a.validationErrors.map((e) => e.policyId), ["a"]);
            assert.deepEqual(b.validationErrors.map((e) => e.policyId), ["b"]);
        });
    });

    describe("ajv (schema text)", () => {
        it("compiles one schema text once per ajv instance; the hit validates as the original", () => {
            const ajv = new Ajv({ allErrors: true, strict: true });
            const schema = () => ({ type: "object", properties: { amount: { type: "integer" } }, required: ["amount"] });
            const first = compileCached(ajv, schema());
            const second = compileCached(ajv, schema());
            assert.equal(second, first);
            assert.equal(second({ amount: 1 }), true);
            assert.equal(second({ amount: "1" }), false);
            assert.deepEqual(ajvCacheStats(ajv).compile, { hits: 1, misses: 1 });
            const changed = compileCached(ajv, { type: "object", properties: { amount: { type: "string" } }, required: ["amount"] });
            assert.notEqual(changed, first);
            assert.equal(changed({ amount: "1" }), true);
            assert.deepEqual(ajvCacheStats(ajv).compile, { hits: 1, misses: 2 });
        });

        it("keeps a compile error as the verdict for that text, and a fixed text misses", () => {
            const ajv = new Ajv({ strict: true });
            const bad = { type: "object", required: ["x"] };
            const message = (() => {
                try {
                    compileCached(ajv, bad);
                } catch (e) {
                    return (e as Error).message;
                }
                return undefined;
            })();
            assert.match(message ?? "", /required property "x" is not defined/);
            assert.throws(() => compileCached(ajv, { ...bad }), { message });
            assert.deepEqual(ajvCacheStats(ajv).compile, { hits: 1, misses: 1 });
            assert.equal(typeof compileCached(ajv, { type: "object", properties: { x: { type: "string" } }, required: ["x"] }), "function");
            assert.equal(metaSchemaErrors(ajv, { type: "nope" }).length > 0, true);
            assert.equal(metaSchemaErrors(ajv, { type: "nope" }).length > 0, true);
            assert.deepEqual(ajvCacheStats(ajv).meta, { hits: 1, misses: 1 });
        });

        it("tool schemas: the same verdicts on a hit and after a change", () => {
            const good = checkTargetTools(targets("integer"), "targets");
            assert.deepEqual(checkTargetTools(targets("integer"), "targets"), good);
            const broken: TargetTools[] = [{ targetName: "refunds", tools: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object", properties: { orderId: { type: "string" } }, required: ["amount"] } }] }];
            const once = checkTargetTools(broken, "targets");
            assert.ok(once.some((p) => /required/.test(p.message)), JSON.stringify(once));
            assert.deepEqual(checkTargetTools(broken, "targets"), once);
        });

        it("policy config schemas: errors and strict verdicts are the same on a hit", () => {
            const schema = { type: "object", properties: { level: { type: "string", enum: ["a", "b"] } } };
            assert.deepEqual(schemaErrors(schema, { level: "c" }), schemaErrors({ ...schema }, { level: "c" }));
            assert.equal(schemaErrors(schema, { level: "c" }).length, 1);
            assert.deepEqual(schemaErrors(schema, { level: "a" }), []);
            const strictBad = { type: "object", required: ["x"] };
            assert.equal(schemaProblems(strictBad).length, 1);
            assert.deepEqual(schemaProblems({ ...strictBad }), schemaProblems(strictBad));
            assert.deepEqual(schemaProblems(schema), []);
        });
    });

    it("ContentCache is bounded: the oldest entry goes first", () => {
        const cache = new ContentCache<number>(2);
        let computed = 0;
        const get = (k: string) => cache.get(k, () => ++computed);
        get("a");
        get("b");
        get("c");
        assert.equal(cache.stats().size, 2);
        get("a");
        assert.equal(computed, 4, "a was evicted and computed again");
        get("c");
        assert.equal(computed, 4, "c is still there");
    });
});
