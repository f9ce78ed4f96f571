import { comparePolicyDocuments } from "../../invariants/documents/normalize";
import { checkGatewayResourcePolicy } from "../../invariants/documents/gatewayGrants";
import { checkPolicyFitsAuthorizer } from "../../invariants/documents/jwtGatewayPolicy";
import { gatewayConfig } from "../model/views";
import { ReadValue } from "../../invariants/policyDocument";
import { classifyGatewayArn } from "../../invariants/arns";
import { readPolicyDocument, statementLabel } from "../../invariants/policyDocument";
import { problem } from "../../invariants/problems";
import { containsUnknown, isUnknown } from "../../invariants/unknown";
import { PackConfig } from "../config";
import { Declared, STAND_IN_ACCOUNT, derivesOnlyFromGateways, standInGatewayArn, missingItem, renderTemplate, resourcePolicyDeclaration, standInDocument } from "../model/declared";
import { gatewayArnOf } from "../model/relations";
import { ModelResource, str } from "../model/resource";
import { StackModel } from "../model/stack";
import { AreaPolicy, Findings, add, describe, findings } from "./framework";

const TEMPLATE_FIX = "Do not transform the component's resource policy; declare consumers through grantInvoke.";

/** The ARN of the gateway the policy is attached to: its own resourceArn, else the gateway it derives from. */
function attachedGatewayArn(model: StackModel, rp: ModelResource): ReturnType<typeof str> {
    const own = str(rp.props.resourceArn);
    if (typeof own === "string") return own;
    const gateways = model.referenced(rp, "resourceArn", "gateway");
    return gateways.length === 1 ? gatewayArnOf(gateways[0]) : own;
}

/** At a first preview: the declared template checked in the policy's place (stand-ins for the ARNs not known yet). */
function checkTemplate(out: Findings, model: StackModel, rp: ModelResource, declared: Declared, config: PackConfig): void {
    const gateways = model.referenced(rp, "resourceArn", "gateway");
    const name = gateways.length === 1 ? str(gateways[0].props.name) : undefined;
    const { text, slots } = standInDocument(declared.template, name);
    const allowed = config.allowedConsumerAccounts && slots.length > 0 ? [...config.allowedConsumerAccounts, STAND_IN_ACCOUNT] : config.allowedConsumerAccounts;
    const label = `${describe(rp)} (as declared by ${describe(declared.component)}; the gateway's ARN is filled in at deploy)`;
    add(out, rp, checkGatewayResourcePolicy(text, { gatewayArn: standInGatewayArn(name), allowWholeAccount: config.allowWholeAccount, allowedConsumerAccounts: allowed }), label);
    checkAuthorizerFit(out, model, rp, text, label);
    if (config.allowedConsumerAccounts && slots.length > 0) {
        out.deferred.push({ urn: rp.urn, item: `${label}: the accounts of the spoke roles ${slots.join(", ")} come from their providers; whether they are allowed consumer accounts is checked at pulumi up` });
    }
}

/** Once the policy is known: it means the same as the declared template rendered with the gateway's ARN. */
function compareWithTemplate(out: Findings, model: StackModel, rp: ModelResource, declared: Declared): void {
    const gatewayArn = attachedGatewayArn(model, rp);
    const what = `the comparison of ${describe(rp)} with the policy ${describe(declared.component)} declared`;
    if (typeof gatewayArn !== "string") {
        out.deferred.push({ urn: rp.urn, item: `${what} waits for the gateway's ARN` });
        return;
    }
    const c = comparePolicyDocuments(rp.props.policy, renderTemplate(declared.template, gatewayArn));
    if (c.kind === "different") out.problems.push({ urn: rp.urn, problem: problem("I7", `${describe(rp)}: the deployed policy differs from the one ${describe(declared.component)} declared: ${c.difference}.`, TEMPLATE_FIX) });
    else if (c.kind === "undecidable" && c.unknown) out.deferred.push({ urn: rp.urn, item: `${what} waits for its ${c.side} value (${c.reason})` });
    else if (c.kind === "undecidable" && c.side === "deployed") out.problems.push({ urn: rp.urn, problem: problem("I7", `${describe(rp)}: the deployed policy cannot be compared with the one ${describe(declared.component)} declared: ${c.reason}.`, TEMPLATE_FIX) });
    else if (c.kind === "undecidable") out.problems.push({ urn: declared.component.urn, problem: problem("I7", `${describe(declared.component)}: its declared resource policy cannot be read (${c.reason}), so ${describe(rp)} cannot be compared with it.`, "Declare consumers through grantInvoke.") });
}

/**
 * I7 across resources. What the ResourcePolicy shows on its own is decided per resource
 * (gatewayResourcePolicy.ts); here: a policy wholly unknown at this preview is checked from the
 * template its component declared (or named as deferred), a known policy is compared by meaning
 * with that template, and a policy whose resourceArn was unknown when it was analyzed is checked
 * against the gateway it derives from.
 */
export const gatewayConsumerGrants: AreaPolicy = {
    name: "agentcore-gateway-consumer-grants",
    description: "A gateway's resource-based policy, where only the stack can decide it: from its component's declared template at a first preview, compared by meaning with that template once known, and against the gateway it derives from",
    invariants: ["I7"],
    check: (model, config) => {
        const out = findings();
        for (const rp of model.of("resourcePolicy")) {
            const policy = rp.props.policy;
            const declaration = resourcePolicyDeclaration(model, rp);
            const missing = declaration && "missing" in declaration ? declaration.missing : undefined;
            const declared = declaration && "declared" in declaration ? declaration.declared : undefined;
            if (isUnknown(policy)) {
                if (declared && derivesOnlyFromGateways(model, rp, "policy")) checkTemplate(out, model, rp, declared, config);
                else if (missing) out.deferred.push({ urn: rp.urn, item: `${describe(rp)}: ${missingItem(missing, "the I7 check of the policy at this preview")}` });
                else add(out, rp, checkGatewayResourcePolicy(policy));
                continue;
            }
            checkAuthorizerFit(out, model, rp, policy);
            if (missing) out.deferred.push({ urn: rp.urn, item: `${describe(rp)}: ${missingItem(missing, "the comparison of the deployed policy with the declared one")}` });
            if (declared) compareWithTemplate(out, model, rp, declared);
            if (isUnknown(str(rp.props.resourceArn)) && !containsUnknown(policy)) checkAgainstGateway(out, model, rp);
        }
        return out;
    },
};

/** The policy's principals fit its gateway's inbound auth: "*" (narrowed) on CUSTOM_JWT only, IAM principals on AWS_IAM only. */
function checkAuthorizerFit(out: Findings, model: StackModel, rp: ModelResource, document: ReadValue, label?: string): void {
    const gateways = model.referenced(rp, "resourceArn", "gateway");
    const authorizer = gateways.length === 1 ? gatewayConfig(gateways[0]).authorizerType : undefined;
    add(out, rp, checkPolicyFitsAuthorizer(document, authorizer), label);
}

/** The Resource of every Allow names the gateway the policy derives its resourceArn from. */
function checkAgainstGateway(out: Findings, model: StackModel, rp: ModelResource): void {
    const gatewayArn = attachedGatewayArn(model, rp);
    if (typeof gatewayArn !== "string") {
        out.deferred.push({ urn: rp.urn, item: `${describe(rp)}: whether its Resource is the gateway it is attached to waits for the gateway's ARN` });
        return;
    }
    const parsed = readPolicyDocument(rp.props.policy);
    if (!parsed.ok) return; // unreadable: refused by agentcore-gateway-resource-policy
    for (const s of parsed.statements) {
        if (s.effect !== "Allow") continue;
        for (const r of s.resources ?? []) {
            if (typeof r === "string" && classifyGatewayArn(r).kind === "exact" && r !== gatewayArn) {
                out.problems.push({ urn: rp.urn, problem: problem("I7", `${describe(rp)}: ${statementLabel(s)} names gateway "${r}", but the policy is attached to "${gatewayArn}".`, TEMPLATE_FIX) });
            }
        }
    }
}
