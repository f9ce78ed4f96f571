/**
 * `google.protobuf.Struct` in protobuf's binary wire format, written straight from a JSON-like
 * value: the bytes `Struct.fromJavaScript(value).serializeBinary()` gives (google-protobuf 3.x,
 * struct_pb.js), byte for byte, without building a message object per value. At the L bench
 * (1,632 resources) building those objects for the Analyzer requests was about a tenth of the
 * checker's time (issue 13); tests/engine/analyzerWire.test.ts compares the bytes with
 * google-protobuf's on every resource of the reference example and the M bench.
 *
 * The format (struct.proto): Struct { map<string, Value> fields = 1; } with each map entry a
 * message { string key = 1; Value value = 2; }; Value is a oneof of null_value = 1 (enum),
 * number_value = 2 (double), string_value = 3, bool_value = 4, struct_value = 5, list_value = 6;
 * ListValue { repeated Value values = 1; }. google-protobuf writes map entries with their keys
 * sorted (Array.prototype.sort, UTF-16 order) and a oneof member even when it is the default.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;

/**
 * A string's bytes as google-protobuf writes them: UTF-8, except that a lone surrogate is
 * written as its own three bytes (WTF-8) where Buffer would write U+FFFD. No real property
 * holds one (the engine's Go decoder refuses invalid UTF-8), but the bytes stay the same.
 */
function isWellFormed(s: string): boolean {
    return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

function wtf8(s: string): Buffer {
    const bytes: number[] = [];
    for (const ch of s) {
        const cp = ch.codePointAt(0) as number;
        if (cp < 0x80) bytes.push(cp);
        else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
        else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
        else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    }
    return Buffer.from(bytes);
}

function byteLength(s: string): number {
    return isWellFormed(s) ? Buffer.byteLength(s, "utf8") : wtf8(s).length;
}

function tag(field: number, wireType: number): number {
    return (field << 3) | wireType;
}

function varintSize(n: number): number {
    let size = 1;
    while (n >= 0x80) {
        n = Math.floor(n / 128);
        size++;
    }
    return size;
}

/** Sizes of every struct and list in one value, computed once and read when writing. */
type Sizes = Map<object, number>;

function keysOf(obj: { [key: string]: Json }): string[] {
    const keys: string[] = [];
    // for..in, as Struct.fromJavaScript reads the object.
    for (const key in obj) keys.push(key);
    return keys.sort();
}

function valueSize(value: Json, sizes: Sizes): number {
    if (value === null) return 2;
    switch (typeof value) {
        case "number":
            return 9;
        case "boolean":
            return 2;
        case "string": {
            const n = byteLength(value);
            return 1 + varintSize(n) + n;
        }
        case "object": {
            const n = Array.isArray(value) ? listSize(value, sizes) : structSize(value, sizes);
            return 1 + varintSize(n) + n;
        }
        default:
            // Struct.fromJavaScript refuses undefined, functions, symbols and bigints alike.
            throw new Error("Unexpected struct type.");
    }
}

function listSize(list: Json[], sizes: Sizes): number {
    let size = 0;
    for (const item of list) {
        const n = valueSize(item, sizes);
        size += 1 + varintSize(n) + n;
    }
    sizes.set(list, size);
    return size;
}

function structSize(obj: { [key: string]: Json }, sizes: Sizes): number {
    let size = 0;
    for (const key of keysOf(obj)) {
        const entry = entrySize(key, obj[key], sizes);
        size += 1 + varintSize(entry) + entry;
    }
    sizes.set(obj, size);
    return size;
}

function entrySize(key: string, value: Json, sizes: Sizes, size: (value: Json, sizes: Sizes) => number = valueSize): number {
    const k = byteLength(key);
    const v = size(value, sizes);
    return 1 + varintSize(k) + k + 1 + varintSize(v) + v;
}

/** A value's size once `valueSize` has run on it: nested structs and lists are looked up, not walked again. */
function measuredSize(value: Json, sizes: Sizes): number {
    if (value !== null && typeof value === "object") {
        const n = sizes.get(value) as number;
        return 1 + varintSize(n) + n;
    }
    return valueSize(value, sizes);
}

class Writer {
    pos = 0;
    constructor(readonly buf: Buffer) {}

    varint(n: number): void {
        while (n >= 0x80) {
            this.buf[this.pos++] = (n & 0x7f) | 0x80;
            n = Math.floor(n / 128);
        }
        this.buf[this.pos++] = n;
    }

    string(s: string, length: number): void {
        this.varint(length);
        if (isWellFormed(s)) this.pos += this.buf.write(s, this.pos, length, "utf8");
        else this.pos += wtf8(s).copy(this.buf, this.pos);
    }

    double(n: number): void {
        this.pos = this.buf.writeDoubleLE(n, this.pos);
    }
}

function writeValue(w: Writer, value: Json, sizes: Sizes): void {
    if (value === null) {
        w.varint(tag(1, WIRE_VARINT));
        w.varint(0);
        return;
    }
    switch (typeof value) {
        case "number":
            w.varint(tag(2, WIRE_FIXED64));
            w.double(value);
            return;
        case "string":
            w.varint(tag(3, WIRE_LENGTH_DELIMITED));
            w.string(value, byteLength(value));
            return;
        case "boolean":
            w.varint(tag(4, WIRE_VARINT));
            w.varint(value ? 1 : 0);
            return;
        case "object":
            if (Array.isArray(value)) {
                w.varint(tag(6, WIRE_LENGTH_DELIMITED));
                w.varint(sizes.get(value) as number);
                writeList(w, value, sizes);
            } else {
                w.varint(tag(5, WIRE_LENGTH_DELIMITED));
                w.varint(sizes.get(value) as number);
                writeStruct(w, value, sizes);
            }
            return;
        default:
            throw new Error("Unexpected struct type.");
    }
}

function writeList(w: Writer, list: Json[], sizes: Sizes): void {
    for (const item of list) {
        w.varint(tag(1, WIRE_LENGTH_DELIMITED));
        w.varint(measuredSize(item, sizes));
        writeValue(w, item, sizes);
    }
}

function writeStruct(w: Writer, obj: { [key: string]: Json }, sizes: Sizes): void {
    for (const key of keysOf(obj)) {
        const value = obj[key];
        w.varint(tag(1, WIRE_LENGTH_DELIMITED));
        w.varint(entrySize(key, value, sizes, measuredSize));
        w.varint(tag(1, WIRE_LENGTH_DELIMITED));
        w.string(key, byteLength(key));
        w.varint(tag(2, WIRE_LENGTH_DELIMITED));
        w.varint(measuredSize(value, sizes));
        writeValue(w, value, sizes);
    }
}

/** The Struct's own bytes (its fields), as `Struct.fromJavaScript(obj).serializeBinary()`. */
export function structBytes(obj: Readonly<Record<string, unknown>>): Buffer {
    const struct = obj as { [key: string]: Json };
    const sizes: Sizes = new Map();
    const w = new Writer(Buffer.allocUnsafe(structSize(struct, sizes)));
    writeStruct(w, struct, sizes);
    return w.buf;
}

/** A length-delimited field `field` holding `bytes` (a nested message's own bytes). */
export function messageField(field: number, bytes: Uint8Array): Buffer {
    const head = Buffer.allocUnsafe(varintSize(tag(field, WIRE_LENGTH_DELIMITED)) + varintSize(bytes.length));
    const w = new Writer(head);
    w.varint(tag(field, WIRE_LENGTH_DELIMITED));
    w.varint(bytes.length);
    return Buffer.concat([head, bytes]);
}

/** A string field, left out when empty as proto3 writes it. */
export function stringField(field: number, value: string): Buffer {
    if (value.length === 0) return Buffer.alloc(0);
    const n = byteLength(value);
    const w = new Writer(Buffer.allocUnsafe(varintSize(tag(field, WIRE_LENGTH_DELIMITED)) + varintSize(n) + n));
    w.varint(tag(field, WIRE_LENGTH_DELIMITED));
    w.string(value, n);
    return w.buf;
}
