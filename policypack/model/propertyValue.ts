import { ReadValue } from "../../invariants/policyDocument";
import { UNKNOWN, isUnknown } from "../../invariants/unknown";
import { OPTIONAL_COMPUTED } from "./optionalComputed.generated";
import { ModelResource } from "./resource";

/**
 * Where a top-level property's value lives when a stack check reads it. `AnalyzeStack` hands
 * analyzers each resource's outputs (pulumi/pulumi pkg/resource/deploy/step_generator.go:3520,
 * `Properties: v.Outputs`); for a create at preview a bridged provider answers with the planned
 * state (pulumi/pulumi-terraform-bridge pkg/tfbridge/provider.go:1378, `diff.ProposedState`),
 * where every Computed attribute the inputs do not set is unknown, Optional+Computed ones too
 * (`aws.iam.Role.inlinePolicies`, `aws.apigateway.RestApi.policy`). Such an unknown says
 * nothing about the program: the Analyze-time inputs do (model/analyzed.ts). When they show the
 * program set none, the property is absent (what separate resources add is counted from them).
 */
export function isOptionalComputed(type: string, prop: string): boolean {
    return (OPTIONAL_COMPUTED[type] ?? []).includes(prop);
}

/** The value a check should judge for `r.props[prop]`: the output, or the Analyze-time input when the output is unknown only because the provider computes an unset attribute. */
export function propertyValue(r: ModelResource, prop: string): ReadValue | undefined {
    const output = r.props[prop];
    if (!isUnknown(output) || !isOptionalComputed(r.type, prop)) return output;
    if (r.inputs === undefined) return UNKNOWN;
    const input = r.inputs[prop];
    // An input that is itself unknown stays unknown; a known input is what the provider will set.
    return input === null ? undefined : input;
}

/** Why `propertyValue(r, prop)` is unknown, for the item of a named deferral. */
export function unknownReason(r: ModelResource, prop: string): string {
    if (isOptionalComputed(r.type, prop) && r.inputs === undefined) {
        return `"${prop}" is unknown: the provider computes it when the program sets none, and the inputs the engine analyzed for this resource were not recorded (no Analyze call reached the pack), so whether the program set it cannot be told`;
    }
    const from = r.propertyDependencies[prop] ?? [];
    return from.length > 0 ? `"${prop}" is unknown until the resources it derives from exist (${from.length} in this stack)` : `"${prop}" is unknown until the resource exists`;
}
