import { FakeValues } from "../synthesize";
import { WireObject } from "../wire";
import { CheckTarget } from "./checkTarget";
import { ResourceDeclaration } from "./declarations";

/**
 * The property aws-native auto-names, chosen the way its schema generator picks it
 * (pulumi/pulumi-aws-native provider/pkg/autonaming/spec.go:62-88): a string input called
 * `name`; else `<TypeName>Name`; else the one `<X>Name` whose `<X>` ends the type name
 * (`ScalingPolicy.policyName`). The generator also requires a CloudFormation property behind it,
 * which every declared input is.
 */
export function nativeAutoNameProperty(declaration: ResourceDeclaration): string | undefined {
    const typeName = (declaration.token.split(":")[2] ?? "").toLowerCase();
    const strings = [...declaration.inputs.entries()].filter(([, fact]) => fact.isString).map(([name]) => name);
    const byLowered = (lowered: string) => strings.find((name) => name.toLowerCase() === lowered);
    const direct = byLowered("name") ?? byLowered(`${typeName}name`);
    if (direct !== undefined) return direct;
    const suffixed = strings.filter((name) => {
        const lowered = name.toLowerCase();
        return lowered.endsWith("name") && typeName.endsWith(lowered.slice(0, -"name".length));
    });
    return suffixed.length === 1 ? suffixed[0] : undefined;
}

/**
 * aws-native's Check (pulumi/pulumi-aws-native provider/pkg/provider/provider.go:756): the
 * inputs are kept with unknowns and secrets (:769-774), top-level nulls are filtered (:780), and
 * JSON-typed properties stay structured; an absent auto-name property gets
 * `<name>-<7 hex>` (:795, provider/pkg/autonaming/application.go:62 and :74). Naming trivia
 * (case rules some types add) and length trimming are not in the SDK's declarations and are not
 * applied.
 */
export function nativeCheck(declaration: ResourceDeclaration, target: CheckTarget, inputs: WireObject): WireObject {
    const checked: WireObject = {};
    for (const [key, value] of Object.entries(inputs)) if (value !== null) checked[key] = value;
    const autoName = nativeAutoNameProperty(declaration);
    // The same deterministic auto-name the update-mode synthesizer uses, so ARNs agree.
    if (autoName !== undefined && checked[autoName] === undefined) checked[autoName] = new FakeValues(target.urn).autoName(target.name);
    return checked;
}
