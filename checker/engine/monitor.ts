import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { Callback as CallbackProto } from "@pulumi/pulumi/proto/callback_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { InvokeEmulator, UnsupportedInvokeError } from "./invokes";
import {
    DEFAULT_SCOPE,
    ProviderScope,
    defaultProviderInputs,
    defaultProviderName,
    isProviderType,
    packageOfType,
    parseProviderReference,
    scopeFromProviderInputs,
} from "./providers";
import { ProviderModel, defaultProviderModel } from "./providerModel";
import { readStackReference } from "./stackReference";
import { OutputSynthesizer } from "./synthesize";
import { TransformRunner } from "./transforms";
import { CapturedInvoke, CapturedProviderReference, CapturedResource, CapturedResourceOptions, EngineMode } from "./types";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { resolvedStruct } from "./resolvedStruct";
import { structpb } from "./sdkModules";
import { UNKNOWN, WireObject, WireValue, isWireObject, secretValue, toAnalyzerProperties } from "./wire";

export interface MonitorOptions {
    mode: EngineMode;
    project: string;
    stack: string;
    /** Stack config, fully qualified keys (`aws:region`): default providers are built from it. */
    config: Record<string, string>;
    synthesizer: OutputSynthesizer;
    invokes: InvokeEmulator;
    /** Outputs of the stacks a `StackReference` names (`org/project/stack` -> outputs). */
    stackReferences: Record<string, WireObject>;
    /** Stacks checked later in the same set (a read of one is an ordering mistake). */
    laterStacks?: readonly string[];
    /** The providers' Check and create-preview; the SDK-derived default unless a test replaces it. */
    providerModel?: ProviderModel;
    /** Told of each resource as it is recorded, in registration order (analysis starts while the program runs). */
    onRecorded?: (resource: CapturedResource) => void;
}

type Callback<T> = (err: Error | null, response?: T) => void;

type NewResourceFields = Pick<CapturedResource, "urn" | "type" | "name" | "custom" | "origin" | "inputs" | "outputs"> &
    Partial<Pick<CapturedResource, "id" | "parent" | "dependencies" | "propertyDependencies" | "provider" | "options">>;

/**
 * The response class of the monitor's `Invoke`. `ResourceInvokeResponse` exists from
 * @pulumi/pulumi 3.256 (pulumi/pulumi bb4e4dd094, #24100, "a pure refactor, compatible at the
 * wire level": proto/pulumi/resource.proto:321-324, `return = 1`, `failures = 2`); before, the monitor
 * answered with `provider_pb.InvokeResponse`, the same two fields (bb4e4dd094^:
 * proto/pulumi/provider.proto:532-535; sdk/nodejs/runtime/mocks.ts:147,158
 * `new provproto.InvokeResponse()`). On an older SDK (3.202 to 3.255), constructing the missing
 * class threw inside every invoke, and the program waited forever on the failed invokes.
 */
const ResourceInvokeResponse: typeof resproto.ResourceInvokeResponse =
    (resproto as Partial<typeof resproto>).ResourceInvokeResponse ?? (provproto.InvokeResponse as unknown as typeof resproto.ResourceInvokeResponse);

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** The mock monitor never reaches these: every RPC that would call them is overridden below. */
const refusingMocks = {
    call(): never {
        throw new Error("unreachable: CapturingMonitor answers invokes itself");
    },
    newResource(): never {
        throw new Error("unreachable: CapturingMonitor answers registrations itself");
    },
};

/**
 * An error as a gRPC client would surface it: the SDK reads `details` (invokes) or `message`
 * (registrations), so both carry the text.
 */
function rpcError(err: unknown): Error {
    const error = err instanceof Error ? err : new Error(String(err));
    return Object.assign(error, { code: 2 /* grpc UNKNOWN */, details: error.message });
}

function structToWire(struct: Struct | undefined): WireObject {
    const value = struct?.toJavaScript() as WireValue | undefined;
    return isWireObject(value) ? value : {};
}

/** Go duration strings ("1h30m", "20s") to seconds, as the engine stores custom timeouts. */
function durationSeconds(text: string): number {
    const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
    let total = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(amount) * units[unit];
    return total;
}

function optionsOf(req: resproto.RegisterResourceRequest): CapturedResourceOptions {
    const timeouts = req.getCustomtimeouts();
    const aliasUrns = req.getAliasesList().filter((a) => a.hasUrn()).map((a) => a.getUrn());
    const options: CapturedResourceOptions = {
        protect: req.getProtect() === true,
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases: [...req.getAliasurnsList(), ...aliasUrns],
        customTimeouts: {
            create: durationSeconds(timeouts?.getCreate() ?? ""),
            update: durationSeconds(timeouts?.getUpdate() ?? ""),
            delete: durationSeconds(timeouts?.getDelete() ?? ""),
        },
    };
    if (req.getDeletebeforereplacedefined()) options.deleteBeforeReplace = req.getDeletebeforereplace();
    return options;
}

function emptyOptions(): CapturedResourceOptions {
    return { protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [], customTimeouts: { create: 0, update: 0, delete: 0 } };
}

function propertyDependenciesOf(req: resproto.RegisterResourceRequest): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        const urns = deps.getUrnsList();
        // The engine drops properties without dependencies before it calls analyzers.
        if (urns.length > 0) result[key] = urns;
    });
    return result;
}

function providerReference(urn: string, id: string | undefined, ref: string): CapturedProviderReference {
    return id === undefined ? { urn, ref } : { urn, id, ref };
}

/**
 * A `MockMonitor` that plays the engine's part for one run: it assigns URNs by the engine's
 * rules, registers default providers on first use, answers registrations (unknown ids and
 * computed outputs in preview, synthesized ones in update), answers the few invokes that need
 * no cloud, and records everything an analyzer would be shown.
 */
export class CapturingMonitor extends MockMonitor {
    readonly captured: CapturedResource[] = [];
    readonly invokeLog: CapturedInvoke[] = [];
    readonly unsupportedInvokes: string[] = [];
    private readonly byUrn = new Map<string, CapturedResource>();
    /** Resource, parent and stack transforms, run before a registration is computed (transforms.ts). */
    private readonly transforms = new TransformRunner();
    private readonly providerModel: ProviderModel;

    constructor(private readonly opts: MonitorOptions) {
        super(refusingMocks);
        this.providerModel = opts.providerModel ?? defaultProviderModel;
    }

    /** The engine's URN rule: children of the root stack are not prefixed with its type. */
    private urnFor(parent: string, type: string, name: string): string {
        let qualifiedType = type;
        const parentType = parent === "" ? undefined : parent.split("::")[2];
        if (parentType !== undefined && parentType !== ROOT_STACK_TYPE) qualifiedType = `${parentType}$${type}`;
        return `urn:pulumi:${this.opts.stack}::${this.opts.project}::${qualifiedType}::${name}`;
    }

    private claimUrn(urn: string): void {
        if (this.byUrn.has(urn)) {
            throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
        }
    }

    private record(resource: CapturedResource, programState: WireObject): void {
        this.captured.push(resource);
        this.byUrn.set(resource.urn, resource);
        this.resources.set(resource.urn, { urn: resource.urn, id: resource.id ?? null, state: programState });
        this.opts.onRecorded?.(resource);
    }

    /** The provider a registration or invoke uses; registers the package's default provider if needed. */
    private providerFor(type: string, ref: string, version: string): CapturedProviderReference | undefined {
        const parsed = parseProviderReference(ref);
        if (parsed !== undefined) return providerReference(parsed.urn, parsed.id, ref);
        const pkg = packageOfType(type);
        if (pkg === "pulumi") return undefined;
        const provider = this.defaultProvider(pkg, version);
        return providerReference(provider.urn, provider.id, `${provider.urn}::${provider.id ?? UNKNOWN}`);
    }

    private defaultProvider(pkg: string, version: string): CapturedResource {
        const type = `pulumi:providers:${pkg}`;
        const name = defaultProviderName(version);
        const urn = this.urnFor("", type, name);
        const existing = this.byUrn.get(urn);
        if (existing !== undefined) return existing;
        const inputs = defaultProviderInputs(pkg, version, this.opts.config);
        const { id } = this.synthesize(type, name, urn, inputs, DEFAULT_SCOPE);
        const provider = this.newResource({ urn, type, name, custom: true, origin: "default-provider", id, inputs, outputs: inputs });
        this.record(provider, inputs);
        return provider;
    }

    private newResource(fields: NewResourceFields): CapturedResource {
        const resource: CapturedResource = {
            urn: fields.urn,
            type: fields.type,
            name: fields.name,
            custom: fields.custom,
            origin: fields.origin,
            dependencies: fields.dependencies ?? [],
            propertyDependencies: fields.propertyDependencies ?? {},
            inputs: fields.inputs,
            outputs: fields.outputs,
            options: fields.options ?? emptyOptions(),
        };
        if (fields.id !== undefined) resource.id = fields.id;
        if (fields.parent !== undefined && fields.parent !== "") resource.parent = fields.parent;
        if (fields.provider !== undefined) resource.provider = fields.provider;
        return resource;
    }

    private scopeOf(provider: CapturedProviderReference | undefined): ProviderScope {
        const resource = provider === undefined ? undefined : this.byUrn.get(provider.urn);
        return resource === undefined ? DEFAULT_SCOPE : scopeFromProviderInputs(resource.inputs);
    }

    private synthesize(type: string, name: string, urn: string, inputs: WireObject, scope: ProviderScope) {
        return this.opts.synthesizer.synthesize({ type, name, urn, inputs, scope, registered: this.captured });
    }

    /**
     * Outputs of a custom resource, as the engine stores them for `AnalyzeStack`. Preview: the
     * provider's preview of a create (pulumi/pulumi pkg/resource/deploy/step.go:366-372, `Preview`
     * is the dry-run flag), modeled from the SDK declarations; types the model does not know get
     * the checked inputs with the synthesizer's computed outputs unknown. Update: checked inputs
     * plus synthesized outputs; an input wins over a synthesized value of the same name (a
     * provider echoes what it was given), and a computed output the synthesizer does not know
     * is absent.
     */
    private outputsFor(type: string, computed: WireObject, inputs: WireObject, secretOutputs: string[]): WireObject {
        const preview = this.opts.mode === "preview" && !isProviderType(type) ? this.providerModel.previewOutputs(type, inputs) : undefined;
        const outputs = preview ?? this.echoedOutputs(computed, inputs);
        for (const key of secretOutputs) if (key in outputs) outputs[key] = secretValue(outputs[key]);
        return outputs;
    }

    /** Inputs plus the synthesizer's computed outputs (unknown in preview). */
    private echoedOutputs(computed: WireObject, inputs: WireObject): WireObject {
        const filled: WireObject = {};
        for (const [key, value] of Object.entries(computed)) filled[key] = this.opts.mode === "preview" ? UNKNOWN : value;
        return { ...filled, ...inputs };
    }

    override async registerResource(req: resproto.RegisterResourceRequest, callback: Callback<resproto.RegisterResourceResponse>): Promise<void> {
        try {
            const transforms = this.transforms.transformsFor(req);
            if (transforms.length > 0) await this.transforms.transformRegistration(req, transforms);
            const { resource, programState } = this.register(req);
            this.transforms.settle(resource.urn, req.getParent(), req.getTransformsList());
            const response = new resproto.RegisterResourceResponse();
            response.setUrn(resource.urn);
            response.setId(resource.id ?? "");
            response.setObject(resolvedStruct(programState));
            callback(null, response);
        } catch (err) {
            callback(rpcError(err));
        }
    }

    private register(req: resproto.RegisterResourceRequest): { resource: CapturedResource; programState: WireObject } {
        const type = req.getType();
        const name = req.getName();
        const urn = this.urnFor(req.getParent(), type, name);
        this.claimUrn(urn);
        const custom = req.getCustom();
        const raw = structToWire(req.getObject());
        const programInputs = toAnalyzerProperties(raw);
        // The engine Checks custom resources only (pulumi/pulumi pkg/resource/deploy/step_generator.go:1310,
        // `prov` is nil for components) and analyzes what Check returned (:1343, :1412). Providers
        // are configured, not Checked by a resource provider; the root stack is a component.
        const runsCheck = custom && !isProviderType(type);
        const inputs = runsCheck ? this.providerModel.check({ type, name, urn }, programInputs) : programInputs;
        const provider = runsCheck ? this.providerFor(type, req.getProvider(), req.getVersion()) : undefined;
        const resource = this.newResource({
            urn,
            type,
            name,
            custom,
            origin: "program",
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            propertyDependencies: propertyDependenciesOf(req),
            provider,
            inputs,
            outputs: {},
            options: optionsOf(req),
        });
        if (runsCheck) resource.programInputs = programInputs;
        let programState: WireObject = {};
        if (custom) {
            const synthesized = this.synthesize(type, name, urn, inputs, this.scopeOf(provider));
            // Providers keep a known id in both modes so provider references stay resolvable.
            const id = this.opts.mode === "update" || isProviderType(type) ? synthesized.id : undefined;
            if (id !== undefined) resource.id = id;
            resource.outputs = this.outputsFor(type, synthesized.outputs, inputs, resource.options.additionalSecretOutputs);
            // The program gets its own values back untouched (resource references included), not Check's.
            programState = { ...this.echoedOutputs(synthesized.outputs, {}), ...raw };
        }
        this.record(resource, programState);
        return { resource, programState };
    }

    override async readResource(req: resproto.ReadResourceRequest, callback: Callback<resproto.ReadResourceResponse>): Promise<void> {
        try {
            const type = req.getType();
            const urn = this.urnFor(req.getParent(), type, req.getName());
            this.claimUrn(urn);
            const inputs = toAnalyzerProperties(structToWire(req.getProperties()));
            const outputs = type === STACK_REFERENCE_TYPE ? this.stackReferenceOutputs(inputs) : inputs;
            const resource = this.newResource({
                urn,
                type,
                name: req.getName(),
                custom: true,
                origin: "read",
                id: req.getId(),
                parent: req.getParent(),
                dependencies: req.getDependenciesList(),
                provider: this.providerFor(type, req.getProvider(), req.getVersion()),
                inputs,
                outputs,
            });
            this.record(resource, outputs);
            const response = new resproto.ReadResourceResponse();
            response.setUrn(urn);
            response.setProperties(structpb.Struct.fromJavaScript(outputs));
            callback(null, response);
        } catch (err) {
            callback(rpcError(err));
        }
    }

    /** The engine's answer to the read (checker/engine/stackReference.ts); a stack not supplied fails it, as an unknown stack does. */
    private stackReferenceOutputs(inputs: WireObject): WireObject {
        const name = typeof inputs.name === "string" ? inputs.name : "";
        return readStackReference(name, { outputs: this.opts.stackReferences, project: this.opts.project, ...(this.opts.laterStacks ? { later: this.opts.laterStacks } : {}) });
    }

    override registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback<object>): void {
        const resource = this.byUrn.get(req.getUrn());
        if (resource === undefined) {
            callback(new Error(`unknown resource ${req.getUrn()}`));
            return;
        }
        const raw = structToWire(req.getOutputs());
        resource.outputs = toAnalyzerProperties(raw);
        const entry = this.resources.get(resource.urn);
        if (entry !== undefined) entry.state = raw;
        callback(null, {});
    }

    override registerStackTransform(req: CallbackProto, callback: Callback<object>): void {
        try {
            this.transforms.addStackTransform(req);
            callback(null, {});
        } catch (err) {
            callback(rpcError(err));
        }
    }

    override registerStackInvokeTransform(req: CallbackProto, callback: Callback<object>): void {
        try {
            this.transforms.addStackInvokeTransform(req);
            callback(null, {});
        } catch (err) {
            callback(rpcError(err));
        }
    }

    override async invoke(req: resproto.ResourceInvokeRequest, callback: Callback<resproto.ResourceInvokeResponse>): Promise<void> {
        if (this.transforms.hasInvokeTransforms()) {
            try {
                await this.transforms.transformInvoke(req);
            } catch (err) {
                callback(rpcError(err));
                return;
            }
        }
        const token = req.getTok();
        if (token === "pulumi:pulumi:getResource") return super.invoke(req, callback);
        const args = toAnalyzerProperties(structToWire(req.getArgs()));
        const entry: CapturedInvoke = { token, args };
        this.invokeLog.push(entry);
        try {
            const provider = this.providerFor(token, req.getProvider(), req.getVersion());
            if (provider !== undefined) entry.provider = provider;
            const result = this.opts.invokes.invoke({ token, args, scope: this.scopeOf(provider) });
            entry.result = result;
            const response = new ResourceInvokeResponse();
            response.setReturn(structpb.Struct.fromJavaScript(result));
            callback(null, response);
        } catch (err) {
            const error = rpcError(err);
            entry.error = error.message;
            if (error instanceof UnsupportedInvokeError && !this.unsupportedInvokes.includes(token)) this.unsupportedInvokes.push(token);
            callback(error);
        }
    }
}
