import { CedarPolicyInput, CedarSchemaError, PrincipalType, buildAgentCoreCedarSchema, checkCedarPoliciesByPolicy } from "../../invariants/cedar";
import { defaultOperationSchema, openApiOperations } from "../../invariants/openApiTools";
import { problem } from "../../invariants/problems";
import { TargetTools } from "../../invariants/toolSchema";
import { isUnknown } from "../../invariants/unknown";
import { checkPrincipalTypeFits, principalTypeForAuthorizer } from "../../invariants/inboundPrincipals";
import { compareCedarPolicies } from "../../invariants/cedar/normalize";
import { GatewayIdentity, checkCedarPolicyAlone } from "../../invariants/cedar/validate";
import { Problem } from "../../invariants/problems";
import { Declared, cedarDeclaration, derivesOnlyFromGateways, missingItem, renderTemplate } from "../model/declared";
import { apiOfTarget, engineOf, gatewayArnOf, policiesOf, targetsOf } from "../model/relations";
import { ModelResource } from "../model/resource";
import { StackModel } from "../model/stack";
import { cedarPolicyView, gatewayConfig, restApiView, targetView } from "../model/views";
import { AreaPolicy, Findings, add, describe, findings } from "./framework";

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

/**
 * What is known of a gateway before it exists: its name (its id is `<name>-<10 characters>`),
 * its Region when the program sets it (bridged `region`), and the account and partition of its
 * service role's ARN when that is a literal: the gateway's role is in the gateway's own account
 * (iam:PassRole passes roles of the caller's account; assumed, see docs/aws-facts.md "Cedar").
 */
export function gatewayIdentityOf(gateway: ModelResource): GatewayIdentity {
    const name = gateway.props.name;
    const region = gateway.props.region;
    const roleArn = gateway.props.roleArn;
    const role = typeof roleArn === "string" ? /^arn:([^:]+):iam::(\d{12}):role\//.exec(roleArn) : null;
    return {
        name: typeof name === "string" ? name : undefined,
        region: typeof region === "string" && region.length > 0 ? region : undefined,
        partition: role?.[1],
        accountId: role?.[2],
    };
}

function principalTypesOf(gateways: ModelResource[]): PrincipalType[] | undefined {
    const types = gateways.map((g) => gatewayConfig(g).authorizerType);
    if (types.length === 0 || types.some((t) => isUnknown(t) || t === undefined)) return undefined;
    return [...new Set(types.map((t) => principalTypeForAuthorizer(String(t))))];
}

/** Once the statement is known: it means the same as the declared template rendered with the gateway's ARN. */
function compareWithTemplate(out: Findings, p: ModelResource, statement: string, declared: Declared, gatewayArn: ReturnType<typeof gatewayArnOf> | undefined): void {
    const what = `the comparison of ${describe(p)} with the statement ${describe(declared.component)} declared`;
    if (typeof gatewayArn !== "string") {
        out.deferred.push({ urn: p.urn, item: `${what} waits for the gateway's ARN` });
        return;
    }
    const fix = "Do not transform the component's Cedar policies.";
    const c = compareCedarPolicies(statement, renderTemplate(declared.template, gatewayArn));
    if (c.kind === "different") out.problems.push({ urn: p.urn, problem: problem("I10", `${describe(p)}: the deployed statement differs from the one ${describe(declared.component)} declared and validated: ${c.difference}.`, fix) });
    else if (c.kind === "undecidable" && c.side === "deployed") out.problems.push({ urn: p.urn, problem: problem("I10", `${describe(p)}: the deployed statement cannot be compared with the one ${describe(declared.component)} declared: ${c.reason}.`, fix) });
    else if (c.kind === "undecidable") out.problems.push({ urn: declared.component.urn, problem: problem("I10", `${describe(declared.component)}: its declared statement for ${describe(p)} cannot be read (${c.reason}).`, "Pass Cedar statements as strings or cedarPolicy() builders.") });
}

/** A known statement against its declaration, whether or not the engine's schema can be built. */
function compareKnown(out: Findings, model: StackModel, p: ModelResource, gatewayArn: ReturnType<typeof gatewayArnOf> | undefined): void {
    const statement = cedarPolicyView(p).statement;
    if (typeof statement !== "string") return;
    const declaration = cedarDeclaration(model, p);
    if (declaration && "missing" in declaration) out.deferred.push({ urn: p.urn, item: `${describe(p)}: ${missingItem(declaration.missing, "the comparison of the deployed statement with the declared one")}` });
    if (declaration && "declared" in declaration) compareWithTemplate(out, p, statement, declaration.declared, gatewayArn);
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
            const engineGatewayArn = gateways.length === 1 ? gatewayArnOf(gateways[0]) : undefined;
            for (const p of policies) compareKnown(out, model, p, engineGatewayArn);
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
            const inputs: CedarPolicyInput[] = [];
            const checked: ModelResource[] = [];
            const labels: string[] = [];
            const alone: { index: number; problems: Problem[] }[] = [];
            for (const p of policies) {
                const v = cedarPolicyView(p);
                const name = typeof v.name === "string" ? v.name : p.name;
                const declaration = cedarDeclaration(model, p);
                const declared = declaration && "declared" in declaration ? declaration.declared : undefined;
                const missing = declaration && "missing" in declaration ? declaration.missing : undefined;
                if (typeof v.statement === "string") {
                    // What the statement shows alone was decided per resource (cedarPolicy.ts).
                    inputs.push({ name, statement: v.statement, language: v.language });
                    labels.push(describe(p));
                } else if (v.statement === undefined) {
                    continue; // refused by agentcore-cedar-policy
                } else if (declared && derivesOnlyFromGateways(model, p, "definition")) {
                    // Unknown when the resource was analyzed: the template is checked here in full.
                    const input = { name, statement: declared.template };
                    alone.push({ index: inputs.length, problems: checkCedarPolicyAlone(input, { who: "the declared statement", at: "name", nameKnown: typeof v.name === "string" }).problems });
                    inputs.push(input);
                    labels.push(`${describe(p)} (as declared by ${describe(declared.component)}; the gateway's ARN is filled in at deploy)`);
                } else {
                    out.deferred.push({ urn: p.urn, item: missing ? `${describe(p)}: ${missingItem(missing, "the Cedar checks of the statement at this preview")}` : `${describe(p)}: the Cedar statement is unknown until the values it embeds exist` });
                    continue;
                }
                checked.push(p);
            }
            // One principal type per gateway auth: the same rule as the component's (inboundPrincipals.ts).
            const authorizer = gateways.length === 1 ? gatewayConfig(gateways[0]).authorizerType : undefined;
            if (typeof authorizer === "string") {
                inputs.forEach((input, i) => {
                    const wrong = checkPrincipalTypeFits(input.statement, authorizer, "the policy");
                    if (wrong) add(out, checked[i], { problems: [wrong], deferred: [] }, labels[i]);
                });
            }
            const known = typeof engineGatewayArn === "string" ? engineGatewayArn : undefined;
            // At a first preview the gateway's ARN is unknown, but its name (and often account and Region) is not.
            const gatewayIdentity = known === undefined && gateways.length === 1 ? gatewayIdentityOf(gateways[0]) : undefined;
            const result = checkCedarPoliciesByPolicy(inputs, schema, { gatewayArn: known, gatewayIdentity, standalone: "skip" });
            add(out, engine, { problems: result.engine, deferred: [] });
            result.undecidedGateways.forEach((arns, i) => {
                for (const arn of arns) out.deferred.push({ urn: checked[i].urn, item: `${labels[i]}: whether the gateway it names, ${arn}, is its engine's gateway waits for the gateway's ARN` });
            });
            for (const a of alone) result.perPolicy[a.index].unshift(...a.problems);
            result.perPolicy.forEach((problems, i) => add(out, checked[i], { problems, deferred: [] }, labels[i]));
        }
        return out;
    },
};


