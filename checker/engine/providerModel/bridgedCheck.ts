import { FakeValues } from "../synthesize";
import { UNKNOWN, WireObject, WireValue, containsUnknownValue, isSecretValue, isUnknownValue, secretValue, unwrapSecrets } from "../wire";
import { CheckTarget } from "./checkTarget";
import { goJsonMarshal } from "./goJson";
import { ResourceDeclaration } from "./declarations";

function containsSecret(value: WireValue): boolean {
    if (isSecretValue(value)) return true;
    if (Array.isArray(value)) return value.some(containsSecret);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsSecret);
    return false;
}

/**
 * `TransformJSONDocument`, which pulumi-aws sets on its document properties: a string stays as
 * it is; an object or array becomes one JSON string; a value with any unknown leaf becomes one
 * unknown (pulumi/pulumi-terraform-bridge pkg/tfbridge/transforms.go:28 and :34, run from
 * makeTerraformInput at pkg/tfbridge/schema.go:415). A secret anywhere inside keeps the whole
 * string secret, as the engine's annotateSecrets does for a value that contains one
 * (pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go:925).
 */
export function encodeDocument(value: WireValue): WireValue {
    if (typeof value === "string" || isUnknownValue(value)) return value;
    const plain = unwrapSecrets(value);
    if (typeof plain !== "object" || plain === null) return value;
    const encoded: WireValue = containsUnknownValue(plain) ? UNKNOWN : goJsonMarshal(plain);
    return containsSecret(value) ? secretValue(encoded) : encoded;
}

/**
 * Whether Check fills `name` with an auto-name: pulumi-aws auto-names every string input
 * literally called `name` (pulumi/pulumi-terraform-bridge pkg/tfbridge/info/autonaming.go:49-58),
 * which makes the input optional and, being a default, the output required
 * (pkg/tfgen/generate.go:797-799). The default is skipped when a ConflictsWith partner is set
 * (pkg/tfbridge/schema.go:775): the only one the SDK names in its declarations is `namePrefix`.
 */
function autoNamed(declaration: ResourceDeclaration, inputs: WireObject): boolean {
    const input = declaration.inputs.get("name");
    const output = declaration.outputs.get("name");
    if (input === undefined || input.required || output?.required !== true || !output.isString) return false;
    if (inputs.name !== undefined) return false;
    return !(declaration.inputs.has("namePrefix") && inputs.namePrefix !== undefined);
}

/**
 * The bridged provider's Check (pulumi/pulumi-terraform-bridge pkg/tfbridge/provider.go:953):
 * nulls dropped on unmarshal (:989), inputs converted with defaults (:1066, auto-names included)
 * and converted back (:1075). Terraform schema defaults (`Default:` in the provider's Go schema)
 * are not in the Node SDK's declarations and are not applied.
 */
export function bridgedCheck(declaration: ResourceDeclaration, target: CheckTarget, inputs: WireObject): WireObject {
    const checked: WireObject = {};
    for (const [key, value] of Object.entries(inputs)) {
        if (value === null) continue;
        checked[key] = declaration.inputs.get(key)?.acceptsDocument === true ? encodeDocument(value) : value;
    }
    // The same deterministic `<name>-<7 hex>` the update-mode synthesizer uses, so ARNs agree.
    if (autoNamed(declaration, checked)) checked.name = new FakeValues(target.urn).autoName(target.name);
    return checked;
}
