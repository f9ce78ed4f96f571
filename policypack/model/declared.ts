import { GATEWAY_ARN_PLACEHOLDER } from "../../invariants/cedar/validate";
import { MaybeUnknown, isUnknown } from "../../invariants/unknown";
import { ModelResource, ReadObject, objects, str } from "./resource";
import { StackModel } from "./stack";
import { COMPONENT_TYPES, kindOf } from "./types";

/**
 * Two values embed the ARN of a gateway created in the same program, so they are unknown at a
 * first preview whatever we do: AWS requires the exact gateway ARN in the gateway's resource
 * policy, and Cedar policies that name tools must name the exact gateway (docs/aws-facts.md).
 * Our components declare, as component inputs, the template each value is rendered from
 * (GATEWAY_ARN_PLACEHOLDER where the ARN goes). When the value is unknown and derives from
 * nothing but a gateway, the pack checks the template instead; once the value is known it checks
 * the value and that it is exactly the template rendered with the gateway's ARN.
 */
/**
 * Component inputs seen during `Analyze` (the stack policies only see a component's registered
 * outputs), by URN. Recorded by the `agentcore-component-declarations` policy.
 */
const declarations = new Map<string, ReadObject>();

export function recordDeclaration(urn: string, props: ReadObject): void {
    declarations.set(urn, props);
}

function declaredProps(component: ModelResource): ReadObject {
    return { ...component.props, ...(declarations.get(component.urn) ?? {}) };
}

export interface Declared {
    template: string;
    /** The component that declared it. */
    component: ModelResource;
}

/** True when every resource the property derives from is a gateway: the ARN is the only unknown part. */
export function derivesOnlyFromGateways(model: StackModel, r: ModelResource, prop: string): boolean {
    const urns = r.propertyDependencies[prop] ?? [];
    return urns.length > 0 && urns.every((u) => {
        const t = model.get(u)?.type;
        return t !== undefined && kindOf(t) === "gateway";
    });
}

/** The Cedar text the hub component declared for this Policy resource (matched by name under its parent hub). */
export function declaredCedar(model: StackModel, policy: ModelResource): Declared | undefined {
    const hub = policy.parent ? model.get(policy.parent) : undefined;
    if (!hub || hub.type !== COMPONENT_TYPES.hub) return undefined;
    const name = str(policy.props.name);
    const entries = objects(declaredProps(hub).cedarPolicyTemplates);
    // An unknown list declares nothing we can read: the caller defers, as for no declaration.
    const entry = isUnknown(entries) ? undefined : entries.find((e): e is ReadObject => !isUnknown(e) && e.name === name);
    const template = entry ? str(entry.statement) : undefined;
    return typeof template === "string" ? { template, component: hub } : undefined;
}

/** The resource-policy document the grants component declared for this ResourcePolicy resource. */
export function declaredResourcePolicy(model: StackModel, rp: ModelResource): Declared | undefined {
    const grants = rp.parent ? model.get(rp.parent) : undefined;
    if (!grants || grants.type !== COMPONENT_TYPES.grants) return undefined;
    const template = str(declaredProps(grants).resourcePolicyTemplate);
    return typeof template === "string" ? { template, component: grants } : undefined;
}

export function renderTemplate(template: string, gatewayArn: string): string {
    return template.split(GATEWAY_ARN_PLACEHOLDER).join(gatewayArn);
}

/** A stand-in exact ARN for checking a template's shape before the gateway exists. */
export function standInGatewayArn(gatewayName: MaybeUnknown<string> | undefined): string {
    const name = typeof gatewayName === "string" && !isUnknown(gatewayName) ? gatewayName.toLowerCase() : "gateway";
    return `arn:aws:bedrock-agentcore:us-east-1:000000000000:gateway/${name}-0000000000`;
}
