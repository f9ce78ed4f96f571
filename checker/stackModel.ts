import { ModelResource } from "../policypack/model/resource";
import { StackModel } from "../policypack/model/stack";
import { CapturedResource, CapturedStack } from "./engine/types";
import { analyzedResources } from "./engine/analyzerClient";
import { toReadValue } from "./engine/wire";

/** A captured resource as the pack's stack checks see it (`AnalyzeStack` hands analyzers the outputs). */
export function modelResourceOf(r: CapturedResource): ModelResource {
    // A component's declarations are its inputs (policypack/model/declared.ts); the pack reads
    // them during Analyze, so the model shows them alongside its registered outputs.
    const props = toReadValue(r.custom ? r.outputs : { ...r.outputs, ...r.inputs });
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: props !== null && typeof props === "object" && !Array.isArray(props) ? (props as ModelResource["props"]) : {},
        propertyDependencies: r.propertyDependencies,
        dependencies: r.dependencies,
        parent: r.parent,
    };
}

/** The stack model of a captured program: the same resources `pulumi preview --policy-pack` analyzes. */
export function stackModelOf(stack: CapturedStack): StackModel {
    return new StackModel(analyzedResources(stack).map(modelResourceOf));
}
