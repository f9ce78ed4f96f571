import { GATEWAY_ARN_PLACEHOLDER } from "../../invariants/cedar/validate";
import { comparePolicyDocuments, fillRoleArnSlots } from "../../invariants/documents/normalize";
import { ReadValue } from "../../invariants/policyDocument";
import { MaybeUnknown, containsUnknown, isUnknown } from "../../invariants/unknown";
import { ModelResource, ReadObject, objects, str } from "./resource";
import { StackModel } from "./stack";
import { COMPONENT_TYPES, declaresResourcePolicy, kindOf } from "./types";

/**
 * Two values embed the ARN of a gateway created in the same program, so they are unknown at a
 * first preview whatever we do: AWS requires the exact gateway ARN in the gateway's resource
 * policy, and Cedar policies that name tools must name the exact gateway (docs/aws-facts.md).
 * Our components declare, as component inputs, the template each value is rendered from
 * (GATEWAY_ARN_PLACEHOLDER where the ARN goes). When the value is unknown and derives from
 * nothing but a gateway, the pack checks the template instead; once the value is known it checks
 * that it means the same as the template rendered with the gateway's ARN.
 *
 * The components register each template as an output too, which AnalyzeStack carries. Component
 * inputs reach the pack only in `Analyze`, and only when the SDK sends them: Node SDK 3.202+ sends the constructor's
 * `args` unless PULUMI_NODEJS_SKIP_COMPONENT_INPUTS is set (pulumi/pulumi
 * sdk/nodejs/resource.ts:1576 at 1b5949891b3c); pulumi/pulumi#23961 proposes to stop sending
 * them unless a component opts in. So a missing declaration is a named deferral, never a pass.
 */

/** Component inputs seen during `Analyze`, by URN. Recorded by the `agentcore-component-declarations` policy. */
const declarations = new Map<string, ReadObject>();

export function recordDeclaration(urn: string, props: ReadObject): void {
    declarations.set(urn, props);
}

/** Forgets what Analyze recorded (tests; a pack process serves one run). */
export function clearDeclarations(): void {
    declarations.clear();
}

export interface Declared {
    template: string;
    /** The component that declared it. */
    component: ModelResource;
}

/** Why a component's declaration is not there, for a deferral that names it. */
export interface MissingDeclaration {
    component: ModelResource;
    /** The component input the checks needed. */
    input: string;
    cause: string;
}

export type Declaration = { declared: Declared } | { missing: MissingDeclaration } | undefined;

const SDK_CAUSES = "Node SDK older than 3.202, PULUMI_NODEJS_SKIP_COMPONENT_INPUTS set, or an SDK that no longer sends component inputs (pulumi/pulumi#23961)";

function causeOf(component: ModelResource, omittedKey: string): string {
    const record = declarations.get(component.urn);
    const omitted = str(declaredValue(component, omittedKey));
    if (typeof omitted === "string") return `the component could not declare it: ${omitted}`;
    if (record === undefined) return `neither its registered outputs nor its inputs carry it: the pack's Analyze never recorded the component's inputs (${SDK_CAUSES}, or agentcore-component-declarations is disabled)`;
    if (Object.keys(record).length === 0) return `the component's inputs reached the pack empty (${SDK_CAUSES})`;
    return "the component's inputs lack it (a different version of the component?)";
}

/** What a check that needed a declaration reports instead of deciding. */
export function missingItem(m: MissingDeclaration, check: string): string {
    return `${check} is undecided: ${m.component.type.split(":").pop()} "${m.component.name}" did not declare ${m.input} to the pack (${m.cause})`;
}

/** True when every resource the property derives from is a gateway: the ARN is the only unknown part. */
export function derivesOnlyFromGateways(model: StackModel, r: ModelResource, prop: string): boolean {
    const urns = r.propertyDependencies[prop] ?? [];
    return urns.length > 0 && urns.every((u) => {
        const t = model.get(u)?.type;
        return t !== undefined && kindOf(t) === "gateway";
    });
}

/**
 * A declared value: what Analyze recorded from the component's inputs (what transforms and the
 * SDK left of them), else the component's registered outputs, which AnalyzeStack carries.
 */
function declaredValue(component: ModelResource, key: string): ReadValue | undefined {
    const input = declarations.get(component.urn)?.[key];
    if (input !== undefined && !containsUnknown(input)) return input;
    return component.props[key] ?? input;
}

/**
 * The grants template: the recorded input names spoke roles by slot; the registered output names
 * their real ARNs (known at preview, from provider lookups). The output is used when it means
 * the same as the input, so an edited input is never hidden by an untouched output.
 */
function grantsTemplate(component: ModelResource): MaybeUnknown<string> | undefined {
    const input = str(declaredValue(component, "resourcePolicyTemplate"));
    const output = str(declaredValue(component, "resourcePolicyTemplateResolved"));
    if (typeof input === "string" && typeof output === "string" && input !== output) return comparePolicyDocuments(output, input).kind === "equal" ? output : input;
    return input;
}

/** The Cedar text the hub component declared for this Policy resource (matched by name under its parent hub), or why it is missing. */
export function cedarDeclaration(model: StackModel, policy: ModelResource): Declaration {
    const hub = policy.parent ? model.get(policy.parent) : undefined;
    if (!hub || hub.type !== COMPONENT_TYPES.hub) return undefined;
    const name = str(policy.props.name);
    const entries = objects(declaredValue(hub, "cedarPolicyTemplates"));
    // An unknown list declares nothing we can read: the caller defers, as for no declaration.
    const entry = isUnknown(entries) ? undefined : entries.find((e): e is ReadObject => !isUnknown(e) && e.name === name);
    const template = entry ? str(entry.statement) : undefined;
    if (typeof template === "string") return { declared: { template, component: hub } };
    return { missing: { component: hub, input: `cedarPolicyTemplates["${typeof name === "string" ? name : policy.name}"]`, cause: causeOf(hub, "cedarPolicyTemplatesOmitted") } };
}

/** The resource-policy document the grants component declared for this ResourcePolicy resource, or why it is missing. */
export function resourcePolicyDeclaration(model: StackModel, rp: ModelResource): Declaration {
    const grants = rp.parent ? model.get(rp.parent) : undefined;
    if (!grants || !declaresResourcePolicy(grants.type)) return undefined;
    const template = grantsTemplate(grants);
    if (typeof template === "string") return { declared: { template, component: grants } };
    return { missing: { component: grants, input: "resourcePolicyTemplate", cause: causeOf(grants, "resourcePolicyTemplateOmitted") } };
}

/** The declared Cedar text, when there is one (the checker's access summary reads it). */
export function declaredCedar(model: StackModel, policy: ModelResource): Declared | undefined {
    const d = cedarDeclaration(model, policy);
    return d && "declared" in d ? d.declared : undefined;
}

/** The declared resource policy, when there is one; role-ARN slots stay in it (normalize.ts). */
export function declaredResourcePolicy(model: StackModel, rp: ModelResource): Declared | undefined {
    const d = resourcePolicyDeclaration(model, rp);
    return d && "declared" in d ? d.declared : undefined;
}

export function renderTemplate(template: string, gatewayArn: string): string {
    return template.split(GATEWAY_ARN_PLACEHOLDER).join(gatewayArn);
}

/** The account a stand-in ARN names: no real account has it. */
export const STAND_IN_ACCOUNT = "000000000000";

/** A stand-in exact ARN for checking a template's shape before the gateway exists. */
export function standInGatewayArn(gatewayName: MaybeUnknown<string> | undefined): string {
    const name = typeof gatewayName === "string" && !isUnknown(gatewayName) ? gatewayName.toLowerCase() : "gateway";
    return `arn:aws:bedrock-agentcore:us-east-1:${STAND_IN_ACCOUNT}:gateway/${name}-0000000000`;
}

/**
 * The template as a document to check before anything exists: the stand-in gateway ARN, and
 * spoke roles (whose accounts come from their providers) in the stand-in account. `slots` lists
 * those roles, whose accounts only `pulumi up` can check.
 */
export function standInDocument(template: string, gatewayName: MaybeUnknown<string> | undefined): { text: string; slots: string[] } {
    const slots: string[] = [];
    const text = fillRoleArnSlots(renderTemplate(template, standInGatewayArn(gatewayName)), (path, name) => {
        slots.push(`${path}${name}`);
        return `arn:aws:iam::${STAND_IN_ACCOUNT}:role${path}${name}`;
    });
    return { text, slots };
}
