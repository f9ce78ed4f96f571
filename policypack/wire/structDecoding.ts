import { Reader } from "protobufjs/minimal";

/**
 * A `google.protobuf.Struct` read from its bytes straight to the JavaScript value that
 * google-protobuf gives for it (`Struct.deserializeBinary(bytes).toJavaScript()`), without a
 * message object per value: at L that decoding was the largest part of the pack's cost per
 * request (issue 13). protobufjs reads the wire format; this file knows the three messages of
 * struct.proto (protocolbuffers/protobuf src/google/protobuf/struct.proto):
 *   Struct    { map<string, Value> fields = 1; }
 *   Value     { oneof kind { NullValue null_value = 1; double number_value = 2;
 *               string string_value = 3; bool bool_value = 4; Struct struct_value = 5;
 *               ListValue list_value = 6; } }
 *   ListValue { repeated Value values = 1; }
 *
 * What google-protobuf 3.21 does, and this reader with it (tests/policypack/requestDecoding.test.ts
 * compares the two on every request of the reference example and M and on values at the edges):
 * - a Struct's keys come out sorted (its map's `forEach` sorts them), a key given twice keeps its
 *   last value, and a `__proto__` key is dropped (the map never holds it);
 * - a Value set twice keeps the last kind set (oneof setters clear the others), and a Struct or
 *   ListValue given twice is the last one, not a merge;
 * - unknown fields are skipped.
 * Anything else it would have to guess at throws UndecidedStructError, and the caller decodes
 * those bytes with google-protobuf instead: a Value with no kind (google-protobuf throws only when
 * the value is read), a known field with another wire type, a length past its message, and a
 * string with U+FFFD (possibly bytes that are not UTF-8, which the two decoders replace differently).
 */

export type StructJs = null | number | string | boolean | StructJs[] | { [key: string]: StructJs };

/** The bytes are not ones this reader decodes as google-protobuf would: decode them with it. */
export class UndecidedStructError extends Error {}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

function undecided(what: string): never {
    throw new UndecidedStructError(what);
}

/** The end of a length-delimited field that starts at the reader's position, within `end`. */
function nestedEnd(reader: Reader, end: number): number {
    const length = reader.uint32();
    const nested = reader.pos + length;
    if (nested > end) undecided("a length past the end of its message");
    return nested;
}

function readString(reader: Reader, end: number): string {
    const value = reader.string();
    if (reader.pos > end) undecided("a length past the end of its message");
    if (value.includes("\ufffd")) undecided("a string that may not be UTF-8");
    return value;
}

function expect(wireType: number, expected: number, what: string): void {
    if (wireType !== expected) undecided(`${what} with wire type ${wireType}`);
}

const UNSET = Symbol("unset");

function readValue(reader: Reader, end: number): StructJs {
    let value: StructJs | typeof UNSET = UNSET;
    while (reader.pos < end) {
        const tag = reader.uint32();
        const wireType = tag & 7;
        switch (tag >>> 3) {
            case 1:
                expect(wireType, VARINT, "null_value");
                reader.int32();
                value = null;
                break;
            case 2:
                expect(wireType, FIXED64, "number_value");
                value = reader.double();
                break;
            case 3:
                expect(wireType, LENGTH_DELIMITED, "string_value");
                value = readString(reader, end);
                break;
            case 4:
                expect(wireType, VARINT, "bool_value");
                value = reader.bool();
                break;
            case 5:
                expect(wireType, LENGTH_DELIMITED, "struct_value");
                value = readFields(reader, nestedEnd(reader, end));
                break;
            case 6:
                expect(wireType, LENGTH_DELIMITED, "list_value");
                value = readList(reader, nestedEnd(reader, end));
                break;
            default:
                reader.skipType(wireType);
        }
    }
    if (reader.pos !== end) undecided("a Value that does not end where its length says");
    if (value === UNSET) undecided("a Value with no kind");
    return value;
}

function readList(reader: Reader, end: number): StructJs[] {
    const values: StructJs[] = [];
    while (reader.pos < end) {
        const tag = reader.uint32();
        if (tag >>> 3 === 1) {
            expect(tag & 7, LENGTH_DELIMITED, "values");
            values.push(readValue(reader, nestedEnd(reader, end)));
        } else {
            reader.skipType(tag & 7);
        }
    }
    if (reader.pos !== end) undecided("a ListValue that does not end where its length says");
    return values;
}

/** One `fields` map entry: key 1, value 2 (a missing key is ""; a missing value has no kind). */
function readEntry(reader: Reader, end: number, into: Map<string, StructJs>): void {
    let key = "";
    let value: StructJs | typeof UNSET = UNSET;
    while (reader.pos < end) {
        const tag = reader.uint32();
        const field = tag >>> 3;
        if (field === 1) {
            expect(tag & 7, LENGTH_DELIMITED, "a map key");
            key = readString(reader, end);
        } else if (field === 2) {
            expect(tag & 7, LENGTH_DELIMITED, "a map value");
            value = readValue(reader, nestedEnd(reader, end));
        } else {
            reader.skipType(tag & 7);
        }
    }
    if (reader.pos !== end) undecided("a map entry that does not end where its length says");
    if (key === "__proto__") return;
    if (value === UNSET) undecided("a map entry with no value");
    into.set(key, value);
}

function readFields(reader: Reader, end: number): { [key: string]: StructJs } {
    const entries = new Map<string, StructJs>();
    while (reader.pos < end) {
        const tag = reader.uint32();
        if (tag >>> 3 === 1) {
            expect(tag & 7, LENGTH_DELIMITED, "fields");
            readEntry(reader, nestedEnd(reader, end), entries);
        } else {
            reader.skipType(tag & 7);
        }
    }
    if (reader.pos !== end) undecided("a Struct that does not end where its length says");
    const result: { [key: string]: StructJs } = {};
    for (const key of [...entries.keys()].sort()) result[key] = entries.get(key) as StructJs;
    return result;
}

/** `Struct.deserializeBinary(bytes).toJavaScript()`, or UndecidedStructError. */
export function decodeStruct(bytes: Uint8Array): { [key: string]: StructJs } {
    const reader = Reader.create(bytes);
    try {
        return readFields(reader, reader.len);
    } catch (err) {
        // protobufjs throws RangeError on a truncated varint or value.
        if (err instanceof UndecidedStructError) throw err;
        throw new UndecidedStructError(err instanceof Error ? err.message : String(err));
    }
}
