import { LambdaFunctionRef, TargetGateway, TargetRestApi, checkLambdaTargetPermission, lambdaFunctionRef, sameFunction } from "../../invariants/documents/lambdaPermission";
import { isUnknown } from "../../invariants/unknown";
import { placementOf } from "../model/placement";
import { unknownReason } from "../model/propertyValue";
import { ModelResource, str } from "../model/resource";
import { StackModel } from "../model/stack";
import { functionsOfTarget, gatewayArnOf, gatewayRoles, targetsOf } from "../model/relations";
import { lambdaFunctionView, lambdaPermissionView, targetView } from "../model/views";
import { AreaPolicy, Findings, describe, findings } from "./framework";
import { hubAccountOf } from "./role";

/** One Lambda target: its gateway, the functions of the stack it invokes, and the references that name its function. */
interface LambdaTargetOf {
    gateway: ModelResource;
    target: ModelResource;
    functions: ModelResource[];
    refs: LambdaFunctionRef[];
    /** False when the target's function is neither known nor a function of this stack. */
    identified: boolean;
}

function lambdaTargets(model: StackModel): LambdaTargetOf[] {
    const found: LambdaTargetOf[] = [];
    for (const gateway of model.of("gateway")) {
        for (const target of targetsOf(model, gateway)) {
            const v = targetView(target);
            if (v.kind !== "lambda") continue;
            const functions = functionsOfTarget(model, target);
            const refs: LambdaFunctionRef[] = [];
            const add = (value: ReturnType<typeof str>) => {
                const ref = typeof value === "string" ? lambdaFunctionRef(value) : undefined;
                if (ref) refs.push(ref);
            };
            add(v.lambdaArn);
            for (const fn of functions) {
                const f = lambdaFunctionView(fn);
                add(f.arn);
                add(f.name);
            }
            found.push({ gateway, target, functions, refs, identified: refs.length > 0 || functions.length > 0 });
        }
    }
    return found;
}

/** The gateway as the rule needs it: its role ARN (or its role's, when the gateway's is unknown), name, ARN and placement. */
function targetGateway(model: StackModel, gateway: ModelResource): TargetGateway {
    let roleArn = str(gateway.props.roleArn);
    if (typeof roleArn !== "string") {
        const arns = gatewayRoles(model, gateway).map((r) => str(r.props.arn));
        if (arns.length === 1 && typeof arns[0] === "string") roleArn = arns[0];
    }
    const placement = placementOf(gateway, [gatewayArnOf(gateway)], hubAccountOf(gateway));
    // Its REST API targets: API Gateway may invoke a function that is also one of their integrations.
    const restApis = targetsOf(model, gateway)
        .map((t) => targetView(t))
        .flatMap((v): TargetRestApi[] => (v.kind === "apiGateway" ? [{ restApiId: v.api?.restApiId }] : []));
    return { name: str(gateway.props.name), roleArn, gatewayArn: gatewayArnOf(gateway), accountId: placement.accountId, region: placement.region, restApis };
}

/** Which Lambda targets a permission is on: by the function resource it derives from, else by the function it names. */
function targetsOfPermission(permission: ModelResource, functionProp: string, fn: ReturnType<typeof str>, targets: LambdaTargetOf[]): LambdaTargetOf[] {
    const from = permission.propertyDependencies[functionProp] ?? [];
    const byDeps = targets.filter((t) => t.functions.some((f) => from.includes(f.urn)));
    if (byDeps.length > 0) return byDeps;
    const ref = typeof fn === "string" ? lambdaFunctionRef(fn) : undefined;
    // The permission's provider places a bare name or partial ARN (a function of its account and Region).
    const placed = ref && placementOf(permission, []);
    const full: LambdaFunctionRef | undefined = ref && placed ? { ...ref, ...(ref.accountId === undefined && typeof placed.accountId === "string" ? { accountId: placed.accountId } : {}), ...(ref.region === undefined && typeof placed.region === "string" ? { region: placed.region } : {}) } : ref;
    return full ? targets.filter((t) => t.refs.some((r) => sameFunction(r, full))) : [];
}

/** I5 for Lambda targets: a permission on a target function lets only that function's gateway invoke it. */
export const lambdaTargetPermission: AreaPolicy = {
    name: "agentcore-lambda-target-permission",
    description: "A resource-based permission on a gateway's Lambda target function allows only lambda:InvokeFunction to that gateway's service role (or bedrock-agentcore.amazonaws.com with sourceArn = that gateway), nothing to anyone else",
    invariants: ["I5"],
    check: (model) => {
        const out: Findings = findings();
        const targets = lambdaTargets(model);
        if (targets.length === 0) return out;
        const functionUrns = new Set(model.of("lambdaFunction").map((f) => f.urn));
        // One view per gateway: every permission on its targets reads the same (a view reads all its targets).
        const gatewayViews = new Map<ModelResource, TargetGateway>();
        const gatewayView = (g: ModelResource): TargetGateway => {
            let view = gatewayViews.get(g);
            if (view === undefined) gatewayViews.set(g, (view = targetGateway(model, g)));
            return view;
        };
        let unmatched = false;
        for (const permission of model.of("lambdaPermission")) {
            const v = lambdaPermissionView(permission);
            const on = targetsOfPermission(permission, v.functionProp, v.function, targets);
            if (on.length === 0) {
                unmatched = true;
                // An unknown function that derives from no function of this stack may be a target's.
                const from = (permission.propertyDependencies[v.functionProp] ?? []).filter((u) => functionUrns.has(u));
                if (isUnknown(v.function) && from.length === 0) {
                    out.deferred.push({ urn: permission.urn, item: `${describe(permission)}: whether it is on a gateway's Lambda target function cannot be told (${unknownReason(permission, v.functionProp)}), so "only the gateway may invoke a target function" is checked at pulumi up` });
                }
                continue;
            }
            const gateways = [...new Set(on.map((t) => t.gateway))];
            const label = `${describe(permission)} (on the function of ${on.map((t) => describe(t.target)).join(", ")})`;
            const result = checkLambdaTargetPermission({ action: v.action, principal: v.principal, sourceArn: v.sourceArn }, gateways.map(gatewayView), label);
            const why = [...(isUnknown(v.principal) ? [unknownReason(permission, "principal")] : []), ...(isUnknown(v.sourceArn) ? [unknownReason(permission, "sourceArn")] : []), ...(isUnknown(v.action) ? [unknownReason(permission, "action")] : [])];
            for (const p of result.problems) out.problems.push({ urn: permission.urn, problem: p });
            for (const d of result.deferred) out.deferred.push({ urn: permission.urn, item: why.length ? `${d} (${why.join("; ")})` : d });
        }
        // A permission this check could not place may be on a target whose function it cannot identify.
        if (unmatched) {
            for (const t of targets.filter((x) => !x.identified)) {
                out.deferred.push({ urn: t.target.urn, item: `${describe(t.target)}: its function is unknown and is not a function of this stack, so which permissions are on it (only the gateway may invoke it) is checked at pulumi up` });
            }
        }
        return out;
    },
};
