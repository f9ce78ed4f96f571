import * as fs from "node:fs";
import * as path from "node:path";
import { PARENT_PID_ENV } from "./parentWatch";

/** Set for a pack process whose pack is compiled JavaScript (packPreload.ts reads it). */
export const COMPILED_PACK_ENV = "AGENTCORE_HUB_COMPILED_PACK";

/** The preload module given to the pack process (present in compiled builds only). */
const PACK_PRELOAD = path.join(__dirname, "packPreload.js");

/** True when the pack's entry is JavaScript: nothing in it needs ts-node. */
function isCompiledPack(packDir: string): boolean {
    const pkgFile = path.join(packDir, "package.json");
    const main = fs.existsSync(pkgFile) ? (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: unknown }).main : undefined;
    const entry = path.resolve(packDir, typeof main === "string" ? main : "index.js");
    return entry.endsWith(".js") && fs.existsSync(entry) && !fs.existsSync(entry.replace(/\.js$/, ".ts"));
}

/**
 * The environment the checker adds for the pack process: `NODE_OPTIONS` preloading
 * packPreload.js (V8 code cache, deferred SDK modules), and whether the pack is compiled. Empty
 * when this is not a compiled build of the checker (ts-node sources cannot be preloaded by node).
 */
export function packPreloadEnv(packDir: string): NodeJS.ProcessEnv {
    if (!fs.existsSync(PACK_PRELOAD)) return {};
    const preload = `--require ${JSON.stringify(PACK_PRELOAD)}`;
    const existing = process.env.NODE_OPTIONS;
    // The pack exits by itself when this process is gone, even killed with SIGKILL (parentWatch.ts).
    const env: NodeJS.ProcessEnv = { NODE_OPTIONS: existing ? `${existing} ${preload}` : preload, [PARENT_PID_ENV]: String(process.pid) };
    if (isCompiledPack(packDir)) env[COMPILED_PACK_ENV] = "1";
    return env;
}
