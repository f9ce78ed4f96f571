import { CedarPolicyInput, CedarSchemaError, GATEWAY_ARN_PLACEHOLDER, PrincipalType, buildAgentCoreCedarSchema, checkCedarPoliciesByPolicy } from "../../invariants/cedar";
import { defaultOperationSchema, openApiOperations } from "../../invariants/openApiTools";
import { problem } from "../../invariants/problems";
import { TargetTools } from "../../invariants/toolSchema";
import { isUnknown } from "../../invariants/unknown";
import { declaredCedar, derivesOnlyFromGateways, renderTemplate } from "../model/declared";
import { apiOfTarget, engineOf, gatewayArnOf, policiesOf, targetsOf } from "../model/relations";
import { ModelResource } from "../model/resource";
import { StackModel } from "../model/stack";
import { cedarPolicyView, gatewayConfig, restApiView, targetView } from "../model/views";
import { AreaPolicy, add, describe, findings } from "./framework";

/** The tools a gateway exposes, as its targets declare them; undefined when some are not known yet. */
export function gatewayTools(model: StackModel, gateway: ModelResource): TargetTools[] | undefined {
    const out: TargetTools[] = [];
    for (const t of targetsOf(model, gateway)) {
        const v = targetView(t);
        if (typeof v.name !== "string" || v.kind === "unknown") return undefined;
        if (v.kind === "lambda") {
            if (isUnknown(v.tools)) return undefined;
            out.push({ targetName: v.name, tools: v.tools });
        } else if (v.kind === "apiGateway" && v.api) {
            const overrides = v.api.overrides;
            if (isUnknown(overrides)) return undefined;
            const ops = apiOfTarget(model, t).flatMap((api) => openApiOperations(restApiView(api).body));
            out.push({
                targetName: v.name,
                tools: overrides.map((o) => {
                    const op = ops.find((x) => x.path === o.path && x.method === o.method.toUpperCase());
                    return { name: o.name, description: o.description ?? "", inputSchema: op?.inputSchema ?? defaultOperationSchema(o.path) };
                }),
            });
        }
    }
    return out;
}

function principalTypesOf(gateways: ModelResource[]): PrincipalType[] | undefined {
    const types = gateways.map((g) => gatewayConfig(g).authorizerType);
    if (types.length === 0 || types.some((t) => isUnknown(t) || t === undefined)) return undefined;
    return [...new Set(types.map((t) => (t === "CUSTOM_JWT" ? "OAuthUser" : "IamEntity") as PrincipalType))];
}

/** I10: Cedar policies parse and validate against the tools the gateway exposes; no permit-all. */
export const cedarPolicies: AreaPolicy = {
    name: "agentcore-cedar-policies",
    description: "Cedar policies parse and validate against the schema of the tools the gateway's targets declare (actions <target>___<tool>, typed context.input); no unconditional permit-all; no action that names no tool",
    invariants: ["I10", "I12"],
    check: (model) => {
        const out = findings();
        for (const engine of model.of("policyEngine")) {
            const gateways = model.of("gateway").filter((g) => engineOf(model, g).includes(engine));
            const policies = policiesOf(model, engine);
            if (policies.length === 0) continue;
            const tools = gateways.map((g) => gatewayTools(model, g));
            const principalTypes = principalTypesOf(gateways);
            if (tools.some((t) => t === undefined) || (gateways.length > 0 && !principalTypes)) {
                for (const p of policies) out.deferred.push({ urn: p.urn, item: `${describe(p)}: the tools of its gateway are not known yet, so its schema cannot be built` });
                continue;
            }
            let schema;
            try {
                schema = buildAgentCoreCedarSchema(tools.flatMap((t) => t ?? []), principalTypes ? { principalTypes } : {});
            } catch (e) {
                if (!(e instanceof CedarSchemaError)) throw e;
                add(out, gateways[0] ?? engine, { problems: e.problems, deferred: [] });
                continue;
            }
            const gatewayArn = gateways.length === 1 ? gatewayArnOf(gateways[0]) : undefined;
            const inputs: CedarPolicyInput[] = [];
            const checked: ModelResource[] = [];
            const labels: string[] = [];
            for (const p of policies) {
                const v = cedarPolicyView(p);
                const name = typeof v.name === "string" ? v.name : p.name;
                const declared = declaredCedar(model, p);
                if (typeof v.statement === "string") {
                    if (v.statement.includes(GATEWAY_ARN_PLACEHOLDER)) {
                        out.problems.push({ urn: p.urn, problem: problem("I10", `${describe(p)}: the statement still contains ${GATEWAY_ARN_PLACEHOLDER}; it would match no gateway.`, "Let AgentGatewayHub render the gateway ARN, or write the ARN.") });
                        continue;
                    }
                    if (declared && typeof gatewayArn === "string" && v.statement !== renderTemplate(declared.template, gatewayArn)) {
                        out.problems.push({ urn: p.urn, problem: problem("I10", `${describe(p)}: the deployed statement differs from the one ${describe(declared.component)} declared and validated.`, "Do not transform the component's Cedar policies.") });
                    }
                    inputs.push({ name, statement: v.statement });
                    labels.push(describe(p));
                } else if (isUnknown(v.statement) && declared && derivesOnlyFromGateways(model, p, "definition")) {
                    inputs.push({ name, statement: declared.template });
                    labels.push(`${describe(p)} (as declared by ${describe(declared.component)}; the gateway's ARN is filled in at deploy)`);
                } else {
                    out.deferred.push({ urn: p.urn, item: `${describe(p)}: the Cedar statement is unknown until the values it embeds exist` });
                    continue;
                }
                checked.push(p);
            }
            const known = typeof gatewayArn === "string" ? gatewayArn : undefined;
            const result = checkCedarPoliciesByPolicy(inputs, schema, { gatewayArn: known });
            add(out, engine, { problems: result.engine, deferred: [] });
            result.perPolicy.forEach((problems, i) => add(out, checked[i], { problems, deferred: [] }, labels[i]));
        }
        return out;
    },
};


