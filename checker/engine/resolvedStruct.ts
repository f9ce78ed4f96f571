import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { structpb } from "./sdkModules";
import type { WireObject, WireValue } from "./wire";

/**
 * The `object` of a RegisterResourceResponse the checker's in-process monitor hands the SDK.
 * The SDK reads it exactly once, through `toJavaScript()` (@pulumi/pulumi runtime/resource.js
 * `resolveOutputs(..., resp.getObject(), ...)` -> runtime/rpc.js `deserializeProperties`:
 * `outputsStruct.toJavaScript()`), so instead of building a Struct message of every value
 * (`Struct.fromJavaScript`, about a twentieth of the checker's time at the L bench) the
 * monitor gives a Struct whose `toJavaScript` returns what the built one would: a fresh copy
 * with every object's keys in sorted order, as google-protobuf's map iterates them. Nothing
 * in the process serializes it (the SDK's monitor is this process); its wire form would be
 * empty. The SDK versions the checker supports (3.204 to the newest) run
 * tests/package/sdkMatrix.test.ts through it.
 */
export function resolvedStruct(value: WireObject): Struct {
    const struct = new structpb.Struct();
    struct.toJavaScript = () => sortedCopy(value) as ReturnType<Struct["toJavaScript"]>;
    return struct;
}

function sortedCopy(value: WireValue): WireValue {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(sortedCopy);
    const copy: WireObject = {};
    for (const key of Object.keys(value).sort()) copy[key] = sortedCopy(value[key]);
    return copy;
}
