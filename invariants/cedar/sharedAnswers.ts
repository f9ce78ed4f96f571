import * as fs from "node:fs";
import * as path from "node:path";
import type { CedarAnswers } from "./cached";

/**
 * Cedar's answers, handed from one process to another that asks the same questions: the offline
 * checker's program (whose components validate every policy engine before registering it) to the
 * policy pack it starts, which validates the same engines again from the resources. Cedar is a
 * pure function of its input, every answer is kept under the key of its input (cached.ts), and
 * only answers of the same Cedar build are taken, so a pack that takes them answers exactly as if
 * it had asked Cedar itself; it only skips the asking (at the L bench, most of its `AnalyzeStack`
 * time). The component and the pack build the same schema for the same tools (schema.ts
 * `recordTypeOf`), so their keys meet.
 *
 * The hand-off is a directory the checker names in the pack's environment: the checker writes a
 * file there before it asks for `AnalyzeStack`, and the pack reads the files it has not read when a
 * stack policy starts. The pack takes the answers as they are (it does not ask Cedar again), so
 * only the process that starts it may name the directory: the checker creates it for each check
 * with `mkdtemp` (readable by its user only) and removes it when the check ends. `pulumi preview --policy-pack` sets no such directory: there the pack asks
 * Cedar for everything.
 */
export const SHARED_CEDAR_ANSWERS_ENV = "AGENTCORE_HUB_CEDAR_ANSWERS";

interface AnswersFile {
    format: 1;
    /** One set per copy of cached.ts in the writing process. */
    sets: CedarAnswers[];
}

/** cached.ts loads Cedar's WebAssembly: the checker names the directory at its start, long before it writes, and must not load Cedar for that. */
function cached(): typeof import("./cached") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
    return require("./cached") as typeof import("./cached");
}

let written = 0;

/**
 * Writes every answer this process holds into a new file in `dir`, renamed into place once
 * complete so that a reader never sees part of it. Returns the file.
 */
export function writeSharedCedarAnswers(dir: string): string {
    const file = path.join(dir, `${process.pid}-${++written}.json`);
    const content: AnswersFile = { format: 1, sets: cached().exportAllCedarAnswers() };
    fs.writeFileSync(`${file}.partial`, JSON.stringify(content));
    fs.renameSync(`${file}.partial`, file);
    return file;
}

const taken = new Set<string>();

/**
 * Takes in the answer files of `dir` (by default the one the environment names) that this process
 * has not read yet; returns how many answers were new. Never throws: a missing directory, or a
 * file that cannot be read or parsed, is passed over, and the checks ask Cedar themselves.
 */
export function takeSharedCedarAnswers(dir: string | undefined = process.env[SHARED_CEDAR_ANSWERS_ENV]): number {
    if (dir === undefined || dir === "") return 0;
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        return 0;
    }
    let added = 0;
    for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
        const file = path.join(dir, name);
        if (taken.has(file)) continue;
        taken.add(file);
        try {
            const content = JSON.parse(fs.readFileSync(file, "utf8")) as AnswersFile;
            if (content.format !== 1 || !Array.isArray(content.sets)) continue;
            for (const set of content.sets) added += cached().importCedarAnswers(set);
        } catch {
            continue;
        }
    }
    return added;
}
