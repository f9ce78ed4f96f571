import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as TypeScript from "typescript";
import { cacheDir } from "../cacheDir";

/**
 * Loads a TypeScript program the way `pulumi` does (transpile-only: type errors are the
 * compiler's job, not the checker's) without ts-node, and keeps each transpiled file on disk
 * keyed by its content: a second check of an unchanged program transpiles nothing. Syntax
 * errors still fail the load, with TypeScript's message and position.
 */

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = createRequire(path.join(pulumiDir, "package.json"));

/**
 * The TypeScript Pulumi itself uses: the one installed next to `@pulumi/pulumi`, else the SDK's
 * vendored copy (tsutils.ts). Found without loading it: a warm cache never needs it.
 */
function typeScriptModule(): { file: string; version: string } {
    try {
        const pkg = fromPulumi.resolve("typescript/package.json");
        const version = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version?: string }).version ?? "?";
        return { file: fromPulumi.resolve("typescript"), version };
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
        return { file: path.join(pulumiDir, "vendor", "typescript@3.8.3", "typescript.js"), version: "3.8.3" };
    }
}

export class TypeScriptSyntaxError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TypeScriptSyntaxError";
    }
}

interface Transpiler {
    transpile(source: string, file: string): string;
}

/** Bumped when the options below change, so older cache entries are not reused. */
const LOADER_VERSION = "2";

function createTranspiler(): Transpiler {
    const typescript = typeScriptModule();
    let loaded: typeof TypeScript | undefined;
    const dir = cacheDir("ts");
    const compile = (source: string, file: string): string => {
        const ts = (loaded ??= fromPulumi(typescript.file) as typeof TypeScript);
        const result = ts.transpileModule(source, {
            fileName: file,
            reportDiagnostics: true,
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
        });
        const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
        if (errors.length > 0) {
            const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" };
            throw new TypeScriptSyntaxError(ts.formatDiagnostics(errors, host).trim());
        }
        return result.outputText;
    };
    return {
        transpile(source, file) {
            if (dir === undefined) return compile(source, file);
            const key = createHash("sha256").update(`${LOADER_VERSION}\u0000${typescript.version}\u0000${file}\u0000${source}`).digest("hex");
            const cached = path.join(dir, `${key}.js`);
            if (fs.existsSync(cached)) return fs.readFileSync(cached, "utf8");
            const output = compile(source, file);
            // Written under a unique name then renamed, so a concurrent run never reads half a file.
            fs.mkdirSync(dir, { recursive: true });
            const temporary = `${cached}.${process.pid}.tmp`;
            fs.writeFileSync(temporary, output);
            fs.renameSync(temporary, cached);
            return output;
        },
    };
}

interface CompilableModule {
    _compile(code: string, filename: string): void;
}

/**
 * Registers the `.ts` loader unless one is registered already (ts-node under a test runner keeps
 * its own). No source maps: the SDK captures a stack trace per registration, and mapping each
 * one cost a quarter of a second; a program's errors are reported by message, and transpiling
 * keeps the program's line numbers for the most part.
 */
export function installTypeScriptLoader(): void {
    if (require.extensions[".ts"] !== undefined) return;
    const transpiler = createTranspiler();
    require.extensions[".ts"] = (module, filename) => {
        const source = fs.readFileSync(filename, "utf8");
        (module as unknown as CompilableModule)._compile(transpiler.transpile(source, filename), filename);
    };
}
