import { install } from "v8-compile-cache-lib";
import { cacheDir } from "./cacheDir";

/**
 * Node 20 compiles every module of `@pulumi/pulumi`, the providers and the pack from source at
 * each start. V8's code cache, kept on disk per entry point, skips most of that from the second
 * run on. `prefix` names the entry point's cache blob.
 */
export function installCompileCache(prefix: string): void {
    const dir = cacheDir("v8");
    if (dir !== undefined) install({ cacheDir: dir, prefix });
}
