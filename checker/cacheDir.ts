import * as os from "node:os";
import * as path from "node:path";

/**
 * Where the checker keeps what it can reuse between runs (transpiled TypeScript, V8 code
 * caches): `AGENTCORE_HUB_CACHE_DIR`, else a per-user directory under the system temp dir.
 * `AGENTCORE_HUB_NO_CACHE=1` turns caching off. A cache only saves time: every entry is keyed by
 * the content it was made from, so a stale entry is never used.
 */
export function cacheDir(kind: string): string | undefined {
    if (process.env.AGENTCORE_HUB_NO_CACHE === "1") return undefined;
    const user = typeof process.getuid === "function" ? String(process.getuid()) : "user";
    const base = process.env.AGENTCORE_HUB_CACHE_DIR ?? path.join(os.tmpdir(), `agentcore-hub-cache-${user}`);
    return path.join(base, `${kind}-node${process.versions.node}`);
}
