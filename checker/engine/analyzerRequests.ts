import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { structpb } from "./sdkModules";
import { CapturedResource } from "./types";
import { WireObject, isWireObject } from "./wire";

/**
 * Builds Analyzer protocol messages from captured resources exactly as the engine marshals them
 * (sdk/go/common/resource/plugin/analyzer_plugin.go): `Analyze` gets a resource's inputs,
 * `AnalyzeStack` every registered resource's outputs plus parent and dependency edges.
 */

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export interface PolicyDiagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    urn: string;
}

export interface PolicyNotApplicable {
    policyName: string;
    reason: string;
}

const LEVEL_NAMES: Record<analyzerpb.EnforcementLevel, EnforcementLevel> = {
    [analyzerpb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerpb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerpb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerpb.EnforcementLevel.REMEDIATE]: "remediate",
};

const LEVEL_VALUES: Record<EnforcementLevel, analyzerpb.EnforcementLevel> = {
    advisory: analyzerpb.EnforcementLevel.ADVISORY,
    mandatory: analyzerpb.EnforcementLevel.MANDATORY,
    disabled: analyzerpb.EnforcementLevel.DISABLED,
    remediate: analyzerpb.EnforcementLevel.REMEDIATE,
};

export function levelName(level: analyzerpb.EnforcementLevel): EnforcementLevel {
    return LEVEL_NAMES[level];
}

export function levelValue(level: EnforcementLevel): analyzerpb.EnforcementLevel {
    return LEVEL_VALUES[level];
}

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && value in LEVEL_VALUES;
}

export function toStruct(props: WireObject): Struct {
    return structpb.Struct.fromJavaScript(props);
}

/**
 * Properties as the engine marshals them for an analyzer: `SkipInternalKeys` drops the top-level
 * keys that start with `__` (e.g. a bridged provider's `__defaults`) and only those
 * (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go:305-306, 349-350, 770-771;
 * rpc.go:104 skips, rpc.go:111 turns the option off for nested values; properties.go:727-728).
 */
export function analyzerStruct(props: WireObject): Struct {
    return toStruct(analyzerProperties(props));
}

/** The properties `analyzerStruct` marshals (the top-level `__` keys dropped). */
export function analyzerProperties(props: WireObject): WireObject {
    const kept: WireObject = {};
    for (const [key, value] of Object.entries(props)) if (!key.startsWith("__")) kept[key] = value;
    return kept;
}

/** `AnalyzerResourceOptions` is required: `@pulumi/policy` rejects a request without it. */
export function resourceOptions(resource: CapturedResource): analyzerpb.AnalyzerResourceOptions {
    const o = resource.options;
    const timeouts = new analyzerpb.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(o.customTimeouts.create);
    timeouts.setUpdate(o.customTimeouts.update);
    timeouts.setDelete(o.customTimeouts.delete);
    const options = new analyzerpb.AnalyzerResourceOptions();
    options.setProtect(o.protect);
    options.setIgnorechangesList(o.ignoreChanges);
    options.setDeletebeforereplace(o.deleteBeforeReplace === true);
    options.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
    options.setAdditionalsecretoutputsList(o.additionalSecretOutputs);
    options.setAliasesList(o.aliases);
    options.setCustomtimeouts(timeouts);
    options.setParent(resource.parent ?? "");
    return options;
}

/** A URN's last segment is the name; its type is the segment before (after any `$` parents). */
function urnParts(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    return { type: (parts[2] ?? "").split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

/** What the engine says of a resource's provider: its URN, type, name and its inputs. */
export interface ProviderFields {
    urn: string;
    type: string;
    name: string;
    inputs: WireObject;
    /** The provider's registration, when it was captured (a key for what is built from it once). */
    resource?: CapturedResource;
}

export function providerFields(resource: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): ProviderFields | undefined {
    if (resource.provider === undefined) return undefined;
    const provider = byUrn.get(resource.provider.urn);
    const { type, name } = urnParts(resource.provider.urn);
    const fields: ProviderFields = { urn: resource.provider.urn, type: provider?.type ?? type, name: provider?.name ?? name, inputs: provider?.inputs ?? {} };
    if (provider !== undefined) fields.resource = provider;
    return fields;
}

/** The provider as the engine describes it: its URN, type, name and its inputs. */
function providerResource(resource: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): analyzerpb.AnalyzerProviderResource | undefined {
    const fields = providerFields(resource, byUrn);
    if (fields === undefined) return undefined;
    const message = new analyzerpb.AnalyzerProviderResource();
    message.setUrn(fields.urn);
    message.setType(fields.type);
    message.setName(fields.name);
    message.setProperties(analyzerStruct(fields.inputs));
    return message;
}

export function analyzeRequest(resource: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): analyzerpb.AnalyzeRequest {
    const request = new analyzerpb.AnalyzeRequest();
    request.setUrn(resource.urn);
    request.setType(resource.type);
    request.setName(resource.name);
    request.setProperties(analyzerStruct(resource.inputs));
    request.setOptions(resourceOptions(resource));
    const provider = providerResource(resource, byUrn);
    if (provider !== undefined) request.setProvider(provider);
    return request;
}

function stackResource(resource: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): analyzerpb.AnalyzerResource {
    const message = new analyzerpb.AnalyzerResource();
    message.setUrn(resource.urn);
    message.setType(resource.type);
    message.setName(resource.name);
    message.setProperties(analyzerStruct(resource.outputs));
    message.setOptions(resourceOptions(resource));
    const provider = providerResource(resource, byUrn);
    if (provider !== undefined) message.setProvider(provider);
    setStackEdges(message, resource);
    return message;
}

/** Parent, dependencies and property dependencies of a stack resource, as the engine sends them. */
export function setStackEdges(message: analyzerpb.AnalyzerResource, resource: CapturedResource): void {
    message.setParent(resource.parent ?? "");
    message.setDependenciesList(resource.dependencies);
    const deps = message.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
        if (urns.length === 0) continue;
        const entry = new analyzerpb.AnalyzerPropertyDependencies();
        entry.setUrnsList(urns);
        deps.set(key, entry);
    }
}

export function analyzeStackRequest(resources: readonly CapturedResource[]): analyzerpb.AnalyzeStackRequest {
    const byUrn = indexByUrn(resources);
    const request = new analyzerpb.AnalyzeStackRequest();
    request.setResourcesList(resources.map((r) => stackResource(r, byUrn)));
    return request;
}

export function indexByUrn(resources: readonly CapturedResource[]): Map<string, CapturedResource> {
    return new Map(resources.map((r) => [r.urn, r]));
}

/**
 * Diagnostics as the engine reports them: the engine downgrades `remediate` to `mandatory` (a
 * remediation that still fails), and attributes them to `urnFor(diagnostic)`.
 */
export function diagnosticsOf(response: analyzerpb.AnalyzeResponse, urnFor: (reported: string) => string): PolicyDiagnostic[] {
    return response.getDiagnosticsList().map((d) => {
        const level = levelName(d.getEnforcementlevel());
        return {
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            description: d.getDescription(),
            message: d.getMessage(),
            enforcementLevel: level === "remediate" ? "mandatory" : level,
            urn: urnFor(d.getUrn()),
        };
    });
}

export function notApplicableOf(response: analyzerpb.AnalyzeResponse): PolicyNotApplicable[] {
    return response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));
}

/** What Remediate did to one resource: the inputs Analyze then sees (when a policy changed them), and its warnings. */
export interface RemediationResult {
    inputs?: WireObject;
    diagnostics: PolicyDiagnostic[];
}

/**
 * Remediations as the engine applies them (pulumi/pulumi pkg/resource/deploy/step_generator.go:
 * 1438-1461): each one with properties replaces the inputs, in order, for what follows (Analyze
 * and the step); one with a diagnostic is reported as an advisory violation of the resource.
 */
export function remediationOf(response: analyzerpb.RemediateResponse, urn: string): RemediationResult {
    const out: RemediationResult = { diagnostics: [] };
    for (const r of response.getRemediationsList()) {
        if (r.getDiagnostic() !== "") {
            out.diagnostics.push({
                policyName: r.getPolicyname(),
                policyPackName: r.getPolicypackname(),
                policyPackVersion: r.getPolicypackversion(),
                description: r.getDescription(),
                message: r.getDiagnostic(),
                enforcementLevel: "advisory",
                urn,
            });
            continue;
        }
        const properties = r.getProperties()?.toJavaScript();
        if (isWireObject(properties)) out.inputs = properties;
    }
    return out;
}
