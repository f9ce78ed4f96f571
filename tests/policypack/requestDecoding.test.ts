import { strict as assert } from "node:assert";
import * as path from "node:path";
import { types } from "node:util";
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { indexByUrn } from "../../checker/engine/analyzerRequests";
import { analyzeRequestBytes, analyzeStackRequestBytes } from "../../checker/engine/analyzerWire";
import { runProgramFile } from "../../checker/engine/programFile";
import type { CapturedResource } from "../../checker/engine/types";
import { PolicyHandler, analyzeHandler, analyzeStackHandler, callHandler } from "./support/policyServer";
import { Classes, installRequestDecoding, probeFields, requestDecodingStats } from "../../policypack/wire/requestDecoding";
import { BinaryReader } from "google-protobuf";
import { UndecidedStructError, decodeStruct } from "../../policypack/wire/structDecoding";

/**
 * The pack decodes the engine's requests with the properties read straight to JavaScript
 * (policypack/wire/): what the policies see must be what google-protobuf's decoding gives them,
 * for the bytes the engine sends and for bytes it could send.
 */

/** JSON with key order, -0 and prototypes kept: two values print alike only when they are alike. */
function exact(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) => {
        if (Object.is(v, -0)) return "-0";
        if (typeof v === "number" && !Number.isFinite(v)) return String(v);
        if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) {
            return { "(prototype)": Object.getOwnPropertyNames(Object.getPrototypeOf(v)), ...v };
        }
        return v;
    });
}

function jspbJs(bytes: Uint8Array): unknown {
    return Struct.deserializeBinary(bytes).toJavaScript();
}

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function generator(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}

const KEYS = ["a", "b", "Z", "10", "2", "", "é", "中文", "🚀", "__defaults", "constructor", "toString", "hasOwnProperty", "x y", "4dabf18193072939515e22adb298388d"];
const STRINGS = ["", "plain", "ünïcødé 🚀 中文", "\u0000\n\"'\\", "x".repeat(300), "arn:aws:iam::123456789012:role/r", '{"Version":"2012-10-17"}'];
const NUMBERS = [0, -0, 1, -1, 1.5, 1e300, -1e-300, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

function randomValue(next: () => number, depth: number): unknown {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
    if (kind === 0) return null;
    if (kind === 1) return pick(NUMBERS);
    if (kind === 2) return pick(STRINGS);
    if (kind === 3) return next() < 0.5;
    if (kind === 4) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(KEYS), randomValue(next, depth + 1)]));
}

// Wire pieces, for bytes google-protobuf's serializer never writes (unsorted keys, repeats, unknown fields).
function varint(n: number): Buffer {
    const out: number[] = [];
    while (n >= 0x80) {
        out.push((n & 0x7f) | 0x80);
        n = Math.floor(n / 0x80);
    }
    out.push(n);
    return Buffer.from(out);
}
const field = (n: number, payload: Buffer) => Buffer.concat([varint((n << 3) | 2), varint(payload.length), payload]);
const str = (s: string) => Buffer.from(s, "utf8");
const stringValue = (s: string) => field(3, str(s));
const entry = (key: Buffer | undefined, value: Buffer | undefined) => field(1, Buffer.concat([key === undefined ? Buffer.alloc(0) : field(1, key), value === undefined ? Buffer.alloc(0) : field(2, value)]));
const structValue = (struct: Buffer) => field(5, struct);

describe("pack: analyzer requests decoded with the properties read straight to JavaScript", function () {
    this.timeout(600_000);

    it("reads a Struct as google-protobuf does, on values at the edges and on 500 random ones", () => {
        const values: unknown[] = [
            {},
            { a: null, b: true, c: false, d: 0, e: -0, f: 1.5, g: -3, h: 1e300, i: Number.MAX_SAFE_INTEGER, j: Number.MIN_VALUE, k: Number.NaN, l: Number.NEGATIVE_INFINITY },
            { s: "", t: "plain", u: "ünïcødé 🚀 中文", v: "\u0000\n\"'\\", w: "x".repeat(70_000) },
            { list: [], nested: [[1, [2, [3]]], { k: [null, "a", { z: 1, a: 2 }] }], deep: { a: { b: { c: { d: { e: "f" } } } } } },
            { "10": 1, "2": 2, b: 3, a: 4, B: 5, _: 6, "": 7, é: 8, __defaults: [] },
            { big: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, { v: i, s: "y".repeat(i) }])) },
        ];
        const next = generator(13);
        for (let i = 0; i < 500; i++) values.push(Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 6) }, () => [KEYS[Math.floor(next() * KEYS.length)], randomValue(next, 0)])));
        for (const [i, value] of values.entries()) {
            const bytes = Struct.fromJavaScript(value as never).serializeBinary();
            assert.equal(exact(decodeStruct(bytes)), exact(jspbJs(bytes)), `value ${i}`);
        }
    });

    it("reads bytes google-protobuf never writes as google-protobuf reads them: unsorted and repeated keys, __proto__, a kind set twice, unknown fields", () => {
        const unknownVarint = Buffer.from([0x38, 0x05]); // field 7, varint
        const cases: Buffer[] = [
            Buffer.concat([entry(str("b"), stringValue("1")), entry(str("a"), stringValue("2")), entry(str("b"), stringValue("3"))]),
            entry(str("__proto__"), structValue(entry(str("polluted"), stringValue("yes")))),
            Buffer.concat([entry(str("__proto__"), stringValue("x")), entry(str("k"), stringValue("v"))]),
            entry(undefined, stringValue("no key")),
            entry(str("twice"), Buffer.concat([stringValue("first"), Buffer.from([0x20, 0x01])])),
            entry(str("lists"), Buffer.concat([field(6, field(1, stringValue("a"))), field(6, field(1, stringValue("b")))])),
            entry(str("structs"), Buffer.concat([structValue(entry(str("x"), stringValue("1"))), structValue(entry(str("y"), stringValue("2")))])),
            Buffer.concat([unknownVarint, entry(str("k"), Buffer.concat([stringValue("v"), unknownVarint])), field(9, str("ignored"))]),
            entry(str("null"), Buffer.from([0x08, 0x03])),
        ];
        for (const [i, bytes] of cases.entries()) assert.equal(exact(decodeStruct(bytes)), exact(jspbJs(bytes)), `case ${i}`);
        // The cases are real edges: google-protobuf's own answers.
        assert.equal(exact(jspbJs(cases[0])), exact({ a: "2", b: "3" }));
        assert.equal(exact(jspbJs(cases[1])), "{}");
    });

    it("leaves to google-protobuf what it cannot decide: no kind, no value, another wire type, a length past the end, bytes that are not UTF-8", () => {
        const cases: [string, Buffer][] = [
            ["a Value with no kind", entry(str("k"), Buffer.alloc(0))],
            ["an entry with no value", entry(str("k"), undefined)],
            ["number_value as a varint", entry(str("k"), Buffer.from([0x10, 0x01]))],
            ["a length past the end", Buffer.from([0x0a, 0x10, 0x0a, 0x01])],
            ["bytes that are not UTF-8", entry(str("k"), field(3, Buffer.from([0xff, 0xfe])))],
            ["a truncated double", entry(str("k"), Buffer.from([0x11, 0x00, 0x00]))],
        ];
        for (const [what, bytes] of cases) assert.throws(() => decodeStruct(bytes), UndecidedStructError, what);
    });

    describe("the pack's request decoders", () => {
        let resources: { label: string; analyzed: CapturedResource[]; byUrn: Map<string, CapturedResource> }[];
        before(async () => {
            assert.deepEqual(installRequestDecoding(), { installed: true });
            resources = [];
            for (const [label, dir] of [
                ["the reference example", path.join(__dirname, "../../examples/hub-and-spoke")],
                ["the M bench", path.join(__dirname, "../../bench/programs/m")],
            ] as const) {
                const captured = (await runProgramFile(dir, { mode: "preview", stack: "dev" })).resources;
                resources.push({ label, analyzed: captured.filter((r) => r.origin !== "read"), byUrn: indexByUrn(captured) });
            }
        });

        const analyzeDecoder = () => (AnalyzerService.analyze as unknown as { requestDeserialize(b: Buffer): analyzerpb.AnalyzeRequest }).requestDeserialize;
        const stackDecoder = () => (AnalyzerService.analyzeStack as unknown as { requestDeserialize(b: Buffer): analyzerpb.AnalyzeStackRequest }).requestDeserialize;

        type Resource = analyzerpb.AnalyzeRequest | analyzerpb.AnalyzerResource;
        /** Everything @pulumi/policy reads of a resource (server.js getResourceOptions, getProviderResource, makeAnalyzeRpcFun, makeAnalyzeStackRpcFun). */
        function seen(r: Resource): unknown {
            const provider = r.getProvider();
            const stack = r instanceof analyzerpb.AnalyzerResource ? { parent: r.getParent(), dependencies: r.getDependenciesList(), propertyDependencies: [...r.getPropertydependenciesMap().entries()].map(([k, v]) => [k, v.getUrnsList()]) } : {};
            return {
                type: r.getType(),
                urn: r.getUrn(),
                name: r.getName(),
                hasProperties: r.hasProperties(),
                properties: r.getProperties()?.toJavaScript(),
                options: r.getOptions()?.toObject(),
                provider: provider && { type: provider.getType(), urn: provider.getUrn(), name: provider.getName(), properties: provider.getProperties()?.toJavaScript() },
                ...stack,
            };
        }

        it("decodes every Analyze and AnalyzeStack request of the reference example and M as google-protobuf does, and none falls back", () => {
            const before = requestDecodingStats();
            let requests = 0;
            for (const { label, analyzed, byUrn } of resources) {
                assert.ok(analyzed.length > 30, label);
                for (const r of analyzed) {
                    const bytes = analyzeRequestBytes(r, byUrn);
                    assert.equal(exact(seen(analyzeDecoder()(bytes))), exact(seen(analyzerpb.AnalyzeRequest.deserializeBinary(bytes))), `${label}: ${r.urn}`);
                    requests++;
                }
                const bytes = analyzeStackRequestBytes(analyzed);
                const ours = stackDecoder()(bytes).getResourcesList();
                const theirs = analyzerpb.AnalyzeStackRequest.deserializeBinary(bytes).getResourcesList();
                assert.equal(ours.length, theirs.length);
                ours.forEach((r, i) => assert.equal(exact(seen(r)), exact(seen(theirs[i])), `${label}: AnalyzeStack ${theirs[i].getUrn()}`));
                requests++;
            }
            const after = requestDecodingStats();
            assert.equal(after.decoded - before.decoded, requests);
            assert.equal(after.fallback, before.fallback);
        });

        it("is google-protobuf's own message for anything but its getters: serializeBinary, toObject, setters, cloneMessage", () => {
            const { analyzed, byUrn } = resources[0];
            const withProvider = analyzed.find((r) => r.provider !== undefined) as CapturedResource;
            const bytes = analyzeRequestBytes(withProvider, byUrn);
            const theirs = () => analyzerpb.AnalyzeRequest.deserializeBinary(bytes);
            assert.deepEqual([...analyzeDecoder()(bytes).serializeBinary()], [...bytes]);
            assert.deepEqual(analyzeDecoder()(bytes).toObject(), theirs().toObject());
            assert.deepEqual(analyzeDecoder()(bytes).cloneMessage().toObject(), theirs().toObject());
            // Object's own names are the message's too.
            const viewed = analyzeDecoder()(bytes);
            assert.equal(viewed.constructor, analyzerpb.AnalyzeRequest);
            assert.equal(viewed.getProvider()?.constructor, analyzerpb.AnalyzerProviderResource);
            assert.equal(viewed.toString(), theirs().toString());
            // The provider alone, then its request.
            const ours = analyzeDecoder()(bytes);
            assert.deepEqual(ours.getProvider()?.toObject(), theirs().getProvider()?.toObject());
            assert.deepEqual([...ours.serializeBinary()], [...bytes]);
            // A change is the message's, seen by every read after it.
            const changed = analyzeDecoder()(bytes);
            changed.setType("aws:iam/role:Role");
            changed.getProperties()?.getFieldsMap().set("added", Value.fromJavaScript("yes"));
            const expected = theirs();
            expected.setType("aws:iam/role:Role");
            expected.getProperties()?.getFieldsMap().set("added", Value.fromJavaScript("yes"));
            assert.equal(exact(seen(changed)), exact(seen(expected)));
            assert.deepEqual([...changed.serializeBinary()], [...expected.serializeBinary()]);
            // And the stack request.
            const stackBytes = analyzeStackRequestBytes(analyzed);
            assert.deepEqual([...stackDecoder()(stackBytes).serializeBinary()], [...stackBytes]);
            assert.deepEqual(stackDecoder()(stackBytes).toObject(), analyzerpb.AnalyzeStackRequest.deserializeBinary(stackBytes).toObject());
        });

        it("answers toJavaScript with a new object at every call, as google-protobuf does", () => {
            const { analyzed, byUrn } = resources[0];
            const request = analyzeDecoder()(analyzeRequestBytes(analyzed[1], byUrn));
            const first = request.getProperties()?.toJavaScript() as Record<string, unknown>;
            const second = request.getProperties()?.toJavaScript();
            assert.notEqual(first, second);
            assert.equal(exact(first), exact(second));
            first.mutated = true;
            assert.equal(exact(request.getProperties()?.toJavaScript()), exact(second));
        });

        it("falls back to google-protobuf's decoder for bytes it cannot decide, which then fail where google-protobuf's fail", () => {
            const request = new analyzerpb.AnalyzeRequest();
            request.setType("aws:iam/role:Role");
            const undecidable = Buffer.concat([Buffer.from(request.serializeBinary()), field(2, entry(str("k"), Buffer.alloc(0)))]);
            const before = requestDecodingStats();
            const decoded = analyzeDecoder()(undecidable);
            assert.equal(requestDecodingStats().fallback - before.fallback, 1);
            // google-protobuf's own messages, not views of bytes.
            assert.ok(!types.isProxy(decoded) && !types.isProxy(decoded.getProperties()));
            assert.throws(() => decoded.getProperties()?.toJavaScript(), /Unexpected struct type/);
            assert.throws(() => analyzerpb.AnalyzeRequest.deserializeBinary(undecidable).getProperties()?.toJavaScript(), /Unexpected struct type/);
        });

        it("gives the pack's policies the verdicts google-protobuf's decoding gives them, over @pulumi/policy's own handlers", async () => {
            const run = async (handler: PolicyHandler, request: unknown) => exact((await callHandler(handler, request)).toObject());
            const analyze = analyzeHandler;
            const analyzeStack = analyzeStackHandler;
            const { analyzed, byUrn } = resources[0];
            for (const r of analyzed) {
                const bytes = analyzeRequestBytes(r, byUrn);
                assert.equal(await run(analyze, analyzeDecoder()(bytes)), await run(analyze, analyzerpb.AnalyzeRequest.deserializeBinary(bytes)), r.urn);
            }
            const stackBytes = analyzeStackRequestBytes(analyzed);
            const verdicts = await run(analyzeStack, stackDecoder()(stackBytes));
            assert.equal(verdicts, await run(analyzeStack, analyzerpb.AnalyzeStackRequest.deserializeBinary(stackBytes)));
            assert.match(verdicts, /diagnostics/);
        });

        it("finds the field numbers in the installed generated code, and refuses a layout it does not know", () => {
            const classes = { Struct, BinaryReader, ...analyzerpb } as unknown as Classes;
            assert.deepEqual(probeFields(classes), { properties: 2, provider: 6, providerProperties: 2, stackResources: 1 });
            class WithoutProvider extends analyzerpb.AnalyzeRequest {}
            Object.defineProperty(WithoutProvider.prototype, "getProvider", { value: undefined });
            assert.equal(probeFields({ ...classes, AnalyzeRequest: WithoutProvider } as unknown as Classes), undefined);
            class AnotherReader extends analyzerpb.AnalyzerResource {
                getPropertiesOrDefault(): unknown {
                    return undefined;
                }
            }
            assert.equal(probeFields({ ...classes, AnalyzerResource: AnotherReader } as unknown as Classes), undefined);
        });

        it("is installed once, however often the pack asks", () => {
            const decoder = analyzeDecoder();
            assert.deepEqual(installRequestDecoding(), { installed: true });
            assert.equal(analyzeDecoder(), decoder);
        });
    });
});
