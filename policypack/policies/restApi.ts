import { checkRestApiResourcePolicy } from "../../invariants/documents/restApiPolicy";
import { problem } from "../../invariants/problems";
import { checkMethodAuthorization, checkRestApiShape } from "../../invariants/restApiConfig";
import { isUnknown } from "../../invariants/unknown";
import { ModelResource, str } from "../model/resource";
import { StackModel } from "../model/stack";
import { apiMethods, apiOfTarget, apiPolicies, deploymentsOf, exposedOperations, exposedOperationsUnknownReason, targetsOf } from "../model/relations";
import { isBridged } from "../model/types";
import { restApiView, targetView } from "../model/views";
import { checkPlacement } from "../../invariants/targetPlacement";
import { placementOf, placementUnknownReason } from "../model/placement";
import { hubAccountOf } from "./role";
import { AreaPolicy, Findings, add, describe, findings } from "./framework";

interface TargetApi {
    gateway: ModelResource;
    target: ModelResource;
    api: ModelResource;
}

/** Every REST API some gateway target exposes; a target whose API is not in this stack is deferred by name. */
function targetApis(model: StackModel, out: Findings): TargetApi[] {
    const found: TargetApi[] = [];
    for (const gateway of model.of("gateway")) {
        for (const target of targetsOf(model, gateway)) {
            const kind = targetView(target).kind;
            if (kind === "unknown") {
                out.deferred.push({ urn: target.urn, item: `${describe(target)}: which REST API it exposes cannot be told: ${exposedOperationsUnknownReason(target)}` });
                continue;
            }
            if (kind !== "apiGateway") continue;
            const apis = apiOfTarget(model, target);
            if (apis.length === 0) out.deferred.push({ urn: target.urn, item: `${describe(target)}: the REST API it exposes is not created in this stack; check that API's methods and resource policy where it is created` });
            for (const api of apis) found.push({ gateway, target, api });
        }
    }
    return found;
}

/** Each target API once, with the first gateway that exposes it. */
function distinctTargetApis(model: StackModel, out: Findings): TargetApi[] {
    const first = new Map<ModelResource, TargetApi>();
    for (const t of targetApis(model, out)) if (!first.has(t.api)) first.set(t.api, t);
    return [...first.values()];
}

/** I4: every method a gateway exposes uses AWS_IAM, without an API key. */
export const restMethodIamAuth: AreaPolicy = {
    name: "agentcore-rest-method-iam-auth",
    description: "Every REST API method exposed as a gateway tool uses AWS_IAM authorization without an API key",
    invariants: ["I4"],
    check: (model) => {
        const out = findings();
        for (const { target, api } of targetApis(model, out)) {
            const methods = apiMethods(model, api);
            const bodyUnknown = isUnknown(restApiView(api).body);
            const exposed = exposedOperations(target);
            if (isUnknown(exposed)) {
                out.deferred.push({ urn: target.urn, item: `${describe(target)}: the methods it exposes from ${describe(api)} cannot be listed: ${exposedOperationsUnknownReason(target)}` });
                continue;
            }
            for (const op of exposed) {
                const m = methods.find((x) => x.path === op.path && x.method.toUpperCase() === op.method);
                if (!m) {
                    if (bodyUnknown) out.deferred.push({ urn: api.urn, item: `${describe(api)}: ${op.method} ${op.path} is defined in an OpenAPI body that is not known yet` });
                    else out.problems.push({ urn: target.urn, problem: problem("I4", `${describe(target)} exposes ${op.method} ${op.path}, which ${describe(api)} does not define (AgentCore would fail to create the target).`, "Expose only methods the API defines, each with AWS_IAM authorization.") });
                    continue;
                }
                add(out, m.resource ?? api, checkMethodAuthorization({ httpMethod: m.method, path: m.path, authorization: m.authorization, apiKeyRequired: m.apiKeyRequired }), `${describe(m.resource ?? api)} (exposed by ${describe(target)})`);
            }
        }
        return out;
    },
};

/** I5: only the hub gateway can invoke a target API. */
export const restApiResourcePolicy: AreaPolicy = {
    name: "agentcore-rest-api-resource-policy",
    description: "Only the hub gateway (its role's session, or AgentCore with aws:SourceArn = the gateway) can invoke a target REST API; an explicit Deny keeps every other principal out, the hub account included",
    invariants: ["I5"],
    check: (model) => {
        const out = findings();
        for (const { gateway, api } of distinctTargetApis(model, out)) {
            const roleArns = model.of("gateway").filter((g) => g === gateway || targetsOf(model, g).some((t) => apiOfTarget(model, t).includes(api))).map((g) => str(g.props.roleArn));
            const known = roleArns.every((a) => typeof a === "string") ? (roleArns as string[]) : undefined;
            const policies = apiPolicies(model, api);
            if (policies.length === 0) add(out, api, checkRestApiResourcePolicy(undefined, { gatewayRoleArns: known }));
            for (const p of policies) {
                const what = `${describe(p.holder)} (resource policy of ${describe(api)}${p.unknownReason ? `; ${p.unknownReason}` : ""})`;
                add(out, p.holder, checkRestApiResourcePolicy(p.document, { gatewayRoleArns: known }), what);
            }
        }
        return out;
    },
};

/** True when `d` waits for `r`: a declared dependency or a property that derives from it. */
function dependsOn(d: ModelResource, r: ModelResource): boolean {
    return d.dependencies.includes(r.urn) || Object.values(d.propertyDependencies).some((urns) => urns.includes(r.urn));
}

/** I6: a change to an API's methods or resource policy is deployed. */
export const restApiRedeployed: AreaPolicy = {
    name: "agentcore-rest-api-redeployed",
    description: "Every target REST API has a deployment that is replaced when its methods or resource policy change (aws.apigateway.Deployment triggers)",
    invariants: ["I6"],
    check: (model) => {
        const out = findings();
        const fix = "Deploy the API with aws.apigateway.Deployment, `triggers` set to a hash of the methods and the resource policy, and dependsOn the policy and method resources (RestApiTarget does this).";
        for (const { api } of distinctTargetApis(model, out)) {
            const deployments = deploymentsOf(model, api);
            if (deployments.length === 0) {
                out.problems.push({ urn: api.urn, problem: problem("I6", `${describe(api)} has no deployment in this stack: its methods and resource policy never reach a stage.`, fix) });
                continue;
            }
            const separate = [...apiPolicies(model, api).map((p) => p.holder).filter((h) => h !== api), ...apiMethods(model, api).flatMap((m) => (m.resource ? [m.resource] : []))];
            for (const d of deployments) {
                const triggers = d.props.triggers;
                if (!isBridged(d.type) || triggers === undefined || triggers === null || (typeof triggers === "object" && !isUnknown(triggers) && Object.keys(triggers).length === 0)) {
                    out.problems.push({ urn: d.urn, problem: problem("I6", `${describe(d)} of ${describe(api)} has no redeployment triggers: a later change to the methods or the resource policy would not be deployed.`, fix) });
                }
                for (const r of separate) {
                    if (!dependsOn(d, r)) out.problems.push({ urn: d.urn, problem: problem("I6", `${describe(d)} of ${describe(api)} does not depend on ${describe(r)}: it may be created before that change and miss it.`, fix) });
                }
            }
        }
        return out;
    },
};

/** I12 (shapes AgentCore refuses): private endpoints, greedy proxy paths. */
export const restApiShape: AreaPolicy = {
    name: "agentcore-rest-api-shape",
    description: "Target REST APIs are public (REGIONAL or EDGE) and have no {proxy+} paths, which AgentCore refuses at target creation",
    invariants: ["I12"],
    check: (model) => {
        const out = findings();
        for (const { api } of distinctTargetApis(model, out)) {
            add(out, api, checkRestApiShape({ endpointTypes: restApiView(api).endpointTypes, paths: apiMethods(model, api).map((m) => m.path) }));
        }
        return out;
    },
};

/**
 * I12 (where AgentCore accepts a REST API target): the API is in the gateway's account and
 * Region, the components' rule (invariants/targetPlacement.ts) applied to raw programs. The API
 * and the gateway are placed by their providers (a shared provider is one account and Region),
 * else by their known ARNs (the API's `executionArn`, the gateway's ARN or its role's account);
 * what the stack does not show is deferred by name.
 */
export const restApiPlacement: AreaPolicy = {
    name: "agentcore-rest-api-placement",
    description: "A REST API target is in its gateway's account and Region (from each resource's provider, else its known ARNs), which AgentCore requires at target creation",
    invariants: ["I12"],
    check: (model) => {
        const out = findings();
        for (const { gateway, target, api } of targetApis(model, out)) {
            if (api.providerUrn !== undefined && api.providerUrn === gateway.providerUrn) continue;
            const gw = placementOf(gateway, [str(gateway.props.gatewayArn)], hubAccountOf(gateway));
            const at = placementOf(api, [str(api.props.executionArn)]);
            const why = [placementUnknownReason(api, at, describe(api)), placementUnknownReason(gateway, gw, describe(gateway))].filter((w) => w !== "").join("; ");
            add(out, target, checkPlacement("restApi", describe(api), at, gw, "targetConfiguration.mcp.apiGateway.restApiId", why || undefined));
        }
        return out;
    },
};
