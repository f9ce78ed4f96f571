import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";

interface Loader {
    _load(request: string, parent: NodeModule | undefined, isMain: boolean): unknown;
}

type LoadReal = () => object;

/**
 * A stand-in that loads the real module on first use; every use goes to the real module, except
 * reads of `known` properties (values the caller knows without loading it).
 */
function lazyModule(load: LoadReal, known: Record<string, unknown> = {}): object {
    let real: object | undefined;
    const target = () => (real ??= load());
    return new Proxy(
        {},
        {
            get: (_stub, key) => (real === undefined && typeof key === "string" && key in known ? known[key] : Reflect.get(target(), key)),
            has: (_stub, key) => Reflect.has(target(), key),
            ownKeys: () => Reflect.ownKeys(target()),
            getOwnPropertyDescriptor: (_stub, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
                // A proxy may not report a non-configurable property its (empty) target lacks.
                return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
            },
        },
    );
}

/**
 * A stand-in for a module whose importer only copies function exports at load
 * (`exports.f = m.f`): each read gives a function that loads the real module when called.
 */
function lazyFunctions(load: LoadReal): object {
    let real: Record<string | symbol, unknown> | undefined;
    const target = () => (real ??= load() as Record<string | symbol, unknown>);
    const forwarders = new Map<string | symbol, (...args: unknown[]) => unknown>();
    return new Proxy(
        {},
        {
            get: (_stub, key) => {
                let forward = forwarders.get(key);
                if (forward === undefined) {
                    forward = (...args: unknown[]) => Reflect.apply(target()[key] as (...a: unknown[]) => unknown, target(), args);
                    forwarders.set(key, forward);
                }
                return forward;
            },
        },
    );
}

interface Deferral {
    /** Whether this is the request (a package name, or the SDK's vendored copy's path). */
    request: (request: string) => boolean;
    /** The end of the requiring file's path: only that importer gets the stand-in. */
    importer: string;
    standIn: (load: LoadReal, request: string, parent: NodeModule) => object;
}

const isTypeScript = (r: string) => r === "typescript" || r.endsWith(path.join("vendor", "typescript@3.8.3", "typescript.js"));
const isTsNode = (r: string) => r === "ts-node" || r.endsWith(path.join("vendor", "ts-node@7.0.1"));

/**
 * Modules `@pulumi/pulumi` loads as it is loaded but only uses for closure serialization
 * (`serializeFunction`, callback Lambdas), which neither a check nor a policy pack does:
 * - TypeScript (about 9 MB of JavaScript), through `typescript-shim.js`, used inside functions;
 * - `runtime/closure/codePaths` (npm's arborist, pacote, sigstore…), of which
 *   `runtime/index.js` only copies `computeCodePaths`.
 * About 0.6 s of CPU per process (@pulumi/pulumi 3.270). Each still loads, for real, the first
 * time it is used, so a program that serializes a function works as before.
 */
const SDK_DEFERRALS: readonly Deferral[] = [
    { request: isTypeScript, importer: `${path.sep}typescript-shim.js`, standIn: (load) => lazyModule(load) },
    { request: (r) => r === "./closure/codePaths", importer: path.join("@pulumi", "pulumi", "runtime", "index.js"), standIn: (load) => lazyFunctions(load) },
];

/** TypeScript's version without loading it: from its package.json, as `run-policy-pack` reads `ts.version`. */
function typeScriptVersion(request: string, parent: NodeModule): string {
    if (request !== "typescript") return "3.8.3";
    const pkg = require.resolve("typescript/package.json", { paths: [path.dirname(parent.filename)] });
    return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

/**
 * In a policy pack process whose pack is compiled JavaScript: `run-policy-pack` registers
 * ts-node (type-checking on) and loads TypeScript for every pack, though a compiled pack never
 * requires a `.ts` file. ts-node's `register` becomes a no-op there, and TypeScript is loaded
 * only if something besides its version is read.
 */
const COMPILED_PACK_DEFERRALS: readonly Deferral[] = [
    ...[path.join("@pulumi", "pulumi", "tsutils.js"), path.join("run-policy-pack", "run.js")].flatMap((importer): Deferral[] => [
        { request: isTsNode, importer, standIn: () => ({ VERSION: "not loaded (compiled policy pack)", register: () => undefined }) },
        { request: isTypeScript, importer, standIn: (load, request, parent) => lazyModule(load, { version: typeScriptVersion(request, parent) }) },
    ]),
];

/** `./<name>` where `<name>` is a folder with an index.js beside the importer: a service namespace. */
function isServiceNamespace(request: string, parent: NodeModule): boolean {
    return /^\.\/[a-z0-9]+$/.test(request) && fs.existsSync(path.join(path.dirname(parent.filename), request, "index.js"));
}

/** Deferred provider namespaces not loaded yet, by `<package>/<namespace>` (`@pulumi/aws/iam`): each forces its load. */
const pendingNamespaces = new Map<string, () => void>();

/** The stand-in for one provider namespace, forced when a file under it is required directly (below). */
function deferredNamespace(pkg: string, load: LoadReal, request: string): object {
    const key = `${pkg}/${request.slice(2)}`;
    const standIn = lazyModule(() => {
        pendingNamespaces.delete(key);
        return load();
    }, { __esModule: true });
    pendingNamespaces.set(key, () => void Reflect.ownKeys(standIn));
    return standIn;
}

/** `@pulumi/aws/iam/role` -> `@pulumi/aws/iam`: the namespace a direct require of a provider file is under. */
function providerNamespaceOf(request: string): string | undefined {
    const match = /^(@pulumi\/(?:aws|aws-native))\/([a-z0-9]+)(?:\/|$)/.exec(request);
    return match === null ? undefined : `${match[1]}/${match[2]}`;
}

/**
 * The providers' index files (`@pulumi/aws`, `@pulumi/aws-native`) load every service's
 * namespace as they load (`const batch = __importStar(require("./batch"))`, about 240 and 250
 * of them), though a program uses a handful: about 0.45 s of CPU of the reference example's
 * check (@pulumi/aws 7, @pulumi/aws-native 1.79). Each namespace is loaded, for real, at the
 * first read of one of its members; `__importStar` reads only `__esModule` at load, answered
 * without loading. What a namespace does at load besides defining its members is registering
 * its resource modules with the SDK (`pulumi.runtime.registerResourceModule`), which the SDK
 * reads to rebuild the resource references the monitor hands back to the program
 * (`runtime/rpc.js:711-732`; monitor.ts returns the program's own values, references
 * included). A reference names a resource the program created, so its namespace was loaded
 * when the program reached the resource's class: through the namespace (a member read), or by
 * requiring the resource's file directly (`@pulumi/aws/iam/role`), which forces the deferred
 * namespace first. So every registration a reference can need is made, as with eager loading.
 */
const PROVIDER_DEFERRALS: readonly Deferral[] = [path.join("@pulumi", "aws"), path.join("@pulumi", "aws-native")].map((pkg) => ({
    request: (r) => r.startsWith("./"),
    importer: `${path.sep}node_modules${path.sep}${pkg}${path.sep}index.js`,
    standIn: (load, request, parent) => (isServiceNamespace(request, parent) ? deferredNamespace(pkg.split(path.sep).join("/"), load, request) : load()),
}));

export interface DeferOptions {
    /** This process runs a compiled policy pack (set by the checker for the pack it starts). */
    compiledPack?: boolean;
}

/** Installs the deferrals for this process (the CLI, and the pack through its preload). */
export function deferUnusedSdkModules(options: DeferOptions = {}): void {
    const deferrals = options.compiledPack ? [...SDK_DEFERRALS, ...COMPILED_PACK_DEFERRALS] : [...SDK_DEFERRALS, ...PROVIDER_DEFERRALS];
    const loader = Module as unknown as Loader;
    const load = loader._load;
    loader._load = function (this: unknown, request, parent, isMain) {
        const namespace = pendingNamespaces.size === 0 ? undefined : providerNamespaceOf(request);
        if (namespace !== undefined) pendingNamespaces.get(namespace)?.();
        const deferral = parent === undefined ? undefined : deferrals.find((d) => d.request(request) && parent.filename.endsWith(d.importer));
        if (deferral !== undefined && parent !== undefined) return deferral.standIn(() => load.call(this, request, parent, isMain) as object, request, parent);
        return load.call(this, request, parent, isMain);
    };
}
