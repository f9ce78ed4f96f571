import { GATEWAY_ARN_MAX_LENGTH } from "../../invariants/cedar/validate";
import { LIMITS } from "../../invariants/limits";
import { NameKind, checkName } from "../../invariants/names";
import { ReadValue, readPolicyDocument } from "../../invariants/policyDocument";
import { problem } from "../../invariants/problems";
import { UNKNOWN, isUnknown } from "../../invariants/unknown";
import { declaredResourcePolicy, derivesOnlyFromGateways, renderTemplate } from "../model/declared";
import { apiPolicies, rolePermissionDocuments, targetsOf } from "../model/relations";
import { ModelResource, str } from "../model/resource";
import { roleView } from "../model/views";
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

function checkSize(out: Findings, r: ModelResource, what: string, size: ReturnType<typeof documentSize>, limit: number, fix: string): void {
    if (size === undefined) return;
    if (isUnknown(size)) {
        out.deferred.push({ urn: r.urn, item: `${describe(r)}: the size of ${what} is unknown until its values exist` });
        return;
    }
    if (size.known > limit) out.problems.push({ urn: r.urn, problem: problem("I12", `${describe(r)}: ${what} is ${size.known} characters; the limit is ${limit}.`, fix) });
    else if (size.upper > limit) out.deferred.push({ urn: r.urn, item: `${describe(r)}: ${what} is ${size.known} characters plus values not known yet; it may exceed ${limit}` });
}

function checkNameOf(out: Findings, r: ModelResource, kind: NameKind, value: ReadValue | undefined, argument: string): void {
    const v = str(value);
    if (typeof v !== "string") return;
    const p = checkName(kind, v, `${describe(r)} ${argument}`);
    if (p) out.problems.push({ urn: r.urn, problem: p });
}

/** I12: documents, counts and names within AWS limits, so a deploy cannot fail half-way. */
export const awsLimits: AreaPolicy = {
    name: "agentcore-aws-limits",
    description: "Gateway resource policies (20 KB, 100 statements), REST API resource policies (8,192 characters), role policies (10,240 inline, 6,144 managed, 2,048 trust), 100 targets per gateway, and AgentCore name rules",
    invariants: ["I12"],
    check: (model) => {
        const out = findings();
        for (const gw of model.of("gateway")) {
            checkNameOf(out, gw, "gateway", gw.props.name, "name");
            const targets = targetsOf(model, gw);
            if (targets.length > LIMITS.targetsPerGateway) out.problems.push({ urn: gw.urn, problem: problem("I12", `${describe(gw)} has ${targets.length} targets; a gateway holds at most ${LIMITS.targetsPerGateway}.`, "Split the targets over several gateways.") });
        }
        for (const t of model.of("gatewayTarget")) checkNameOf(out, t, "target", t.props.name, "name");
        for (const p of model.of("cedarPolicy")) checkNameOf(out, p, "policy", p.props.name, "name");
        for (const e of model.of("policyEngine")) checkNameOf(out, e, "policyEngine", e.props.name, "name");

        for (const rp of model.of("resourcePolicy")) {
            const declared = declaredResourcePolicy(model, rp);
            let doc: ReadValue | undefined = rp.props.policy;
            if (isUnknown(doc) && declared && derivesOnlyFromGateways(model, rp, "policy")) doc = renderTemplate(declared.template, "a".repeat(GATEWAY_ARN_MAX_LENGTH));
            const fix = "Grant roles by path ({ accountId, rolePath }) instead of one by one; AgentGatewayHub.grantInvoke picks the compact form automatically.";
            checkSize(out, rp, "the gateway resource policy", documentSize(doc), LIMITS.gatewayResourcePolicyBytes, fix);
            const parsed = readPolicyDocument(doc);
            if (parsed.ok && parsed.statements.length > LIMITS.gatewayResourcePolicyStatements) {
                out.problems.push({ urn: rp.urn, problem: problem("I12", `${describe(rp)}: the gateway resource policy has ${parsed.statements.length} statements; the limit is ${LIMITS.gatewayResourcePolicyStatements}.`, fix) });
            }
        }
        for (const api of model.of("restApi")) {
            for (const p of apiPolicies(model, api)) checkSize(out, p.holder, "the REST API resource policy", documentSize(p.document), LIMITS.restApiPolicyChars, "Shorten the policy: name API-relative resources (execute-api:/<stage>/<METHOD>/<path>) and merge statements.");
        }
        for (const role of model.of("role")) {
            checkNameOf(out, role, "role", roleView(role).roleName, "role name");
            checkSize(out, role, "the trust policy", documentSize(roleView(role).trust), LIMITS.trustPolicyChars, "Trust fewer principals per role.");
            const docs = rolePermissionDocuments(model, role);
            const inline = docs.filter((d) => d.kind === "inline").map((d) => documentSize(d.document));
            if (!inline.some(isUnknown)) {
                const sizes = inline.filter((s): s is { known: number; upper: number } => s !== undefined && !isUnknown(s));
                checkSize(out, role, "the role's inline policies in total", sizes.length ? { known: sizes.reduce((a, s) => a + s.known, 0), upper: sizes.reduce((a, s) => a + s.upper, 0) } : undefined, LIMITS.roleInlinePolicyChars, "Move statements into managed policies (AgentGatewayHub spills automatically).");
            } else out.deferred.push({ urn: role.urn, item: `${describe(role)}: the size of its inline policies is unknown until their values exist` });
            for (const d of docs.filter((x) => x.kind === "managed")) checkSize(out, d.holder, "the managed policy", documentSize(d.document), LIMITS.managedPolicyChars, "Split the managed policy.");
        }
        return out;
    },
};
