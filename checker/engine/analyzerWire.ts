import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { ProviderFields, analyzerProperties, providerFields, resourceOptions, setStackEdges } from "./analyzerRequests";
import { messageField, stringField, structBytes } from "./structWire";
import type { CapturedResource } from "./types";

/**
 * The `Analyze` and `AnalyzeStack` requests as the bytes google-protobuf would serialize from
 * the messages analyzerRequests.ts builds (same fields, same order, same bytes: compared in
 * tests/engine/analyzerWire.test.ts), written without building the property Structs as message
 * objects (structWire.ts). The field numbers are those of pulumi's analyzer.proto, as the SDK's
 * generated serializers write them (@pulumi/pulumi/proto/analyzer_pb.js,
 * AnalyzeRequest / AnalyzerResource / AnalyzerProviderResource .serializeBinaryToWriter):
 * type 1, properties 2, urn 3, name 4, options 5, provider 6, then for a stack resource
 * parent 7, dependencies 8 and property dependencies 9. A provider's bytes are written once
 * per provider: every resource it manages carries the same.
 */

const providerBytesCache = new WeakMap<CapturedResource, Buffer>();

/** AnalyzerProviderResource: type 1, properties 2, urn 3, name 4. */
function providerBytes(fields: ProviderFields): Buffer {
    const cached = fields.resource === undefined ? undefined : providerBytesCache.get(fields.resource);
    if (cached !== undefined) return cached;
    const bytes = Buffer.concat([stringField(1, fields.type), messageField(2, structBytes(analyzerProperties(fields.inputs))), stringField(3, fields.urn), stringField(4, fields.name)]);
    if (fields.resource !== undefined) providerBytesCache.set(fields.resource, bytes);
    return bytes;
}

/** Fields 1-6, shared by AnalyzeRequest and AnalyzerResource. */
function resourceFields(resource: CapturedResource, properties: CapturedResource["inputs"], byUrn: ReadonlyMap<string, CapturedResource>): Buffer[] {
    const provider = providerFields(resource, byUrn);
    return [
        stringField(1, resource.type),
        messageField(2, structBytes(analyzerProperties(properties))),
        stringField(3, resource.urn),
        stringField(4, resource.name),
        messageField(5, resourceOptions(resource).serializeBinary()),
        ...(provider === undefined ? [] : [messageField(6, providerBytes(provider))]),
    ];
}

/** `analyzeRequest(resource, byUrn).serializeBinary()`. */
export function analyzeRequestBytes(resource: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): Buffer {
    return Buffer.concat(resourceFields(resource, resource.inputs, byUrn));
}

/** One AnalyzerResource of `AnalyzeStack`: its outputs, then parent, dependencies and property dependencies (fields 7-9, written by google-protobuf). */
function stackResourceBytes(resource: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): Buffer {
    const edges = new analyzerpb.AnalyzerResource();
    setStackEdges(edges, resource);
    return Buffer.concat([...resourceFields(resource, resource.outputs, byUrn), edges.serializeBinary()]);
}

/** `analyzeStackRequest(resources).serializeBinary()`: AnalyzeStackRequest { repeated AnalyzerResource resources = 1 }. */
export function analyzeStackRequestBytes(resources: readonly CapturedResource[]): Buffer {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return Buffer.concat(resources.map((r) => messageField(1, stackResourceBytes(r, byUrn))));
}
