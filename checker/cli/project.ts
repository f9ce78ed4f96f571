import * as fs from "node:fs";
import * as path from "node:path";
import { resolveEntry } from "../engine/programFile";
import { yaml } from "../engine/sdkModules";
import { CheckFailure } from "./errors";

export interface ProjectInfo {
    name: string;
    /** The file the program starts from (what a SARIF location points at). */
    entry: string;
}

/**
 * The project's name and entry, read before the program runs: the pack is started with the
 * stack context alongside the program, not after it.
 */
export function readProjectInfo(dir: string): ProjectInfo {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CheckFailure("usage", `${dir} is not a directory`);
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (file === undefined) throw new CheckFailure("usage", `${dir} has no Pulumi.yaml: pass the directory of a Pulumi project`);
    let doc: { name?: unknown; main?: unknown } | null;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8")) as { name?: unknown; main?: unknown } | null;
    } catch (e) {
        throw new CheckFailure("program", `${file} is not valid YAML: ${(e as Error).message}`);
    }
    if (typeof doc?.name !== "string") throw new CheckFailure("program", `${file} has no project name`);
    try {
        return { name: doc.name, entry: resolveEntry(dir, typeof doc.main === "string" ? doc.main : undefined) };
    } catch (e) {
        throw new CheckFailure("program", (e as Error).message);
    }
}
