import * as fs from "node:fs";
import * as path from "node:path";
import { CheckFailure } from "./errors";

function resolveFrom(dir: string): string | undefined {
    try {
        return fs.realpathSync(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
        throw e;
    }
}

/**
 * The program must load the very `@pulumi/pulumi` the checker drives: the mock engine is set on
 * that module instance. A program with its own copy (another version installed in its
 * node_modules) would try to reach a real Pulumi engine instead, so this is refused up front.
 */
export function assertSameSdk(programDir: string): void {
    const ours = resolveFrom(__dirname);
    const theirs = resolveFrom(programDir);
    if (theirs === undefined || ours === undefined || theirs === ours) return;
    const version = (file: string) => (JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string }).version ?? "?";
    throw new CheckFailure(
        "program",
        `the program loads @pulumi/pulumi ${version(theirs)} from ${path.dirname(theirs)}, but the checker drives @pulumi/pulumi ${version(ours)} from ${path.dirname(ours)}; ` +
            "the mock engine only reaches one copy. Install pulumi-agentcore-hub in the program's project so both resolve to the same @pulumi/pulumi (same version).",
    );
}
