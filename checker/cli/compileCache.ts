import { createHash } from "node:crypto";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import { cacheDir } from "../cacheDir";

/**
 * V8's code cache for every CommonJS module a process loads, kept on disk per entry point.
 * Node 20 compiles `@pulumi/pulumi`, both providers and the pack from source at each start,
 * and compiles each function again the first time it runs. The cache is written once the run
 * is over (`createCachedData` after execution), so it holds the functions that actually ran,
 * not only the top level; a run whose modules were all cached writes nothing.
 */

interface Entry {
    /** sha1 of the module's source: a changed file is compiled afresh. */
    hash: string;
    offset: number;
    length: number;
}

interface CompiledModule {
    _compile(content: string, filename: string): unknown;
    require(id: string): unknown;
    exports: unknown;
}

interface ModuleInternals {
    prototype: CompiledModule;
    wrap(content: string): string;
    _resolveFilename(request: string, parent: CompiledModule, isMain: boolean, options?: { paths?: string[] }): string;
    _resolveLookupPaths(request: string, parent: CompiledModule): string[] | null;
    _extensions: NodeJS.RequireExtensions;
    _cache: NodeJS.Dict<NodeModule>;
}

class CodeCache {
    private readonly blobFile: string;
    private readonly mapFile: string;
    private blob: Buffer = Buffer.alloc(0);
    private map: Record<string, Entry> = {};
    private readonly scripts = new Map<string, { script: vm.Script; hash: string }>();
    /** Modules compiled from source (not in the cache, or V8 refused their data), and modules V8 took from it. */
    private readonly counts = { compiled: 0, rejected: 0, cached: 0 };
    /** The run's cache is written once: at the explicit save of a worker thread, or at exit. */
    private saved = false;

    constructor(
        private readonly dir: string,
        private readonly name: string,
    ) {
        this.blobFile = path.join(dir, `${name}.blob`);
        this.mapFile = path.join(dir, `${name}.json`);
        try {
            this.map = JSON.parse(fs.readFileSync(this.mapFile, "utf8")) as Record<string, Entry>;
            this.blob = fs.readFileSync(this.blobFile);
        } catch (e) {
            // No cache yet, or a damaged one: start empty; it is rewritten at exit.
            if (!(e instanceof SyntaxError) && (e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
            this.map = {};
        }
    }

    compile(filename: string, content: string): (...args: unknown[]) => unknown {
        const hash = createHash("sha1").update(content).digest("hex");
        const entry = this.map[filename];
        const cachedData = entry !== undefined && entry.hash === hash ? this.blob.subarray(entry.offset, entry.offset + entry.length) : undefined;
        const script = new vm.Script((Module as unknown as ModuleInternals).wrap(content), {
            filename,
            cachedData,
            importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
        });
        // A module compiled from source makes the run write the cache: one it did not have, or one
        // whose data V8 refused (made under other V8 flags; the pack's preload sets the flag
        // `run-policy-pack` sets, before any module: packPreload.ts).
        if (cachedData === undefined) this.counts.compiled++;
        else if (script.cachedDataRejected === true) this.counts.rejected++;
        else this.counts.cached++;
        this.scripts.set(filename, { script, hash });
        return script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    }

    /** Writes the cache, once, when this run compiled anything from source (atomically: temp file, rename). */
    save(): void {
        if (this.saved) return;
        this.saved = true;
        this.report();
        if (this.counts.compiled + this.counts.rejected === 0) return;
        const buffers: Buffer[] = [];
        const map: Record<string, Entry> = {};
        let offset = 0;
        for (const [filename, { script, hash }] of this.scripts) {
            const data = script.createCachedData();
            buffers.push(data);
            map[filename] = { hash, offset, length: data.length };
            offset += data.length;
        }
        fs.mkdirSync(this.dir, { recursive: true });
        const suffix = `.${process.pid}.tmp`;
        fs.writeFileSync(this.blobFile + suffix, Buffer.concat(buffers));
        fs.writeFileSync(this.mapFile + suffix, JSON.stringify(map));
        // The map last: a reader that sees the new map finds the blob it describes.
        fs.renameSync(this.blobFile + suffix, this.blobFile);
        fs.renameSync(this.mapFile + suffix, this.mapFile);
    }

    /** With `AGENTCORE_HUB_CODE_CACHE_STATS=<file>`, appends this run's counts to it, one JSON line (for tests and profiles). */
    private report(): void {
        const file = process.env.AGENTCORE_HUB_CODE_CACHE_STATS;
        if (file === undefined || file === "") return;
        fs.appendFileSync(file, `${JSON.stringify({ cache: this.name, ...this.counts })}\n`);
    }
}

/** Removes a leading `#!` line, as Node does before compiling a module. */
function stripShebang(content: string): string {
    return content.startsWith("#!") ? content.replace(/^#![^\r\n]*/, "") : content;
}

/** The process's main module, as Node gives every module's `require.main`. */
const mainModule = require.main;

/** Compiles and runs one module as Node's own `_compile` does, through the cache. */
function compileModule(cache: CodeCache, mod: CompiledModule, content: string, filename: string): unknown {
    const internals = Module as unknown as ModuleInternals;
    // The same function Node builds for a module (lib/internal/modules/helpers makeRequireFunction).
    const require = ((id: string) => mod.require(id)) as NodeJS.Require;
    const resolve = ((request: string, options?: { paths?: string[] }) => internals._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
    resolve.paths = (request: string) => internals._resolveLookupPaths(request, mod);
    require.resolve = resolve;
    require.main = mainModule;
    require.extensions = internals._extensions;
    require.cache = internals._cache;
    const wrapper = cache.compile(filename, stripShebang(content));
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
}

/**
 * Installs the cache for this process; `name` is the entry point's cache file. Off when
 * caching is (AGENTCORE_HUB_NO_CACHE=1).
 */
let installedName: string | undefined;

/** The name this thread's code cache was installed under, if one was (a worker thread of the checker uses its own, `<name>-<thread>`). */
export function installedCodeCache(): string | undefined {
    return installedName;
}

let installed: CodeCache | undefined;

export function installCompileCache(name: string): void {
    const dir = cacheDir("v8");
    if (dir === undefined) return;
    installedName = name;
    const cache = new CodeCache(dir, name);
    installed = cache;
    (Module as unknown as ModuleInternals).prototype._compile = function (this: CompiledModule, content: string, filename: string): unknown {
        return compileModule(cache, this, content, filename);
    };
    process.once("exit", () => cache.save());
}

/**
 * Writes the cache now, if this run compiled anything from source. A worker thread calls it before
 * it reports that it is done: the checker terminates its pack thread then (packThread.ts `close`),
 * and a terminated thread's 'exit' handler did not write the file (observed: the pack thread's
 * cache was never written, and its 297 modules compiled from source at every check).
 */
export function saveCompileCache(): void {
    installed?.save();
}
