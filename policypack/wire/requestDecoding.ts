import { createRequire } from "node:module";
import { Reader, Writer } from "protobufjs/minimal";
import { StructJs, UndecidedStructError, decodeStruct } from "./structDecoding";

/**
 * The engine's `Analyze`, `Remediate` and `AnalyzeStack` requests decoded for `@pulumi/policy`
 * with each resource's properties read straight to JavaScript (structDecoding.ts), instead of
 * through a google-protobuf message per property value. `@pulumi/policy` 1.21 serves the Analyzer
 * with `@pulumi/pulumi`'s generated service definition (node_modules/@pulumi/policy/server.js:41
 * and :111 `server.addService(analyzerrpc.AnalyzerService, …)`), and grpc-js decodes each request
 * with the definition's `requestDeserialize`, read when the service is added
 * (node_modules/@grpc/grpc-js/build/src/server.js:291, `this.register(attrs.path, impl, …,
 * attrs.requestDeserialize, …)`, grpc-js 1.14). So the pack replaces
 * those three functions before it starts its server (policypack/index.ts). Under the Pulumi CLI and
 * under the checker alike, the policies then see the same request.
 *
 * What a decoded request is: google-protobuf's own message, decoded by google-protobuf from the
 * request's bytes less the properties (the resource's, and its provider's), whose `getProperties()`
 * answers a Struct whose `toJavaScript()` is the value read from those bytes: the only thing
 * `@pulumi/policy` asks of it (deserialize.js:37 `outputsStruct.toJavaScript()`). Every other use
 * of either message (a setter, `serializeBinary`, `toObject`, `cloneMessage`, anything but the
 * generated `get…` / `has…` getters) first completes it with the properties google-protobuf decodes
 * from the same bytes, and from then on it is that message. Bytes the reader does not decode as
 * google-protobuf would (structDecoding.ts), and any failure here, fall back to the definition's
 * own `requestDeserialize`.
 *
 * The field numbers are the installed generated code's, found by serializing a message with one
 * field set (`fieldNumberOf`); if a class lacks a method used here or has another getter that could
 * read the properties, nothing is replaced.
 */

interface JspbMessage {
    serializeBinary(): Uint8Array;
}

interface JspbClass<M extends JspbMessage = JspbMessage> {
    new (): M;
    deserializeBinary(bytes: Uint8Array): M;
    prototype: M;
}

/** The methods used here of AnalyzeRequest, AnalyzerResource and AnalyzerProviderResource. */
interface WithProperties extends JspbMessage {
    getProperties(): unknown;
    setProperties(struct: unknown): unknown;
}

interface WithProvider extends WithProperties {
    getProvider(): WithProperties | undefined;
    setProvider(provider: WithProperties): unknown;
}

interface StackRequest extends JspbMessage {
    getResourcesList(): WithProvider[];
    addResources(resource: WithProvider): unknown;
}

interface MethodDefinition {
    requestDeserialize(bytes: Buffer): unknown;
}

interface StructClass extends JspbClass {
    deserializeBinaryFromReader(message: JspbMessage, reader: unknown): JspbMessage;
}

export interface Classes {
    Struct: StructClass;
    /** google-protobuf's BinaryReader, of the copy the generated code uses. */
    BinaryReader: new (bytes: Uint8Array) => unknown;
    AnalyzeRequest: JspbClass<WithProvider>;
    AnalyzerResource: JspbClass<WithProvider>;
    AnalyzerProviderResource: JspbClass<WithProperties>;
    AnalyzeStackRequest: JspbClass<StackRequest>;
}

/** Field numbers of the length-delimited fields this file takes apart. */
export interface Fields {
    properties: number;
    provider: number;
    providerProperties: number;
    stackResources: number;
}

const LENGTH_DELIMITED = 2;

/** Requests decoded here and requests left to google-protobuf, since the pack started (tests read them). */
const counts = { decoded: 0, fallback: 0 };

export function requestDecodingStats(): { decoded: number; fallback: number } {
    return { ...counts };
}

/** The field a message with one field set serializes: its number, when it is one length-delimited field. */
function fieldNumberOf(message: JspbMessage): number | undefined {
    const bytes = message.serializeBinary();
    const reader = Reader.create(bytes);
    const tag = reader.uint32();
    if ((tag & 7) !== LENGTH_DELIMITED) return undefined;
    const length = reader.uint32();
    return reader.pos + length === bytes.length ? tag >>> 3 : undefined;
}

function hasMethods(cls: JspbClass, names: string[]): boolean {
    return names.every((n) => typeof (cls.prototype as unknown as Record<string, unknown>)[n] === "function");
}

/** Getters other than the ones overridden here that could read the properties or the provider. */
function otherReaders(cls: JspbClass): string[] {
    const known = ["getProperties", "hasProperties", "getProvider", "hasProvider"];
    return Object.getOwnPropertyNames(cls.prototype).filter((n) => /^(get|has)[A-Z]/.test(n) && /Properties|Provider/.test(n) && !known.includes(n));
}

/** The field numbers this file takes apart, from the installed classes; undefined when they are not the layout it knows (exported for tests). */
export function probeFields(c: Classes): Fields | undefined {
    if (!hasMethods(c.AnalyzeRequest, ["getProperties", "setProperties", "getProvider", "setProvider"])) return undefined;
    if (!hasMethods(c.AnalyzerResource, ["getProperties", "setProperties", "getProvider", "setProvider"])) return undefined;
    if (!hasMethods(c.AnalyzerProviderResource, ["getProperties", "setProperties"])) return undefined;
    if (!hasMethods(c.AnalyzeStackRequest, ["getResourcesList", "addResources"])) return undefined;
    if (typeof c.Struct.deserializeBinaryFromReader !== "function" || typeof c.BinaryReader !== "function") return undefined;
    for (const cls of [c.AnalyzeRequest, c.AnalyzerResource, c.AnalyzerProviderResource]) {
        if (otherReaders(cls).length > 0) return undefined;
    }
    const probe = <M extends JspbMessage>(cls: JspbClass<M>, set: (m: M) => void): number | undefined => {
        const message = new cls();
        set(message);
        return fieldNumberOf(message);
    };
    const fields = {
        properties: probe(c.AnalyzeRequest, (m) => m.setProperties(new c.Struct())),
        provider: probe(c.AnalyzeRequest, (m) => m.setProvider(new c.AnalyzerProviderResource())),
        stackProperties: probe(c.AnalyzerResource, (m) => m.setProperties(new c.Struct())),
        stackProvider: probe(c.AnalyzerResource, (m) => m.setProvider(new c.AnalyzerProviderResource())),
        providerProperties: probe(c.AnalyzerProviderResource, (m) => m.setProperties(new c.Struct())),
        stackResources: probe(c.AnalyzeStackRequest, (m) => m.addResources(new c.AnalyzerResource())),
    };
    const { properties, provider, stackProperties, stackProvider, providerProperties, stackResources } = fields;
    // One layout for both resource messages (analyzer.proto: AnalyzerResource repeats AnalyzeRequest's fields 1-6).
    if (properties === undefined || provider === undefined || providerProperties === undefined || stackResources === undefined) return undefined;
    if (stackProperties !== properties || stackProvider !== provider) return undefined;
    return { properties, provider, providerProperties, stackResources };
}

/**
 * A message's fields, the length-delimited ones numbered in `take` apart: every payload of each,
 * in order (a repeated field's elements; for a message field the last one is the field, as
 * google-protobuf's generated readers set it and never merge: analyzer_pb.js:1350-1364), and the
 * bytes of the others.
 */
function splitFields(bytes: Uint8Array, take: readonly number[]): { kept: Uint8Array[]; taken: Map<number, Uint8Array[]> } {
    const reader = Reader.create(bytes);
    const kept: Uint8Array[] = [];
    const taken = new Map<number, Uint8Array[]>();
    while (reader.pos < reader.len) {
        const start = reader.pos;
        const tag = reader.uint32();
        const field = tag >>> 3;
        if (take.includes(field) && (tag & 7) === LENGTH_DELIMITED) {
            const length = reader.uint32();
            const end = reader.pos + length;
            if (end > reader.len) throw new UndecidedStructError("a length past the end of the request");
            const payloads = taken.get(field) ?? [];
            payloads.push(bytes.subarray(reader.pos, end));
            taken.set(field, payloads);
            reader.pos = end;
        } else {
            reader.skipType(tag & 7);
            kept.push(bytes.subarray(start, reader.pos));
        }
    }
    return { kept, taken };
}

/** The field's last payload: the value of a message field given more than once. */
function last(taken: Map<number, Uint8Array[]>, field: number): Uint8Array | undefined {
    const payloads = taken.get(field);
    return payloads === undefined ? undefined : payloads[payloads.length - 1];
}

function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
    return Writer.create()
        .uint32((field << 3) | LENGTH_DELIMITED)
        .bytes(payload)
        .finish();
}

/**
 * A Struct that answers `toJavaScript()` with the value read from its bytes (a fresh one at every
 * call after the first, as google-protobuf builds one per call) and, for anything else, is filled
 * from the same bytes by google-protobuf's own reader first (`deserializeBinaryFromReader`, what
 * `deserializeBinary` does into a new message) and answers as itself.
 */
function propertiesStruct(c: Classes, bytes: Uint8Array): { view: object; complete: () => void } {
    let first: StructJs | undefined = decodeStruct(bytes);
    const toJavaScript = (): StructJs => {
        const value = first ?? decodeStruct(bytes);
        first = undefined;
        return value;
    };
    const struct = new c.Struct();
    // Its generated getters would read an empty Struct: every one completes it.
    return completing(struct, { toJavaScript }, () => c.Struct.deserializeBinaryFromReader(struct, new c.BinaryReader(bytes)), false);
}

/** A property of `target`, its methods bound to it (so that google-protobuf's code reads the message itself); its class as it is. */
function forwarded(target: object, key: PropertyKey): unknown {
    const value: unknown = Reflect.get(target, key, target);
    return typeof value === "function" && key !== "constructor" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}

const GETTER = /^(get|has)[A-Z]/;

/**
 * `message` seen through `overrides` (the methods to answer for those names) and, when `ownGetters`, its own
 * generated getters, until anything else is asked of it: then `complete()` gives it back its
 * stripped fields, and it answers as itself.
 */
function completing<M extends object>(message: M, overrides: Record<string, () => unknown>, complete: () => void, ownGetters = true): { view: M; complete: () => void } {
    let completed = false;
    const answers = new Map<string, unknown>();
    const finish = () => {
        if (completed) return;
        completed = true;
        complete();
    };
    const view = new Proxy(message, {
        get: (target, key) => {
            if (!completed && typeof key === "string") {
                // Own entries only: `constructor` or `toString` are the message's, not Object's.
                const answer =
                    answers.get(key) ?? (Object.prototype.hasOwnProperty.call(overrides, key) ? overrides[key] : ownGetters && GETTER.test(key) ? forwarded(target, key) : undefined);
                if (typeof answer === "function") {
                    answers.set(key, answer);
                    return answer;
                }
            }
            finish();
            return forwarded(target, key);
        },
        set: (target, key, value) => {
            finish();
            return Reflect.set(target, key, value);
        },
        has: (target, key) => {
            finish();
            return Reflect.has(target, key);
        },
        ownKeys: (target) => {
            finish();
            return Reflect.ownKeys(target);
        },
        getOwnPropertyDescriptor: (target, key) => {
            finish();
            return Reflect.getOwnPropertyDescriptor(target, key);
        },
    });
    return { view, complete: finish };
}

function decoders(c: Classes, f: Fields) {
    /**
     * AnalyzeRequest or AnalyzerResource: google-protobuf's message of its bytes less its
     * properties and its provider's, seen through views whose `getProperties()` are Structs of them.
     */
    const resource = <M extends WithProvider>(cls: JspbClass<M>, bytes: Uint8Array): { view: M; complete: () => void } => {
        const { kept, taken } = splitFields(bytes, [f.properties, f.provider]);
        const propertiesBytes = last(taken, f.properties);
        const struct = propertiesBytes === undefined ? undefined : propertiesStruct(c, propertiesBytes);
        const providerBytes = last(taken, f.provider);
        const providerSplit = providerBytes === undefined ? undefined : splitFields(providerBytes, [f.providerProperties]);
        const providerPropertiesBytes = providerSplit === undefined ? undefined : last(providerSplit.taken, f.providerProperties);
        const providerStruct = providerPropertiesBytes === undefined ? undefined : propertiesStruct(c, providerPropertiesBytes);
        if (providerSplit !== undefined) kept.push(lengthDelimited(f.provider, concat(providerSplit.kept)));
        const message = cls.deserializeBinary(concat(kept));

        const rawProvider = message.getProvider();
        const provider =
            rawProvider === undefined || providerStruct === undefined
                ? undefined
                : completing(rawProvider, { getProperties: () => providerStruct.view, hasProperties: () => true }, () => rawProvider.setProperties(providerStruct.view));
        const overrides: Record<string, () => unknown> = {};
        if (provider !== undefined) overrides.getProvider = () => provider.view;
        if (struct !== undefined) Object.assign(overrides, { getProperties: () => struct.view, hasProperties: () => true });
        return completing(message, overrides, () => {
            // setProperties reads the Struct's contents, which completes it.
            if (struct !== undefined) message.setProperties(struct.view);
            // The message holds the provider it decoded, which its view completes.
            provider?.complete();
        });
    };

    const analyze = (bytes: Uint8Array): WithProvider => resource(c.AnalyzeRequest, bytes).view;

    /** AnalyzeStackRequest: each resource decoded on its own, then the request from its other fields. */
    const stack = (bytes: Uint8Array): StackRequest => {
        const { kept, taken } = splitFields(bytes, [f.stackResources]);
        const resources = (taken.get(f.stackResources) ?? []).map((r) => resource(c.AnalyzerResource, r));
        const message = c.AnalyzeStackRequest.deserializeBinary(concat(kept));
        const views = resources.map((r) => r.view);
        return completing(message, { getResourcesList: () => views }, () => {
            for (const r of resources) {
                r.complete();
                message.addResources(r.view);
            }
        }).view;
    };

    return { analyze, stack };
}

function concat(parts: Uint8Array[]): Uint8Array {
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

const INSTALLED = Symbol.for("agentcore-hub.requestDecoding");

type Service = Record<string, MethodDefinition | undefined> & { [INSTALLED]?: true };

/** The generated modules `@pulumi/policy`'s server uses (its own `@pulumi/pulumi`, and that one's google-protobuf). */
function loadClasses(): { service: Service; classes: Classes } {
    const policyRequire = createRequire(require.resolve("@pulumi/policy/server"));
    const service = (policyRequire("@pulumi/pulumi/proto/analyzer_grpc_pb") as { AnalyzerService: Service }).AnalyzerService;
    const pbPath = policyRequire.resolve("@pulumi/pulumi/proto/analyzer_pb");
    const pb = policyRequire(pbPath) as Record<string, JspbClass>;
    const sdkRequire = createRequire(pbPath);
    const { Struct } = sdkRequire("google-protobuf/google/protobuf/struct_pb") as { Struct: StructClass };
    const { BinaryReader } = sdkRequire("google-protobuf") as { BinaryReader: Classes["BinaryReader"] };
    return {
        service,
        classes: {
            Struct,
            BinaryReader,
            AnalyzeRequest: pb.AnalyzeRequest as JspbClass<WithProvider>,
            AnalyzerResource: pb.AnalyzerResource as JspbClass<WithProvider>,
            AnalyzerProviderResource: pb.AnalyzerProviderResource as JspbClass<WithProperties>,
            AnalyzeStackRequest: pb.AnalyzeStackRequest as unknown as JspbClass<StackRequest>,
        },
    };
}

/** `decode(bytes)`, or the definition's own decoder when this one cannot decide or fails. */
function withFallback(original: (bytes: Buffer) => unknown, decode: (bytes: Buffer) => unknown): (bytes: Buffer) => unknown {
    return (bytes) => {
        let decoded: unknown;
        try {
            decoded = decode(bytes);
        } catch {
            counts.fallback++;
            return original(bytes);
        }
        counts.decoded++;
        return decoded;
    };
}

/**
 * Replaces the request decoders of `@pulumi/policy`'s Analyzer service, before its server starts.
 * Returns why not when it does not (the service's own decoders then stay).
 */
export function installRequestDecoding(): { installed: true } | { installed: false; reason: string } {
    let loaded: ReturnType<typeof loadClasses>;
    try {
        loaded = loadClasses();
    } catch (err) {
        return { installed: false, reason: `the Analyzer's generated modules did not load: ${err instanceof Error ? err.message : String(err)}` };
    }
    const { service, classes } = loaded;
    if (service[INSTALLED]) return { installed: true };
    let fields: Fields | undefined;
    try {
        fields = probeFields(classes);
    } catch {
        // A probe message that serializes to nothing, or to what protobufjs cannot read.
        fields = undefined;
    }
    if (fields === undefined) return { installed: false, reason: "the Analyzer's generated messages are not the ones this decoder knows" };
    const methods = ["analyze", "remediate", "analyzeStack"] as const;
    if (!methods.every((m) => typeof service[m]?.requestDeserialize === "function")) return { installed: false, reason: "the Analyzer service has no analyze, remediate or analyzeStack decoder" };
    const { analyze, stack } = decoders(classes, fields);
    for (const m of methods) {
        const definition = service[m] as MethodDefinition;
        const original = definition.requestDeserialize;
        definition.requestDeserialize = withFallback(original, m === "analyzeStack" ? stack : analyze);
    }
    Object.defineProperty(service, INSTALLED, { value: true });
    return { installed: true };
}
