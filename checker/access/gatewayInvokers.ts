import { principalAccount } from "../../invariants/arns";
import { INVOKE_GATEWAY_ACTION } from "../../invariants/documents/gatewayGrants";
import { grantsInvokeGateway } from "../../invariants/documents/spokeCaller";
import { ReadStatement, ReadValue, conditionValues, readPolicyDocument } from "../../invariants/policyDocument";
import { containsUnknown, isUnknown } from "../../invariants/unknown";
import { declaredResourcePolicy, renderTemplate, standInGatewayArn } from "../../policypack/model/declared";
import { resourcePoliciesOf, rolePermissionDocuments, rolesByArn } from "../../policypack/model/relations";
import { ModelResource, str } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { AccessContext, accountOf } from "./context";
import { describe, refOf } from "./refs";
import { UNKNOWN_TEXT, conditionsOf, coversAction, known, principalsOf } from "./statements";
import { jwtInbound, jwtNotes } from "./jwtInbound";
import { DocumentSource, GatewayAccess, GatewayInvoker, Principal } from "./types";

const PRINCIPAL_ARN = "aws:principalarn";
const ARN_MATCH_OPERATORS = ["ArnLike", "ArnEquals", "StringLike", "StringEquals"];

/** An account principal narrowed by `aws:PrincipalArn` patterns is every role matching them, in that account. */
function narrowed(s: ReadStatement, p: Principal): Principal[] {
    if (p.kind !== "account") return [p];
    const patterns = conditionValues(s, ARN_MATCH_OPERATORS, PRINCIPAL_ARN);
    if (patterns === undefined) return [p];
    const conditions = conditionsOf(s, [PRINCIPAL_ARN]);
    const inAccount = patterns.map(known).filter((pattern) => pattern === UNKNOWN_TEXT || principalAccount(pattern) === p.account);
    return inAccount.map((pattern) => ({ kind: "rolePath", principal: pattern, account: p.account, conditions }));
}

/** The stack's role with this ARN: same name and path, in the same account (its ARN when known, else its provider's). */
function identityPolicy(ctx: AccessContext, p: Principal): GatewayInvoker["identityPolicy"] {
    if (p.kind !== "role") return "not-in-this-stack";
    const roles = rolesByArn(ctx.model, p.principal).filter((r) => {
        const arn = str(r.props.arn);
        return typeof arn === "string" ? arn === p.principal : accountOf(ctx, r) === p.account;
    });
    if (roles.length === 0) return "not-in-this-stack";
    const allows = roles.some((r) => rolePermissionDocuments(ctx.model, r).some((d) => grantsInvokeGateway(d.document)));
    return allows ? "allows" : "does-not-allow";
}

interface ReadDocument {
    source: DocumentSource;
    document?: ReadValue;
    note?: string;
}

/** The resource policy's document: registered, else the declared template, else unknown. */
function documentOf(model: StackModel, gateway: ModelResource, rp: ModelResource): ReadDocument {
    const policy = rp.props.policy;
    if (policy !== undefined && !containsUnknown(policy)) return { source: "deployed", document: policy };
    const declared = declaredResourcePolicy(model, rp);
    if (declared) {
        const rendered = renderTemplate(declared.template, standInGatewayArn(str(gateway.props.name)));
        return { source: "declared", document: rendered, note: `${describe(rp)} is unknown at this preview; read from the template ${describe(declared.component)} declared (the gateway ARN is filled in at pulumi up).` };
    }
    return { source: "unknown", note: `${describe(rp)} is ${UNKNOWN_TEXT} and no component declared it: its callers are known at pulumi up.` };
}

function combine(sources: DocumentSource[]): DocumentSource {
    for (const s of ["unknown", "declared", "deployed"] as const) if (sources.includes(s)) return s;
    return "none";
}

/** Who the gateway's resource-based policies let invoke it, and whether each role may, on its side. */
export function gatewayInvokers(ctx: AccessContext, gateway: ModelResource): GatewayAccess["invokers"] {
    const model = ctx.model;
    const policies = resourcePoliciesOf(model, gateway);
    const jwt = jwtInbound(gateway);
    if (policies.length === 0) {
        return {
            source: "none",
            principals: [],
            resourcePolicies: [],
            notes: jwt ? jwtNotes(jwt, [], false) : ["No resource-based policy in this stack: callers from other accounts are refused; callers of the gateway's own account need only an identity-policy Allow."],
        };
    }
    const principals: GatewayInvoker[] = [];
    const notes: string[] = [];
    const sources: DocumentSource[] = [];
    for (const rp of policies) {
        const read = documentOf(model, gateway, rp);
        sources.push(read.source);
        if (read.note) notes.push(read.note);
        if (read.document === undefined) continue;
        const parsed = readPolicyDocument(read.document);
        if (!parsed.ok) {
            notes.push(`${describe(rp)}: ${parsed.unknown ? UNKNOWN_TEXT : parsed.error}`);
            continue;
        }
        for (const s of parsed.statements) {
            if (!coversAction(s, INVOKE_GATEWAY_ACTION)) continue;
            const found = principalsOf(s).flatMap((p) => narrowed(s, p));
            if (s.effect === "Allow") principals.push(...found.map((p) => ({ ...p, identityPolicy: identityPolicy(ctx, p) })));
            else notes.push(`${describe(rp)} denies InvokeGateway to ${found.map((p) => p.principal).join(", ") || "(no principal)"}${isUnknown(s.effect) ? ` (effect ${UNKNOWN_TEXT})` : ""}.`);
        }
    }
    if (jwt) notes.push(...jwtNotes(jwt, principals, true));
    else notes.push("IAM's same-account rule: principals of the gateway's own account whose identity policies allow bedrock-agentcore:InvokeGateway reach it without being named here; the Cedar policies still decide their tool calls.");
    return { source: combine(sources), principals, resourcePolicies: policies.map(refOf), notes };
}
