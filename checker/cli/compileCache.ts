import * as fs from "node:fs";
import * as path from "node:path";
import { install } from "v8-compile-cache-lib";
import { cacheDir } from "./cacheDir";

/**
 * Node 20 compiles every module of `@pulumi/pulumi`, the providers and TypeScript from source
 * at each start (about a second of a check). V8's code cache, kept on disk per entry point,
 * skips most of that from the second run on. `prefix` names the entry point's cache blob.
 */
export function installCompileCache(prefix: string): void {
    const dir = cacheDir("v8");
    if (dir !== undefined) install({ cacheDir: dir, prefix });
}

/** The preload module that gives a spawned policy pack the same cache (compiled builds only). */
const PACK_PRELOAD = path.join(__dirname, "packPreload.js");

/**
 * `NODE_OPTIONS` for the policy pack process: it preloads the cache installer. Empty when
 * caching is off or this is not a compiled build (ts-node sources cannot be preloaded by node).
 */
export function packCompileCacheEnv(): NodeJS.ProcessEnv {
    if (cacheDir("v8") === undefined || !fs.existsSync(PACK_PRELOAD)) return {};
    const preload = `--require ${JSON.stringify(PACK_PRELOAD)}`;
    const existing = process.env.NODE_OPTIONS;
    return { NODE_OPTIONS: existing ? `${existing} ${preload}` : preload };
}
