import { WireValue, isWireObject } from "../wire";

/** Go's `encoding/json` escapes these even inside strings (HTML safety and JS line terminators). */
const GO_ESCAPES: Readonly<Record<string, string>> = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
};

function sortedKeys(value: WireValue): WireValue {
    if (Array.isArray(value)) return value.map(sortedKeys);
    if (!isWireObject(value)) return value;
    const sorted: Record<string, WireValue> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortedKeys(value[key]);
    return sorted;
}

/**
 * A value as Go's `json.Marshal` writes it (the bridge encodes documents with it): map keys
 * sorted, no whitespace, `<`, `>`, `&`, U+2028 and U+2029 escaped. The engine's JSON strings are
 * byte-compared by the provider's Diff, so an ordering mismatch would be a spurious update.
 */
export function goJsonMarshal(value: WireValue): string {
    return JSON.stringify(sortedKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]);
}
