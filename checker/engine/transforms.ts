import * as callbackpb from "@pulumi/pulumi/proto/callback_pb";
import { CallbacksClient } from "@pulumi/pulumi/proto/callback_grpc_pb";
import * as aliaspb from "@pulumi/pulumi/proto/alias_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { packageOfType } from "./providers";
import { grpc, structpb } from "./sdkModules";
import { sdkProtoFields } from "./sdkProtoFields";
import { UNKNOWN, WireObject, WireValue, isWireObject } from "./wire";

/**
 * Resource and invoke transforms, applied as the engine's resource monitor applies them.
 * Citations are to pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8
 * (pkg/resource/deploy/source_eval.go unless another file is named).
 *
 * The SDK registers every transform with its callback server (a real gRPC server, also under
 * mocks: sdk/nodejs/runtime/settings.ts getCallbacks) and sends the engine a `Callback` (target +
 * token). The engine calls it back over `Callbacks.Invoke` with a `TransformRequest` (:1561-1635);
 * so does this module, so the SDK's own marshalling of `ResourceTransformArgs` and of the result
 * (`undefined` = unchanged, omitted options reset) is what runs, not a copy of it.
 *
 * What a transform can change is what `TransformResponse` carries: properties and options. Type,
 * name and parent are not in it, so they stay as registered (:2505-2511 passes them in only).
 */

const SIG = rpc.specialSigKey;
const OUTPUT_SIG = rpc.specialOutputValueSig;
const SECRET_SIG = rpc.specialSecretSig;

type Callback = callbackpb.Callback;

// ---------------------------------------------------------------------------------------------
// Property values: the engine's Output-value upgrade before, and downgrade after, the transforms.
// ---------------------------------------------------------------------------------------------

function isOutputValue(value: WireValue): boolean {
    return isWireObject(value) && value[SIG] === OUTPUT_SIG;
}

/**
 * Unknowns and secrets as output values, at any depth: RegisterResource unmarshals the program's
 * properties with `UpgradeToOutputValues` (:2358-2370; sdk/go/common/resource/plugin/rpc.go:664-689),
 * so a transform sees an unknown leaf as an unknown `Output` and a secret as a secret `Output`.
 */
function upgradeLeaves(value: WireValue): WireValue {
    if (value === UNKNOWN) return { [SIG]: OUTPUT_SIG };
    if (Array.isArray(value)) return value.map(upgradeLeaves);
    if (!isWireObject(value)) return value;
    if (value[SIG] === SECRET_SIG) return { [SIG]: OUTPUT_SIG, secret: true, value: upgradeLeaves(value.value ?? null) };
    if (value[SIG] !== undefined) return value;
    return mapProperties(value, upgradeLeaves);
}

/** The URNs output values inside `value` depend on (`addOutputDependencies`, :3522-3547). */
function addOutputDependencies(into: Set<string>, value: WireValue): void {
    if (Array.isArray(value)) {
        for (const v of value) addOutputDependencies(into, v);
        return;
    }
    if (!isWireObject(value)) return;
    if (isOutputValue(value) && Array.isArray(value.dependencies)) {
        for (const d of value.dependencies) if (typeof d === "string") into.add(d);
    }
    for (const [key, v] of Object.entries(value)) if (key !== "dependencies" || !isOutputValue(value)) addOutputDependencies(into, v);
}

/**
 * With transforms on the resource itself, each property that has dependencies becomes an output
 * value carrying them, so a transform that keeps it keeps its dependencies (:2408-2411, :3474-3520).
 */
function upgradeWithDependencies(props: WireObject, propertyDependencies: Map<string, string[]>): WireObject {
    const result: WireObject = {};
    for (const [key, value] of Object.entries(props)) {
        const deps = propertyDependencies.get(key) ?? [];
        const current = new Set<string>();
        addOutputDependencies(current, value);
        if (deps.every((d) => current.has(d))) {
            result[key] = value;
            continue;
        }
        const output: WireObject = isWireObject(value) && isOutputValue(value) ? { ...value } : { [SIG]: OUTPUT_SIG, value };
        const existing = Array.isArray(output.dependencies) ? output.dependencies.filter((d): d is string => typeof d === "string") : [];
        output.dependencies = [...new Set([...existing, ...deps])];
        result[key] = output;
    }
    return result;
}

/** Output values back to unknowns, secrets or plain values, as the engine forwards them (:2809, :3422-3472). */
function downgrade(value: WireValue): WireValue {
    if (Array.isArray(value)) return value.map(downgrade);
    if (!isWireObject(value)) return value;
    if (isOutputValue(value)) {
        // An output value without `value` is unknown (sdk/go/common/resource/plugin/rpc.go:215-220).
        const inner = Object.keys(value).includes("value") ? downgrade(value.value) : UNKNOWN;
        return value.secret === true ? { [SIG]: SECRET_SIG, value: inner } : inner;
    }
    return mapProperties(value, downgrade);
}

/** `fn` over each property of an object (the property maps the engine transforms are objects). */
function mapProperties(props: WireObject, fn: (value: WireValue) => WireValue): WireObject {
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fn(v)]));
}

function structOf(props: WireObject): ReturnType<typeof structpb.Struct.fromJavaScript> {
    return structpb.Struct.fromJavaScript(props);
}

function wireOf(struct: { toJavaScript(): unknown } | undefined): WireObject {
    const value = struct?.toJavaScript() as WireValue | undefined;
    return isWireObject(value) ? value : {};
}

// ---------------------------------------------------------------------------------------------
// Options: the request's options as `TransformResourceOptions`, and the result written back.
// ---------------------------------------------------------------------------------------------

/** The alias list handed to transforms: alias URNs first, then alias specs (:2330-2347). */
function aliasesOf(req: resproto.RegisterResourceRequest): aliaspb.Alias[] {
    return [...req.getAliasurnsList().map((urn) => new aliaspb.Alias().setUrn(urn)), ...req.getAliasesList()];
}

/** `resolveProvider` (:2226-2245): the explicit provider, else the `providers` entry for the package. */
function resolvedProvider(req: resproto.RegisterResourceRequest): string {
    if (!req.getCustom() && !req.getRemote()) return req.getProvider();
    if (req.getProvider() !== "") return req.getProvider();
    return req.getProvidersMap().get(packageOfType(req.getType())) ?? "";
}

/** The options the engine builds from the registration before running transforms (:2413-2439). */
function transformOptionsOf(req: resproto.RegisterResourceRequest): resproto.TransformResourceOptions {
    const opts = new resproto.TransformResourceOptions()
        .setImport(req.getImportid())
        .setDependsOnList(req.getDependenciesList())
        .setIgnoreChangesList(req.getIgnorechangesList())
        .setReplaceOnChangesList(req.getReplaceonchangesList())
        .setVersion(req.getVersion())
        .setAliasesList(aliasesOf(req))
        .setProvider(resolvedProvider(req))
        .setHideDiffList(req.getHidediffsList())
        .setPluginDownloadUrl(req.getPlugindownloadurl())
        .setDeletedWith(req.getDeletedwith())
        .setAdditionalSecretOutputsList(req.getAdditionalsecretoutputsList());
    // Fields the installed SDK may not have (older than 3.207/3.208: sdkProtoFields.ts).
    if (sdkProtoFields.replaceWith) opts.setReplaceWithList(req.getReplaceWithList());
    if (req.hasProtect()) opts.setProtect(req.getProtect() === true);
    if (req.hasRetainondelete()) opts.setRetainOnDelete(req.getRetainondelete() === true);
    // DeleteBeforeReplace is passed when "defined", or when true for SDKs that omit "defined" (:2350-2356).
    if (req.getDeletebeforereplacedefined() || req.getDeletebeforereplace()) opts.setDeleteBeforeReplace(req.getDeletebeforereplace());
    const timeouts = req.getCustomtimeouts();
    if (timeouts !== undefined) opts.setCustomTimeouts(timeouts);
    const trigger = sdkProtoFields.replacementTrigger ? req.getReplacementTrigger() : undefined;
    if (trigger !== undefined) opts.setReplacementTrigger(trigger);
    const hooks = req.getHooks();
    if (hooks !== undefined) opts.setHooks(hooks);
    req.getProvidersMap().forEach((ref, pkg) => opts.getProvidersMap().set(pkg, ref));
    return opts;
}

/**
 * The transformed options written back onto the registration, so everything downstream (URN,
 * provider, options shown to analyzers) reads them as the engine reads `opts` after the
 * transforms (:2560-2776, the goal at :2981-3008).
 */
function applyOptions(req: resproto.RegisterResourceRequest, opts: resproto.TransformResourceOptions): void {
    req.setImportid(opts.getImport())
        .setIgnorechangesList(opts.getIgnoreChangesList())
        .setReplaceonchangesList(opts.getReplaceOnChangesList())
        .setVersion(opts.getVersion())
        .setAliasurnsList([])
        .setAliasesList(opts.getAliasesList())
        .setProvider(opts.getProvider())
        .setHidediffsList(opts.getHideDiffList())
        .setPlugindownloadurl(opts.getPluginDownloadUrl())
        .setDeletedwith(opts.getDeletedWith())
        .setAdditionalsecretoutputsList(opts.getAdditionalSecretOutputsList())
        .setCustomtimeouts(opts.getCustomTimeouts())
        .setHooks(opts.getHooks());
    if (sdkProtoFields.replaceWith) req.setReplaceWithList(opts.getReplaceWithList());
    if (sdkProtoFields.replacementTrigger) req.setReplacementTrigger(opts.getReplacementTrigger());
    if (opts.hasProtect()) req.setProtect(opts.getProtect() === true);
    else req.clearProtect();
    if (opts.hasRetainOnDelete()) req.setRetainondelete(opts.getRetainOnDelete() === true);
    else req.clearRetainondelete();
    req.setDeletebeforereplacedefined(opts.hasDeleteBeforeReplace()).setDeletebeforereplace(opts.getDeleteBeforeReplace() === true);
    req.clearProvidersMap();
    opts.getProvidersMap().forEach((ref, pkg) => req.getProvidersMap().set(pkg, ref));
}

function propertyDependenciesOf(req: resproto.RegisterResourceRequest): Map<string, string[]> {
    const result = new Map<string, string[]>();
    req.getPropertydependenciesMap().forEach((deps, key) => result.set(key, deps.getUrnsList()));
    return result;
}

/**
 * Dependencies after the transforms (:2631-2661). With transforms of its own the resource's
 * dependencies are rebuilt from the returned `dependsOn` plus what output values still carry,
 * per property; the SDK serializes a transform's result without output values, so a property a
 * transform rewrote has none. Otherwise (parent or stack transforms only) the registration's
 * own dependencies stay, extended by any output values.
 */
function applyDependencies(req: resproto.RegisterResourceRequest, props: WireObject, opts: resproto.TransformResourceOptions, rebuild: boolean): void {
    const byProperty = rebuild ? new Map<string, string[]>() : propertyDependenciesOf(req);
    const all = new Set<string>(rebuild ? opts.getDependsOnList() : req.getDependenciesList());
    for (const [key, value] of Object.entries(props)) {
        const deps = new Set<string>(byProperty.get(key) ?? []);
        addOutputDependencies(deps, value);
        byProperty.set(key, [...deps]);
        if (rebuild) for (const d of deps) all.add(d);
    }
    req.setDependenciesList([...all]);
    req.clearPropertydependenciesMap();
    const map = req.getPropertydependenciesMap();
    for (const [key, urns] of byProperty) map.set(key, new resproto.RegisterResourceRequest.PropertyDependencies().setUrnsList(urns));
}

// ---------------------------------------------------------------------------------------------
// The engine side of transforms.
// ---------------------------------------------------------------------------------------------

/**
 * `Callbacks.Invoke` on the SDK's callback server, one client per target, as the engine's
 * `GetCallbacksClient`. Opened per registration and closed after it, so no channel outlives the run.
 */
class CallbackClients {
    private readonly clients = new Map<string, CallbacksClient>();

    call(cb: Callback, request: Uint8Array): Promise<Uint8Array> {
        let client = this.clients.get(cb.getTarget());
        if (client === undefined) {
            client = new CallbacksClient(cb.getTarget(), grpc.credentials.createInsecure());
            this.clients.set(cb.getTarget(), client);
        }
        const invoke = new callbackpb.CallbackInvokeRequest().setToken(cb.getToken()).setRequest(request);
        return new Promise((resolve, reject) => {
            client.invoke(invoke, (err, response) => {
                if (err !== null) reject(new Error(err.details || err.message));
                else resolve(response.getResponse_asU8());
            });
        });
    }

    close(): void {
        for (const client of this.clients.values()) client.close();
        this.clients.clear();
    }
}

/** A transform callback failed; the engine fails the registration with this message (:2507-2509). */
class TransformError extends Error {
    constructor(message: string) {
        super(`invoke transform: ${message}`);
        this.name = "TransformError";
    }
}

/**
 * The resource monitor's transform state for one run: stack transforms in registration order,
 * each registered resource's own transforms and parent (for its children's lookups), and stack
 * invoke transforms.
 */
export class TransformRunner {
    private readonly stackTransforms: Callback[] = [];
    private readonly stackInvokeTransforms: Callback[] = [];
    private readonly ownTransforms = new Map<string, Callback[]>();
    private readonly parents = new Map<string, string>();

    /** `RegisterStackTransform` (:1754-1769): applies to registrations that arrive from now on. */
    addStackTransform(cb: Callback): void {
        if (cb.getTarget() === "") throw new Error("target must be specified");
        this.stackTransforms.push(cb);
    }

    /** `RegisterStackInvokeTransform` (:1771-1786). */
    addStackInvokeTransform(cb: Callback): void {
        if (cb.getTarget() === "") throw new Error("target must be specified");
        this.stackInvokeTransforms.push(cb);
    }

    /**
     * The transforms that run on a registration, in the engine's order (:2441-2501): the
     * resource's own, then each ancestor's own from the parent up, then the stack's (a snapshot:
     * a stack transform registered later does not reach this registration).
     */
    transformsFor(req: resproto.RegisterResourceRequest): Callback[] {
        const transforms = [...req.getTransformsList()];
        for (let current = req.getParent(); current !== ""; current = this.parents.get(current) ?? "") {
            transforms.push(...(this.ownTransforms.get(current) ?? []));
        }
        transforms.push(...this.stackTransforms);
        return transforms;
    }

    /**
     * Runs `transforms` over the registration and rewrites it in place (properties, options,
     * dependencies), before anything is derived from it (:2505-2511).
     */
    async transformRegistration(req: resproto.RegisterResourceRequest, transforms: Callback[]): Promise<void> {
        const own = req.getTransformsList().length > 0;
        let props = mapProperties(wireOf(req.getObject()), upgradeLeaves);
        if (own) props = upgradeWithDependencies(props, propertyDependenciesOf(req));
        let opts = transformOptionsOf(req);
        const clients = new CallbackClients();
        try {
            for (const cb of transforms) {
                const request = new resproto.TransformRequest()
                    .setName(req.getName())
                    .setType(req.getType())
                    .setCustom(req.getCustom())
                    .setParent(req.getParent())
                    .setProperties(structOf(props))
                    .setOptions(opts);
                const bytes = await clients.call(cb, request.serializeBinary()).catch((err: Error) => Promise.reject(new TransformError(err.message)));
                const response = resproto.TransformResponse.deserializeBinary(bytes);
                // An absent field leaves the previous value (:1618-1629).
                const options = response.getOptions();
                if (options !== undefined) opts = options;
                if (response.hasProperties()) props = wireOf(response.getProperties());
            }
        } finally {
            clients.close();
        }
        applyDependencies(req, props, opts, own);
        applyOptions(req, opts);
        req.setObject(structOf(mapProperties(props, downgrade)));
    }

    /**
     * After a successful registration: its parent and its own transforms are kept for its
     * children (:3057-3067).
     */
    settle(urn: string, parent: string, own: Callback[]): void {
        this.parents.set(urn, parent);
        this.ownTransforms.set(urn, own);
    }

    hasInvokeTransforms(): boolean {
        return this.stackInvokeTransforms.length > 0;
    }

    /**
     * Stack invoke transforms over an invoke's arguments and options, before the provider is
     * chosen (:1064-1113, :1681-1751); the request is rewritten in place.
     */
    async transformInvoke(req: resproto.ResourceInvokeRequest): Promise<void> {
        let args = wireOf(req.getArgs());
        let opts = new resproto.TransformInvokeOptions()
            .setProvider(req.getProvider())
            .setVersion(req.getVersion())
            .setPluginDownloadUrl(req.getPlugindownloadurl());
        const clients = new CallbackClients();
        try {
            for (const cb of [...this.stackInvokeTransforms]) {
                const request = new resproto.TransformInvokeRequest().setToken(req.getTok()).setArgs(structOf(args)).setOptions(opts);
                const response = resproto.TransformInvokeResponse.deserializeBinary(await clients.call(cb, request.serializeBinary()));
                const options = response.getOptions();
                if (options !== undefined) opts = options;
                if (response.hasArgs()) args = wireOf(response.getArgs());
            }
        } finally {
            clients.close();
        }
        req.setArgs(structOf(args)).setProvider(opts.getProvider()).setVersion(opts.getVersion()).setPlugindownloadurl(opts.getPluginDownloadUrl());
    }
}
