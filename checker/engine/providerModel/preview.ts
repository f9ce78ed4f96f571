import { UNKNOWN, WireObject } from "../wire";
import { ResourceDeclaration } from "./declarations";

/**
 * A bridged create at preview returns the Terraform plan (pulumi/pulumi-terraform-bridge
 * pkg/tfbridge/provider.go:1378 `ProposedState`, converted back at :1385): config values as
 * given, and every Computed attribute the config leaves null planned unknown, Optional+Computed
 * ones included ("optional+computed ... are only computed when there is no configuration",
 * pkg/vendored/opentofu/plans/objchange/objchange.go:362-369; the plan comes from the SDK's
 * PlanResourceChange, pkg/tfshim/sdk-v2/provider2.go:309). The SDK declares an output required
 * exactly when it is not `Optional && !Computed` (pkg/tfgen/generate.go:798-799), so a required
 * output the inputs do not set is a Computed attribute. Exceptions: a Pulumi-level default also
 * makes an output required (:797), but Check has already filled those (auto-names); attributes
 * a provider's CustomizeDiff knows at plan time (`tagsAll`, `region` in terraform-provider-aws)
 * are shown unknown here. `id` is a Terraform attribute of every resource, unknown on a create.
 */
export function bridgedPreview(declaration: ResourceDeclaration, checked: WireObject): WireObject {
    const outputs: WireObject = { id: UNKNOWN };
    for (const [key, fact] of declaration.outputs) {
        const value = checked[key];
        if (value !== undefined && value !== null) outputs[key] = value;
        else if (fact.required) outputs[key] = UNKNOWN;
    }
    return outputs;
}

/**
 * aws-native's create at preview (pulumi/pulumi-aws-native provider/pkg/provider/provider.go:922-937,
 * provider/pkg/outputs/previewOutputs.go:52-63): for every output property, the input value as
 * given (structured JSON stays structured), else unknown when it is read-only; inputs that are
 * not output properties are dropped. Read-only = CloudFormation `readOnlyProperties`, which the
 * SDK declares as output properties its Args do not have. Read-only properties nested inside an
 * input object (:56, `filterAndReturnNested`) are not modeled.
 */
export function nativePreview(declaration: ResourceDeclaration, checked: WireObject): WireObject {
    const outputs: WireObject = {};
    for (const key of declaration.outputs.keys()) {
        const value = checked[key];
        if (value !== undefined) outputs[key] = value;
        else if (!declaration.inputs.has(key)) outputs[key] = UNKNOWN;
    }
    return outputs;
}
