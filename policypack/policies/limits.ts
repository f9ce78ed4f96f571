import { GATEWAY_ARN_MAX_LENGTH } from "../../invariants/cedar/validate";
import { LIMITS } from "../../invariants/limits";
import { NameKind, checkName } from "../../invariants/names";
import { ReadValue, readPolicyDocument } from "../../invariants/policyDocument";
import { problem } from "../../invariants/problems";
import { UNKNOWN, isUnknown } from "../../invariants/unknown";
import { fillRoleArnSlots } from "../../invariants/documents/normalize";
import { derivesOnlyFromGateways, missingItem, renderTemplate, resourcePolicyDeclaration } from "../model/declared";
import { apiPolicies, rolePermissionDocuments, targetsOf } from "../model/relations";
import { ModelResource, str } from "../model/resource";
import { AreaPolicy, Findings, describe, findings } from "./framework";

/** An unknown leaf is sized as the longest value it can plausibly take (an ARN). */
const UNKNOWN_LEAF_CHARS = 256;

/** Size of a document: known characters, and an upper bound with unknown leaves at their longest. */
export function documentSize(doc: ReadValue | undefined): { known: number; upper: number } | typeof UNKNOWN | undefined {
    if (doc === undefined || doc === null) return undefined;
    if (isUnknown(doc)) return UNKNOWN;
    if (typeof doc === "string") return { known: doc.length, upper: doc.length };
    let unknowns = 0;
    const known = JSON.stringify(doc, (_k, v: unknown) => {
        if (isUnknown(v)) {
            unknowns++;
            return "";
        }
        return v;
    }).length;
    return { known, upper: known + unknowns * UNKNOWN_LEAF_CHARS };
}

export function checkSize(out: Findings, r: ModelResource, what: string, size: ReturnType<typeof documentSize>, limit: number, fix: string): void {
    if (size === undefined) return;
    if (isUnknown(size)) {
        out.deferred.push({ urn: r.urn, item: `${describe(r)}: the size of ${what} is unknown until its values exist` });
        return;
    }
    if (size.known > limit) out.problems.push({ urn: r.urn, problem: problem("I12", `${describe(r)}: ${what} is ${size.known} characters; the limit is ${limit}.`, fix) });
    else if (size.upper > limit) out.deferred.push({ urn: r.urn, item: `${describe(r)}: ${what} is ${size.known} characters plus values not known yet; it may exceed ${limit}` });
}

/**
 * An unknown name is named as deferred, except where `unknownIsAutoName`: a name the provider
 * generates (an IAM role's) is unknown in a create's preview outputs, and the generator keeps the rule.
 */
export function checkNameOf(out: Findings, r: ModelResource, kind: NameKind, value: ReadValue | undefined, argument: string, unknownIsAutoName = false): void {
    const v = str(value);
    if (isUnknown(v) && !unknownIsAutoName) out.deferred.push({ urn: r.urn, item: `${describe(r)}: its ${argument} is unknown, so the name rule is checked at pulumi up` });
    if (typeof v !== "string") return;
    const p = checkName(kind, v, `${describe(r)} ${argument}`);
    if (p) out.problems.push({ urn: r.urn, problem: p });
}

export const GATEWAY_POLICY_FIX = "Grant roles by path ({ accountId, rolePath }) instead of one by one; AgentGatewayHub.grantInvoke picks the compact form automatically.";

/** The size of the role's own inline policies in total (what the role resource alone shows). */
export function inlineTotal(documents: (ReadValue | undefined)[]): ReturnType<typeof documentSize> {
    const sizes = documents.map(documentSize);
    if (sizes.some(isUnknown)) return UNKNOWN;
    const known = sizes.filter((x): x is { known: number; upper: number } => x !== undefined && !isUnknown(x));
    return known.length ? { known: known.reduce((a, x) => a + x.known, 0), upper: known.reduce((a, x) => a + x.upper, 0) } : undefined;
}

/** Upper bound of a declared gateway policy: the longest gateway ARN, spoke roles in the longest partition. */
function declaredUpperBound(template: string): string {
    return fillRoleArnSlots(renderTemplate(template, "a".repeat(GATEWAY_ARN_MAX_LENGTH)), (path, name) => `arn:aws-us-gov:iam::000000000000:role${path}${name}`);
}

/**
 * I12 across resources: targets per gateway, a role's inline policies together with its
 * separate RolePolicy resources, and the size of values wholly unknown when each resource was
 * analyzed (a gateway resource policy from its declared template). Everything one resource
 * shows on its own is decided by limitsResource.ts and gatewayResourcePolicy.ts, and not again here.
 */
export const awsLimits: AreaPolicy = {
    name: "agentcore-aws-limits",
    description: "Targets per gateway (100), a role's inline policies with its RolePolicy resources (10,240), and sizes decidable only from declared templates (gateway resource policies: 20 KB, 100 statements)",
    invariants: ["I12"],
    check: (model) => {
        const out = findings();
        for (const gw of model.of("gateway")) {
            const targets = targetsOf(model, gw);
            if (targets.length > LIMITS.targetsPerGateway) out.problems.push({ urn: gw.urn, problem: problem("I12", `${describe(gw)} has ${targets.length} targets; a gateway holds at most ${LIMITS.targetsPerGateway}.`, "Split the targets over several gateways.") });
        }
        for (const rp of model.of("resourcePolicy")) {
            if (!isUnknown(rp.props.policy)) continue;
            const declaration = resourcePolicyDeclaration(model, rp);
            if (declaration && "missing" in declaration) {
                out.deferred.push({ urn: rp.urn, item: `${describe(rp)}: ${missingItem(declaration.missing, "the size of the gateway resource policy at this preview")}` });
                continue;
            }
            const fromTemplate = declaration && derivesOnlyFromGateways(model, rp, "policy") ? declaredUpperBound(declaration.declared.template) : undefined;
            checkSize(out, rp, "the gateway resource policy", documentSize(fromTemplate ?? UNKNOWN), LIMITS.gatewayResourcePolicyBytes, GATEWAY_POLICY_FIX);
            const parsed = readPolicyDocument(fromTemplate);
            if (parsed.ok && parsed.statements.length > LIMITS.gatewayResourcePolicyStatements) {
                out.problems.push({ urn: rp.urn, problem: problem("I12", `${describe(rp)}: the gateway resource policy has ${parsed.statements.length} statements; the limit is ${LIMITS.gatewayResourcePolicyStatements}.`, GATEWAY_POLICY_FIX) });
            }
        }
        for (const api of model.of("restApi")) {
            for (const p of apiPolicies(model, api)) if (isUnknown(p.document)) checkSize(out, p.holder, "the REST API resource policy", UNKNOWN, LIMITS.restApiPolicyChars, "");
        }
        for (const role of model.of("role")) {
            const docs = rolePermissionDocuments(model, role).filter((d) => d.kind === "inline");
            if (!docs.some((d) => d.holder !== role)) continue;
            const own = inlineTotal(docs.filter((d) => d.holder === role).map((d) => d.document));
            // The role's own policies over the limit were reported on the role when it was analyzed.
            if (own !== undefined && !isUnknown(own) && own.known > LIMITS.roleInlinePolicyChars) continue;
            checkSize(out, role, "the role's inline policies in total (with its RolePolicy resources)", inlineTotal(docs.map((d) => d.document)), LIMITS.roleInlinePolicyChars, "Move statements into managed policies (AgentGatewayHub spills automatically).");
        }
        return out;
    },
};
