import { WireObject } from "../wire";
import { bridgedCheck } from "./bridgedCheck";
import { CheckTarget } from "./checkTarget";
import { DeclarationStats, DeclarationStore } from "./declarations";
import { nativeCheck } from "./nativeCheck";
import { bridgedPreview, nativePreview } from "./preview";

export type { CheckTarget } from "./checkTarget";
export { DeclarationStore } from "./declarations";
export type { DeclarationStats, InputFact, OutputFact, ResourceDeclaration } from "./declarations";
export type { ProviderFlavour } from "./providerPackages";

/**
 * The providers' Check and create-preview, derived from the installed SDKs' declarations. The
 * engine calls Check for every custom resource before analyzers see it
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go:1326-1343, Analyze on the result at
 * :1412) and a create's `Create(preview=true)` gives its state at preview (pkg/resource/deploy/step.go:366-372).
 * Types of packages not modeled, or not found in the SDK, pass through unchanged.
 */
export class ProviderModel {
    constructor(readonly declarations: DeclarationStore = new DeclarationStore()) {}

    /** The inputs after the provider's Check. */
    check(target: CheckTarget, inputs: WireObject): WireObject {
        const declaration = this.declarations.get(target.type);
        if (declaration === undefined) return inputs;
        return declaration.flavour === "bridged" ? bridgedCheck(declaration, target, inputs) : nativeCheck(declaration, target, inputs);
    }

    /** A create's outputs at preview, or undefined when the type is not modeled. */
    previewOutputs(type: string, checkedInputs: WireObject): WireObject | undefined {
        const declaration = this.declarations.get(type);
        if (declaration === undefined) return undefined;
        return declaration.flavour === "bridged" ? bridgedPreview(declaration, checkedInputs) : nativePreview(declaration, checkedInputs);
    }

    stats(): DeclarationStats {
        return this.declarations.stats();
    }
}

/** One model per process: declarations do not change while it runs. */
export const defaultProviderModel = new ProviderModel();

export function providerCheck(target: CheckTarget, inputs: WireObject): WireObject {
    return defaultProviderModel.check(target, inputs);
}

export function previewOutputs(type: string, checkedInputs: WireObject): WireObject | undefined {
    return defaultProviderModel.previewOutputs(type, checkedInputs);
}
