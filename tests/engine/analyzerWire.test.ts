import { strict as assert } from "node:assert";
import * as path from "node:path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzeRequest, analyzeStackRequest, indexByUrn } from "../../checker/engine/analyzerRequests";
import { analyzeRequestBytes, analyzeStackRequestBytes } from "../../checker/engine/analyzerWire";
import { runProgramFile } from "../../checker/engine/programFile";
import { structBytes } from "../../checker/engine/structWire";
import type { CapturedResource } from "../../checker/engine/types";

/**
 * The Analyzer requests the checker writes as bytes (analyzerWire.ts, structWire.ts) are the
 * bytes google-protobuf serializes from the request messages, on every resource of the
 * reference example and the M bench, in both engine modes, and on values at the edges of the
 * Struct format.
 */

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("Analyzer requests as bytes", () => {
    it("writes each Struct value as google-protobuf does", () => {
        const values: Record<string, unknown>[] = [
            {},
            { a: null, b: true, c: false, d: 0, e: -0, f: 1.5, g: -3, h: 1e300, i: Number.MAX_SAFE_INTEGER, j: Number.MIN_VALUE },
            { lone: "\ud800", trail: "a\udc00b", pair: "\ud83d\ude80" },
            { s: "", t: "plain", u: "ünïcødé 🚀 中文", v: "\u0000\n\"'\\", w: "x".repeat(300) },
            { list: [], nested: [[1, [2, [3]]], { k: [null, "a", { z: 1, a: 2 }] }], deep: { a: { b: { c: { d: { e: "f" } } } } } },
            { "10": 1, "2": 2, b: 3, a: 4, B: 5, _: 6, "": 7, é: 8, "__defaults": [] },
            { big: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, { v: i, s: "y".repeat(i) }])) },
        ];
        for (const value of values) assert.equal(hex(structBytes(value)), hex(Struct.fromJavaScript(value as never).serializeBinary()), JSON.stringify(value).slice(0, 80));
    });

    it("refuses what Struct.fromJavaScript refuses", () => {
        assert.throws(() => Struct.fromJavaScript({ u: undefined } as never), /Unexpected struct type/);
        assert.throws(() => structBytes({ u: undefined }), /Unexpected struct type/);
    });

    for (const [label, dir, stack] of [
        ["the reference example", path.join(__dirname, "../../examples/hub-and-spoke"), "dev"],
        ["the M bench", path.join(__dirname, "../../bench/programs/m"), "dev"],
    ] as const) {
        for (const mode of ["preview", "update"] as const) {
            it(`writes Analyze and AnalyzeStack for ${label} (${mode}) byte for byte`, async () => {
                const { resources } = await runProgramFile(dir, { mode, stack });
                const byUrn = indexByUrn(resources);
                const analyzed = resources.filter((r: CapturedResource) => r.origin !== "read");
                assert.ok(analyzed.length > 30);
                for (const r of analyzed) assert.equal(hex(analyzeRequestBytes(r, byUrn)), hex(analyzeRequest(r, byUrn).serializeBinary()), r.urn);
                const ours = analyzeStackRequestBytes(analyzed);
                assert.equal(hex(ours), hex(analyzeStackRequest(analyzed).serializeBinary()));
                // And the pack reads them back as the same message.
                assert.deepEqual(analyzerpb.AnalyzeStackRequest.deserializeBinary(ours).toObject(), analyzeStackRequest(analyzed).toObject());
            });
        }
    }
});
