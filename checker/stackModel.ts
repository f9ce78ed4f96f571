import { ModelResource, ReadObject } from "../policypack/model/resource";
import { StackModel } from "../policypack/model/stack";
import { CapturedResource, CapturedStack } from "./engine/types";
import { analyzedResources } from "./engine/analyzerClient";
import { toReadValue } from "./engine/wire";

/** A captured resource as the pack's stack checks see it (`AnalyzeStack` hands analyzers the outputs). */
export function modelResourceOf(r: CapturedResource, byUrn?: ReadonlyMap<string, CapturedResource>): ModelResource {
    // A component's declarations are its inputs (policypack/model/declared.ts); the pack reads
    // them during Analyze, so the model shows them alongside its registered outputs.
    const props = toReadValue(r.custom ? r.outputs : { ...r.outputs, ...r.inputs });
    // What the pack records during Analyze (policypack/model/analyzed.ts): the engine analyzes
    // every registration with its inputs (pulumi/pulumi pkg/resource/deploy/step_generator.go:1469).
    const inputs = r.custom ? asObject(toReadValue(r.inputs)) : undefined;
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: asObject(props) ?? {},
        propertyDependencies: r.propertyDependencies,
        dependencies: r.dependencies,
        parent: r.parent,
        ...(inputs ? { inputs } : {}),
        ...providerOf(r, byUrn),
    };
}

/** The provider with its inputs, as the engine hands it to analyzers (engine/analyzerRequests.ts `providerResource`). */
function providerOf(r: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource> | undefined): Pick<ModelResource, "providerProps" | "providerUrn"> {
    if (r.provider === undefined) return {};
    const props = asObject(toReadValue(byUrn?.get(r.provider.urn)?.inputs ?? {}));
    return { providerUrn: r.provider.urn, ...(props ? { providerProps: props } : {}) };
}

function asObject(v: ReturnType<typeof toReadValue>): ReadObject | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as ReadObject) : undefined;
}

/** The stack model of a captured program: the same resources `pulumi preview --policy-pack` analyzes. */
export function stackModelOf(stack: CapturedStack): StackModel {
    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    return new StackModel(analyzedResources(stack).map((r) => modelResourceOf(r, byUrn)));
}
