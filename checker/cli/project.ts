import * as fs from "node:fs";
import * as path from "node:path";
import { yaml } from "../engine/sdkModules";
import { CheckFailure } from "./errors";

export interface ProjectFile {
    name: string;
    /** `main` of Pulumi.yaml, when set. */
    main?: string;
}

/**
 * The project's name and `main`, read from Pulumi.yaml before anything heavy is loaded: the
 * policy pack is started with the stack context first, so its start overlaps the rest.
 */
export function readProjectFile(dir: string): ProjectFile {
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
    return typeof doc.main === "string" ? { name: doc.name, main: doc.main } : { name: doc.name };
}
