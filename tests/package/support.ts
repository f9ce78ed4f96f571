/**
 * Helpers of the package tests (consume.test.ts, sdkMatrix.test.ts): child commands with the
 * environment a user's shell would have, `npm pack` of the repository (building it first when
 * dist/ is stale), and installs into a fresh project from the npm cache.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
export const PACKAGE_NAME = "pulumi-agentcore-hub";
/** What `npm run build` compiles (tsconfig.build.json). */
const BUILD_DIRS = ["components", "invariants", "policypack", "checker", "bench"];
const BUILD_EXCLUDED = new Set([path.join("policypack", "index.ts")]);

export interface PackageJson {
    name: string;
    main?: string;
    types?: string;
    exports?: unknown;
    engines?: Record<string, string>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
}

export const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as PackageJson;

/** The environment of child commands, without what `npm test` sets for this repository's own lifecycle. */
export function childEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (/^npm_(package|lifecycle)_/i.test(key) || /^npm_config_local_prefix$/i.test(key) || key === "INIT_CWD") continue;
        env[key] = value;
    }
    return env;
}

/** Runs a command; throws with its exit status, stderr and stdout unless it succeeds. */
export function run(command: string, args: string[], cwd: string, what: string, env: NodeJS.ProcessEnv = childEnv()): { stdout: string; stderr: string; ms: number } {
    const started = Date.now();
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 280_000 });
    const ms = Date.now() - started;
    if (result.error || result.status !== 0) {
        const how = result.error ? `could not run: ${result.error.message}` : result.status === null ? `killed by ${result.signal}` : `exit code ${result.status}`;
        throw new Error(
            `${what} failed (${how}) after ${ms} ms\n$ cd ${cwd} && ${command} ${args.join(" ")}\n` +
                `--- stderr ---\n${result.stderr ?? ""}\n--- stdout ---\n${result.stdout ?? ""}`,
        );
    }
    return { stdout: result.stdout, stderr: result.stderr, ms };
}

function sourceFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** Sources whose compiled file in dist/ is missing or older than they are (why a build is needed). */
export function staleSources(): string[] {
    return BUILD_DIRS.flatMap((dir) => sourceFiles(path.join(REPO, dir)))
        .map((file) => path.relative(REPO, file))
        .filter((rel) => !BUILD_EXCLUDED.has(rel))
        .filter((rel) => {
            const compiled = path.join(REPO, "dist", rel.replace(/\.ts$/, ".js"));
            return !fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(path.join(REPO, rel)).mtimeMs;
        });
}

/** `npm pack` of the repository into `dir` (built first if dist/ is stale); the tarball's path. */
export function packTarball(dir: string): string {
    const stale = staleSources();
    if (stale.length > 0) run(NPM, ["run", "build"], REPO, `npm run build (dist/ is stale for ${stale.length} source(s), e.g. ${stale[0]})`);
    run(NPM, ["pack", "--pack-destination", dir], REPO, "npm pack");
    const packed = fs.readdirSync(dir).filter((f) => f.endsWith(".tgz"));
    assert.equal(packed.length, 1, `npm pack should write one tarball, found: ${packed.join(", ") || "none"}`);
    return path.join(dir, packed[0]);
}

/**
 * `npm install` in `dir`, without lifecycle scripts: from the npm cache (`--offline`), else
 * allowing the registry for what the cache lacks (`--prefer-offline`). Both errors when both fail.
 */
export function npmInstall(dir: string, args: string[] = [], what = "npm install"): { ms: number } {
    const common = ["install", "--no-audit", "--no-fund", "--ignore-scripts", ...args];
    try {
        return run(NPM, [...common, "--offline"], dir, `${what} --offline`);
    } catch (offline) {
        try {
            return run(NPM, [...common, "--prefer-offline"], dir, `${what} --prefer-offline`);
        } catch (preferOffline) {
            throw new Error(`${(offline as Error).message}\n\n${(preferOffline as Error).message}`);
        }
    }
}
