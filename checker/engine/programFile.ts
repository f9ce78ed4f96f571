import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as tsutilsModule from "@pulumi/pulumi/tsutils";
import { yaml } from "./sdkModules";
import type { CapturedStack } from "./types";
import { RunOptions, runUnderMocks } from "./capture";

export interface ProgramFileOptions extends Omit<RunOptions, "project"> {
    /** Stack name; `Pulumi.<stack>.yaml` is read when it exists. Defaults to "stack". */
    stack?: string;
}

interface ProjectFile {
    name: string;
    main?: string;
    config: Record<string, string>;
}

// ts-node is loaded the way the SDK's language host finds it (the program's, else the SDK's vendored one).
const requireFromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const tsutils = tsutilsModule as unknown as { typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string } };

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readYaml(file: string): Record<string, unknown> {
    const parsed = yaml.load(fs.readFileSync(file, "utf8"));
    return isRecord(parsed) ? parsed : {};
}

type ConfigSource = "project" | "stack";

/**
 * A config value as the CLI passes it to programs: strings as they are, structured values as
 * JSON. Secrets cannot be decrypted offline, so they must be supplied by the caller. In
 * Pulumi.yaml an object with `type`/`default`/`description` declares a key; only `default` is a value.
 */
function configValue(key: string, value: unknown, file: string, source: ConfigSource): string | undefined {
    if (isRecord(value) && "secure" in value) return undefined;
    if (source === "project" && isRecord(value) && ("type" in value || "default" in value || "description" in value)) {
        return "default" in value ? configValue(key, value.default, file, "stack") : undefined;
    }
    if (typeof value === "string") return value;
    if (value === null || value === undefined) return undefined;
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "object") return JSON.stringify(value);
    throw new Error(`config '${key}' in ${file} has an unsupported value`);
}

function secretKeys(config: Record<string, unknown>): string[] {
    return Object.entries(config)
        .filter(([, v]) => isRecord(v) && "secure" in v)
        .map(([k]) => k);
}

function readConfig(config: unknown, project: string, file: string, source: ConfigSource): { values: Record<string, string>; secrets: string[] } {
    const values: Record<string, string> = {};
    if (!isRecord(config)) return { values, secrets: [] };
    for (const [key, raw] of Object.entries(config)) {
        const qualified = key.includes(":") ? key : `${project}:${key}`;
        const value = configValue(qualified, raw, file, source);
        if (value !== undefined) values[qualified] = value;
    }
    return { values, secrets: secretKeys(config).map((k) => (k.includes(":") ? k : `${project}:${k}`)) };
}

/**
 * A `secure:` stack config value with no value given: the real engine decrypts it with the
 * stack's secrets provider (passphrase, KMS, Pulumi Cloud), which an offline check does not
 * have. Guessing a value or leaving it unset would run a different program, so it is refused,
 * naming each key and how to pass it.
 */
export class SecretConfigError extends Error {
    constructor(
        readonly file: string,
        readonly keys: readonly string[],
    ) {
        super(
            `${path.basename(file)}: ${keys.length === 1 ? "config" : "configs"} ${keys.join(", ")} ${keys.length === 1 ? "is a secret" : "are secrets"} (secure:), which cannot be decrypted offline without the stack's secrets provider. ` +
                `Fix: pass ${keys.length === 1 ? "its value" : "their values"} with ${keys.map((k) => `--config ${k}=<value>`).join(" ")} (runCheck: options.config).`,
        );
        this.name = "SecretConfigError";
    }
}

function readProject(dir: string, stack: string, overrides: Record<string, string>): ProjectFile {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (projectFile === undefined) throw new Error(`no Pulumi.yaml in ${dir}`);
    const doc = readYaml(projectFile);
    if (typeof doc.name !== "string") throw new Error(`${projectFile} has no project name`);
    const name = doc.name;
    const defaults = readConfig(doc.config, name, projectFile, "project");
    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    const stackConfig = fs.existsSync(stackFile) ? readConfig(readYaml(stackFile).config, name, stackFile, "stack") : { values: {}, secrets: [] };
    const config = { ...defaults.values, ...stackConfig.values };
    for (const [key, value] of Object.entries(overrides)) config[key.includes(":") ? key : `${name}:${key}`] = value;
    const missing = stackConfig.secrets.filter((k) => !(k in config));
    if (missing.length > 0) throw new SecretConfigError(stackFile, missing);
    const project: ProjectFile = { name, config };
    if (typeof doc.main === "string") project.main = doc.main;
    return project;
}

/**
 * The file Pulumi would run: `main` from Pulumi.yaml (a file or a directory), else the
 * directory's package.json `main`, else its index. A compiled `.js` twin of a `.ts` entry under
 * `dist/` (or the package.json `main`) is preferred when it is at least as new: no compile cost.
 */
export function resolveEntry(dir: string, main: string | undefined): string {
    const base = path.resolve(dir, main ?? ".");
    if (fs.existsSync(base) && fs.statSync(base).isFile()) return preferCompiled(dir, base);
    const pkgFile = path.join(base, "package.json");
    if (fs.existsSync(pkgFile)) {
        const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: unknown };
        if (typeof pkg.main === "string") {
            const target = path.resolve(base, pkg.main);
            const candidates = [target, `${target}.js`, `${target}.ts`, path.join(target, "index.js"), path.join(target, "index.ts")];
            const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
            if (found !== undefined) return preferCompiled(dir, found);
        }
    }
    const index = ["index.ts", "index.js"].map((f) => path.join(base, f)).find((f) => fs.existsSync(f));
    if (index === undefined) throw new Error(`no program entry (index.ts or index.js) in ${base}`);
    return preferCompiled(dir, index);
}

function preferCompiled(dir: string, entry: string): string {
    if (!entry.endsWith(".ts")) return entry;
    const twin = path.join(dir, "dist", path.relative(dir, entry)).replace(/\.ts$/, ".js");
    const fresh = fs.existsSync(twin) && fs.statSync(twin).mtimeMs >= fs.statSync(entry).mtimeMs;
    return fresh ? twin : entry;
}

const TS_NODE_INSTANCE = Symbol.for("ts-node.register.instance");

/**
 * Lets `require` load TypeScript, with the ts-node Pulumi itself would pick, transpile-only:
 * type errors are the compiler's job, and checking them here would cost seconds per run.
 */
function ensureTypeScript(): void {
    if ((process as unknown as Record<symbol, unknown>)[TS_NODE_INSTANCE] !== undefined) return;
    // A `.ts` loader the host installed already (the CLI's cached transpiler) is kept.
    if (require.extensions[".ts"] !== undefined) return;
    const { tsnodeRequire } = tsutils.typeScriptRequireStrings();
    const tsnode = requireFromPulumi(tsnodeRequire) as { register(options: object): unknown };
    tsnode.register({
        transpileOnly: true,
        skipProject: true,
        compilerOptions: { module: "commonjs", target: "es2020", esModuleInterop: true, sourceMap: true },
    });
}

/** Forgets the program's own modules so the next run executes its top level again. */
function forgetModules(dir: string): void {
    const root = path.resolve(dir) + path.sep;
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(root) && !file.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[file];
    }
}

/**
 * Loads the program as the Node language host does for CommonJS: its exports are the stack
 * outputs, or, when it exports a function (`export = async () => …`), what that returns.
 */
async function loadProgram(dir: string, entry: string): Promise<unknown> {
    forgetModules(dir);
    const exported = createRequire(entry)(entry) as unknown;
    return typeof exported === "function" ? await (exported as () => unknown)() : exported;
}

/**
 * Runs a Pulumi project directory under mocks: reads Pulumi.yaml (name, main, config defaults)
 * and `Pulumi.<stack>.yaml`, and runs its entry with config visible to `new pulumi.Config()`.
 */
export async function runProgramFile(dir: string, options: ProgramFileOptions): Promise<CapturedStack> {
    const stack = options.stack ?? "stack";
    const project = readProject(dir, stack, options.config ?? {});
    const entry = resolveEntry(dir, project.main);
    if (entry.endsWith(".ts")) ensureTypeScript();
    return runUnderMocks(() => loadProgram(dir, entry), { ...options, project: project.name, stack, config: project.config });
}
