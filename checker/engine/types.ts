import type { Problem } from "../../invariants/problems";
import { WireObject } from "./wire";

/** `preview`: a first `pulumi preview` (ids and computed outputs unknown). `update`: `pulumi up`. */
export type EngineMode = "preview" | "update";

/**
 * Where a resource came from. The engine analyzes `program` and `default-provider` resources
 * (both are registrations it plans steps for); `read` resources (`.get()`, `StackReference`) are
 * not registrations and no analyzer sees them.
 */
export type ResourceOrigin = "program" | "default-provider" | "read";

export interface CapturedResourceOptions {
    protect: boolean;
    ignoreChanges: string[];
    /** Undefined when the program did not say (the analyzer proto carries "defined" separately). */
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs: string[];
    aliases: string[];
    /** Seconds, as the engine converts the program's duration strings; 0 when unset. */
    customTimeouts: { create: number; update: number; delete: number };
}

export interface CapturedProviderReference {
    urn: string;
    /** Undefined while unknown. */
    id?: string;
    /** `<urn>::<id>` exactly as the program sent it (or as the engine builds it for defaults). */
    ref: string;
}

export interface CapturedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    origin: ResourceOrigin;
    /** Undefined while unknown (always, for custom resources in preview mode) and for components. */
    id?: string;
    parent?: string;
    dependencies: string[];
    /** Input property name -> URNs of the resources its value came from. */
    propertyDependencies: Record<string, string[]>;
    provider?: CapturedProviderReference;
    /**
     * The inputs as the engine hands them to `Analyze`: for a custom resource, what the provider's
     * `Check` returned (checker/engine/providerModel: bridged documents given as objects are one
     * JSON string, wholly unknown if any leaf is; auto-names filled); for components and
     * providers, what the SDK sent. Unknown leaves are the sentinel
     * `04da6b54-80e4-46f7-96ec-b56ff0331ba9` exactly where they are unknown, secrets stay wrapped,
     * resource references are their id.
     */
    inputs: WireObject;
    /** A custom resource's inputs as the program sent them, before the provider's `Check`. */
    programInputs?: WireObject;
    /**
     * What `AnalyzeStack` sees. Custom resources: at preview, the provider's preview of a create
     * (bridged: every Computed attribute the inputs do not set unknown, Optional+Computed too;
     * aws-native: inputs plus read-only properties unknown); at update, checked inputs plus
     * synthesized outputs. Components: what they passed to `registerOutputs`.
     */
    outputs: WireObject;
    options: CapturedResourceOptions;
}

export interface CapturedInvoke {
    token: string;
    args: WireObject;
    provider?: CapturedProviderReference;
    result?: WireObject;
    error?: string;
}

export type LogSeverity = "debug" | "info" | "warning" | "error";

export interface CapturedLog {
    severity: LogSeverity;
    message: string;
    urn?: string;
}

export interface CapturedStack {
    mode: EngineMode;
    project: string;
    stack: string;
    /** In registration order, the root `pulumi:pulumi:Stack` first. */
    resources: CapturedResource[];
    invokes: CapturedInvoke[];
    /** Tokens of provider functions the run needed but that cannot be answered offline. */
    unsupportedInvokes: string[];
    logs: CapturedLog[];
    /** The root stack's registered outputs (the program's exports), in analyzer form. */
    stackOutputs?: WireObject;
}

/** A construction error of our components (AgentCoreHubValidationError), as the program threw it. */
export interface ComponentError {
    /** Its message: the component, its name and every problem. */
    message: string;
    problems: Problem[];
}
