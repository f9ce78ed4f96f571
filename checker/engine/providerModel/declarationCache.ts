import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir } from "../../cacheDir";
import { DeclarationFile } from "./declarationFile";
import type { InputFact, OutputFact, ResourceDeclaration } from "./declarationTypes";

/**
 * Per-type facts read from an SDK declaration, kept between runs: parsing needs the TypeScript
 * compiler (about half a second to load) for facts that change only with the SDK. An entry is
 * keyed by the declaration's text, its class and the format below, so a stale one is never used.
 */
const FORMAT = "1";

interface Stored {
    token: string;
    flavour: ResourceDeclaration["flavour"];
    outputs: [string, OutputFact][];
    inputs: [string, InputFact][];
}

function entryPath(dir: string, file: DeclarationFile, text: string): string {
    const key = createHash("sha256").update(`${FORMAT}\0${file.className}\0${text}`).digest("hex");
    return path.join(dir, `${key}.json`);
}

/** The cached facts of this declaration, else what `parse` finds (then stored for the next run). */
export function cachedDeclaration(file: DeclarationFile, parse: (text: string) => ResourceDeclaration | undefined): ResourceDeclaration | undefined {
    const text = fs.readFileSync(file.path, "utf8");
    const dir = cacheDir("declarations");
    if (dir === undefined) return parse(text);
    const entry = entryPath(dir, file, text);
    const stored = readStored(entry);
    if (stored !== undefined) return { token: stored.token, flavour: stored.flavour, file: file.path, outputs: new Map(stored.outputs), inputs: new Map(stored.inputs) };
    const parsed = parse(text);
    if (parsed !== undefined) writeStored(dir, entry, { token: parsed.token, flavour: parsed.flavour, outputs: [...parsed.outputs], inputs: [...parsed.inputs] });
    return parsed;
}

function readStored(entry: string): Stored | undefined {
    try {
        return JSON.parse(fs.readFileSync(entry, "utf8")) as Stored;
    } catch (e) {
        // Missing, or torn by a concurrent writer: parse again.
        if ((e as NodeJS.ErrnoException).code === "ENOENT" || e instanceof SyntaxError) return undefined;
        throw e;
    }
}

/** Written to a temporary file and renamed, so a reader never sees half an entry. */
function writeStored(dir: string, entry: string, stored: Stored): void {
    try {
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${entry}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(stored));
        fs.renameSync(tmp, entry);
    } catch (e) {
        // A cache only saves time: an unwritable directory costs the next run a parse, nothing else.
        if (!["EACCES", "EROFS", "ENOSPC", "EPERM"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
    }
}
