import { AGENTCORE_SERVICE_PRINCIPAL } from "../../invariants/arns";
import { checkGatewayRolePermissions } from "../../invariants/documents/gatewayPermissions";
import { checkGatewayTrustPolicy } from "../../invariants/documents/gatewayTrust";
import { grantsInvokeGateway } from "../../invariants/documents/spokeCaller";
import { readPolicyDocument } from "../../invariants/policyDocument";
import { InvariantId, Problem, problem } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { ModelResource } from "../model/resource";
import { isAwsManagedPolicyArn } from "../model/rolePermissions";
import { T } from "../model/types";
import { roleView } from "../model/views";
import { Findings, ResourcePolicyDef, add, describe, findings } from "./framework";

/**
 * What a gateway service role shows on its own, decided during `Analyze` so that at `pulumi up`
 * a violation stops the role before it exists (the stack policies run only after every step).
 * A role whose trust policy names `bedrock-agentcore.amazonaws.com` and that does not itself
 * invoke gateways (a caller role run by AgentCore Runtime does) is a gateway service role: its
 * trust (I2), its own inline policies (I3) and AWS-managed policies in its managedPolicyArns
 * (I3) need no other resource. Only problems are reported here: what is unknown at Analyze
 * (which carries no dependencies) is named by the stack policies, which follow the relations.
 */

export const AWS_MANAGED_FIX = "Attach only policies created in this stack (inline, aws.iam.RolePolicy, or an aws.iam.Policy) whose documents grant exactly what the role needs; a managed policy the stack does not hold cannot be proven least privilege.";

/** The problem of a managed policy attached to a role whose document this stack does not hold (fail closed). */
export function externalPolicyProblem(invariant: InvariantId, arn: string, awsManaged: boolean): Problem {
    const what = awsManaged ? `the AWS-managed policy "${arn}"` : `the managed policy "${arn}", which is not created in this stack`;
    return problem(invariant, `attaches ${what}: its document is not in this stack, so least privilege cannot be proven.`, AWS_MANAGED_FIX);
}

function trustsAgentCore(r: ModelResource): boolean {
    const parsed = readPolicyDocument(roleView(r).trust);
    if (!parsed.ok) return false;
    return parsed.statements.some((s) => s.effect === "Allow" && !isUnknown(s.principals) && (s.principals?.get("Service") ?? []).includes(AGENTCORE_SERVICE_PRINCIPAL));
}

/**
 * A role that trusts AgentCore and, as its own inline policies show, does not invoke gateways: a
 * gateway service role. When an inline policy is not readable yet (a caller's policy embeds the
 * new gateway's ARN) the role may be a caller: the stack policies, which follow the relations,
 * decide it.
 */
export function isGatewayRoleCandidate(r: ModelResource): boolean {
    if (!trustsAgentCore(r)) return false;
    const inline = roleView(r).inline;
    if (isUnknown(inline)) return false;
    return inline.every((p) => readPolicyDocument(p.document).ok && !grantsInvokeGateway(p.document));
}

/** Which part of a role a problem is about: its trust policy, one inline policy, one managed ARN. */
export type RolePart = { kind: "trust" } | { kind: "inline"; name: string } | { kind: "managedArn"; arn: string };

export interface PartProblem {
    part: RolePart;
    problem: Problem;
}

export function partLabel(part: RolePart): string {
    return part.kind === "trust" ? "trust policy" : part.kind === "inline" ? `inline policy "${part.name}"` : `managed policy "${part.arn}"`;
}

/** The problems a gateway service role shows alone, each with the part of the role it is about. */
export function gatewayRoleAloneProblems(r: ModelResource): PartProblem[] {
    const view = roleView(r);
    const out: PartProblem[] = checkGatewayTrustPolicy(view.trust).problems.map((problem) => ({ part: { kind: "trust" }, problem }));
    if (!isUnknown(view.inline)) {
        for (const p of view.inline) {
            const part: RolePart = { kind: "inline", name: isUnknown(p.name) ? "<unknown name>" : p.name };
            out.push(...checkGatewayRolePermissions(p.document).problems.map((problem) => ({ part, problem })));
        }
    }
    if (!isUnknown(view.managedPolicyArns)) {
        for (const arn of view.managedPolicyArns) if (!isUnknown(arn) && isAwsManagedPolicyArn(arn)) out.push({ part: { kind: "managedArn", arn }, problem: externalPolicyProblem("I3", arn, true) });
    }
    return out;
}

/** The same role as `Analyze` saw it, when its inputs were recorded. */
function asAnalyzed(r: ModelResource): ModelResource | undefined {
    return r.inputs === undefined ? undefined : { ...r, props: r.inputs };
}

/** A problem's identity on one part of a role (the part by its label, as rolePermissions labels documents). */
export function problemKey(partName: string, p: Problem): string {
    return [partName, p.invariant, p.message].join("\u0000");
}

/**
 * Keys of the problems the resource policy already reported on role `r` (from the inputs Analyze
 * saw), so a stack policy does not report the same problem twice. Empty when Analyze left no record.
 */
export function decidedAlone(r: ModelResource): Set<string> {
    const analyzed = asAnalyzed(r);
    if (!analyzed || !isGatewayRoleCandidate(analyzed)) return new Set();
    return new Set(gatewayRoleAloneProblems(analyzed).map((x) => problemKey(partLabel(x.part), x.problem)));
}

/** A CheckResult about one part of role `r` without the problems the resource policy already reported. */
export function notDecidedAlone(decided: ReadonlySet<string>, partName: string, result: { problems: Problem[]; deferred: string[] }): { problems: Problem[]; deferred: string[] } {
    return { problems: result.problems.filter((p) => !decided.has(problemKey(partName, p))), deferred: result.deferred };
}

/** I2/I3 on one role alone (Analyze). */
export const gatewayRoleAlone: ResourcePolicyDef = {
    name: "agentcore-gateway-role-alone",
    description: "A role that trusts bedrock-agentcore.amazonaws.com (a gateway service role) trusts only AgentCore with aws:SourceAccount and aws:SourceArn, its own inline policies grant only gateway actions without wildcards, and it carries no AWS-managed policy; decided on the role alone, so `pulumi up` stops it before it is created",
    invariants: ["I2", "I3"],
    types: T.role,
    check: (r) => {
        const out: Findings = findings();
        if (!isGatewayRoleCandidate(r)) return out;
        for (const { part, problem } of gatewayRoleAloneProblems(r)) {
            add(out, r, { problems: [problem], deferred: [] }, `${describe(r)} (${partLabel(part)}; the role trusts ${AGENTCORE_SERVICE_PRINCIPAL}: a gateway service role)`);
        }
        return out;
    },
};
