import { strict as assert } from "node:assert";
import { LIMITS } from "../../invariants/limits";
import { Problem } from "../../invariants/problems";
import { TargetTools, ToolDefinition, checkTargetTools, checkToolDefinitions } from "../../invariants/toolSchema";

const ARG = "targets[0].tools";

function refundTool(): ToolDefinition {
    return {
        name: "process_refund",
        description: "Refund an order",
        inputSchema: {
            type: "object",
            properties: {
                orderId: { type: "string", description: "Order id" },
                amount: { type: "integer" },
                price: { type: "number" },
                express: { type: "boolean" },
                lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] } },
            },
            required: ["orderId", "amount"],
        },
        outputSchema: { type: "object", properties: { refundId: { type: "string" } } },
    };
}

/** A tool definition as raw JSON, the way a hand-written program may pass it to the pack. */
function raw(tool: unknown): ToolDefinition {
    return tool as ToolDefinition;
}

function only(problems: Problem[]): Problem {
    assert.equal(problems.length, 1, `expected exactly one problem, got:\n${problems.map((p) => p.message).join("\n")}`);
    return problems[0];
}

describe("checkToolDefinitions", () => {
    it("accepts well-formed tools of every supported type", () => {
        assert.deepEqual(checkToolDefinitions("refunds", [refundTool(), { ...refundTool(), name: "get-refund" }], ARG), []);
    });

    it("reports ajv's meta-schema error for a type that is not a JSON Schema type", () => {
        const tool = refundTool();
        const p = only(checkToolDefinitions("refunds", [raw({ ...tool, inputSchema: { type: "object", properties: { amount: { type: "float" } } } })], ARG));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /^targets\[0\]\.tools\[0\]\.inputSchema is not a valid JSON Schema \(draft-07 meta-schema, checked by ajv\)/);
        assert.match(p.message, /targets\[0\]\.tools\[0\]\.inputSchema\.properties\.amount\.type = "float" must be equal to one of the allowed values/);
    });

    it("rejects the JSON type null, which AgentCore does not support", () => {
        const p = only(checkToolDefinitions("refunds", [raw({ ...refundTool(), inputSchema: { type: "object", properties: { note: { type: "null" } } } })], ARG));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /^targets\[0\]\.tools\[0\]\.inputSchema\.properties\.note\.type = "null" is not a JSON type AgentCore supports/);
    });

    it("requires the top-level input schema to be an object", () => {
        const p = only(checkToolDefinitions("refunds", [raw({ ...refundTool(), inputSchema: { type: "string" } })], ARG));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /targets\[0\]\.tools\[0\]\.inputSchema\.type = "string": the top level of a tool schema must be "object"/);
    });

    it("reports a keyword AgentCore's schema does not accept, by path and value", () => {
        const p = only(
            checkToolDefinitions("refunds", [raw({ ...refundTool(), inputSchema: { type: "object", properties: { currency: { type: "string", enum: ["EUR"] } } } })], ARG),
        );
        assert.equal(p.invariant, "I12");
        assert.match(p.message, /^targets\[0\]\.tools\[0\]\.inputSchema\.properties\.currency\.enum = \["EUR"\]: "enum" is not part of AgentCore's tool schema/);
    });

    it("requires items on arrays (Cedar needs the Set's element type)", () => {
        const p = only(checkToolDefinitions("refunds", [raw({ ...refundTool(), inputSchema: { type: "object", properties: { tags: { type: "array" } } } })], ARG));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /targets\[0\]\.tools\[0\]\.inputSchema\.properties\.tags is an array without items/);
    });

    it("rejects required names that are not declared properties", () => {
        const p = only(checkToolDefinitions("refunds", [raw({ ...refundTool(), inputSchema: { type: "object", properties: {}, required: ["amount"] } })], ARG));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /inputSchema\.required names "amount", which is not in targets\[0\]\.tools\[0\]\.inputSchema\.properties/);
    });

    it("rejects a tool name containing the ___ separator, naming the Cedar action it would produce", () => {
        const p = only(checkToolDefinitions("refunds", [{ ...refundTool(), name: "process___refund" }], ARG));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /^targets\[0\]\.tools\[0\]\.name = "process___refund" is not a valid tool name/);
        assert.match(p.message, /AgentCore::Action::"refunds___process___refund"/);
    });

    it("rejects duplicate tool names in one target", () => {
        const p = only(checkToolDefinitions("refunds", [refundTool(), refundTool()], ARG));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /^targets\[0\]\.tools\[1\]\.name = "process_refund" duplicates targets\[0\]\.tools\[0\]\.name/);
    });

    it("requires a non-empty description", () => {
        const p = only(checkToolDefinitions("refunds", [{ ...refundTool(), description: "  " }], ARG));
        assert.equal(p.invariant, "I12");
        assert.match(p.message, /^targets\[0\]\.tools\[0\]\.description = " {2}" is empty/);
    });

    it("checks the output schema as a deploy (I12) problem", () => {
        const p = only(checkToolDefinitions("refunds", [raw({ ...refundTool(), outputSchema: { type: "array", items: { type: "string" } } })], ARG));
        assert.equal(p.invariant, "I12");
        assert.match(p.message, /targets\[0\]\.tools\[0\]\.outputSchema\.type = "array": the top level of a tool schema must be "object"/);
    });

    it(`allows at most ${LIMITS.toolsPerTarget} tools per target`, () => {
        const tools = Array.from({ length: LIMITS.toolsPerTarget + 1 }, (_, i) => ({ ...refundTool(), name: `tool${i}` }));
        const p = only(checkToolDefinitions("refunds", tools, ARG));
        assert.equal(p.invariant, "I12");
        assert.match(p.message, /declares 1001 tools; AgentCore allows at most 1000 tools per target/);
    });
});

describe("checkTargetTools", () => {
    const target = (targetName: string): TargetTools => ({ targetName, tools: [refundTool()] });

    it("accepts distinct, valid target names", () => {
        assert.deepEqual(checkTargetTools([target("refunds"), target("reservations")], "targets"), []);
    });

    it("rejects a target name with underscores (it would break <target>___<tool>)", () => {
        const p = only(checkTargetTools([target("refund_api")], "targets"));
        assert.equal(p.invariant, "I10");
        assert.match(p.message, /^targets\[0\]\.targetName = "refund_api" is not a valid target name/);
    });

    it("rejects a target named like a Cedar action group", () => {
        const p = only(checkTargetTools([target("CallTool")], "targets"));
        assert.match(p.message, /collides with the Cedar action group AgentCore::Action::"CallTool"/);
    });

    it("rejects duplicate target names and prefixes tool paths with the target's index", () => {
        const problems = checkTargetTools([target("refunds"), { targetName: "refunds", tools: [{ ...refundTool(), description: "" }] }], "targets");
        assert.equal(problems.length, 2);
        assert.match(problems[0].message, /^targets\[1\]\.targetName = "refunds" duplicates targets\[0\]\.targetName/);
        assert.match(problems[1].message, /^targets\[1\]\.tools\[0\]\.description = "" is empty/);
    });
});
