import { parseArn } from "../../invariants/arns";
import { checkGatewayRolePermissions } from "../../invariants/documents/gatewayPermissions";
import { checkGatewayTrustPolicy } from "../../invariants/documents/gatewayTrust";
import { executeApiPath } from "../../invariants/arns";
import { ReadValue, readPolicyDocument } from "../../invariants/policyDocument";
import { problem } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { ModelResource, str } from "../model/resource";
import { StackModel } from "../model/stack";
import { apiOfTarget, exposedOperations, exposedOperationsUnknownReason, functionsOfTarget, gatewayRoles, targetsOf } from "../model/relations";
import { rolePermissions } from "../model/rolePermissions";
import { declaredFeatures } from "../model/gatewayFeatures";
import { lambdaFunctionView, roleView, targetView } from "../model/views";
import { AreaPolicy, Findings, add, describe, findings } from "./framework";
import { decidedAlone, externalPolicyProblem, notDecidedAlone, partLabel } from "./gatewayRoleAlone";

/** The hub account, from the gateway's role ARN when it is known. */
export function hubAccountOf(gateway: ModelResource): string | undefined {
    const arn = str(gateway.props.roleArn);
    return typeof arn === "string" ? parseArn(arn)?.accountId : undefined;
}

/** Gateways with their roles; a role that cannot be found is deferred by name. */
function eachGatewayRole(model: StackModel, out: Findings, visit: (gateway: ModelResource, role: ModelResource) => void): void {
    for (const gw of model.of("gateway")) {
        const roles = gatewayRoles(model, gw);
        if (roles.length === 0) {
            const arn = str(gw.props.roleArn);
            out.deferred.push({
                urn: gw.urn,
                item: `${describe(gw)}: its service role ${typeof arn === "string" ? `"${arn}" is not created in this stack; check it in the stack that creates it` : "cannot be identified (roleArn is unknown and derives from no role in this stack)"}`,
            });
            continue;
        }
        for (const role of roles) visit(gw, role);
    }
}

/** I2: the gateway's service role trusts only AgentCore acting for this account and gateway. */
export const gatewayRoleTrust: AreaPolicy = {
    name: "agentcore-gateway-role-trust",
    description: "A gateway's service role trusts only bedrock-agentcore.amazonaws.com, with aws:SourceAccount and aws:SourceArn scoped to that gateway",
    invariants: ["I2"],
    check: (model) => {
        const out = findings();
        eachGatewayRole(model, out, (gw, role) => {
            const name = str(gw.props.name);
            const result = checkGatewayTrustPolicy(roleView(role).trust, { accountId: hubAccountOf(gw), gatewayName: typeof name === "string" ? name : undefined });
            add(out, role, notDecidedAlone(decidedAlone(role), partLabel({ kind: "trust" }), result), `${describe(role)} (service role of ${describe(gw)})`);
        });
        return out;
    },
};

interface TargetReach {
    lambdas: Set<string>;
    /** Names of target functions whose ARN is unknown at this preview (a function of the stack, matched by propertyDependencies). */
    lambdaNames: Set<string>;
    /** The hub account, when known: a function named by name is the hub account's. */
    account?: string;
    apiIds: Set<string>;
    operations: Set<string>;
    /** False when some target's functions or methods are not known: nothing is then "beyond" them. */
    complete: boolean;
}

/** Known Lambda ARNs and execute-api method resources this gateway's targets expose. */
function targetReach(model: StackModel, gw: ModelResource, out: Findings): TargetReach {
    const account = hubAccountOf(gw);
    const reach: TargetReach = { lambdas: new Set(), lambdaNames: new Set(), apiIds: new Set(), operations: new Set(), complete: true, ...(account ? { account } : {}) };
    for (const t of targetsOf(model, gw)) {
        const v = targetView(t);
        if (v.kind === "lambda") {
            if (typeof v.lambdaArn === "string") {
                reach.lambdas.add(v.lambdaArn);
                continue;
            }
            // An unknown lambdaArn that derives from a function of this stack is that function.
            const functions = functionsOfTarget(model, t);
            if (functions.length === 0) reach.complete = false;
            for (const fn of functions) {
                const f = lambdaFunctionView(fn);
                if (typeof f.arn === "string") reach.lambdas.add(f.arn);
                else if (typeof f.name === "string") reach.lambdaNames.add(f.name);
                else reach.complete = false;
            }
        } else if (v.kind === "apiGateway") {
            const id = v.api?.restApiId;
            if (typeof id === "string") reach.apiIds.add(id);
            else {
                for (const api of apiOfTarget(model, t)) {
                    const apiId = str(api.props.restApiId ?? api.props.id);
                    if (typeof apiId === "string") reach.apiIds.add(apiId);
                    else reach.complete = false;
                }
            }
            const ops = exposedOperations(t);
            if (isUnknown(ops)) {
                reach.complete = false;
                out.deferred.push({ urn: t.urn, item: `${describe(t)}: whether the role of ${describe(gw)} reaches more than this target cannot be told: ${exposedOperationsUnknownReason(t)}` });
                continue;
            }
            for (const op of ops) reach.operations.add(`${isUnknown(op.stage) ? "*" : op.stage}/${op.method}${executeApiPath(op.path)}`);
        } else reach.complete = false;
    }
    // Interceptor functions are the gateway's too: the role may invoke exactly them (gatewayFeatures.ts).
    const interceptors = declaredFeatures(model, gw).interceptorLambdaArns;
    if (isUnknown(interceptors)) reach.complete = false;
    else for (const arn of interceptors) {
        if (typeof arn === "string") reach.lambdas.add(arn);
        else reach.complete = false;
    }
    return reach;
}

/** A function ARN whose name (without qualifier) is a target function's, in the hub account when known. */
function namesTargetFunction(arn: NonNullable<ReturnType<typeof parseArn>>, reach: TargetReach): boolean {
    const [kind, name] = arn.resource.split(":");
    if (kind !== "function" || name === undefined || !reach.lambdaNames.has(name)) return false;
    return reach.account === undefined || arn.accountId === reach.account;
}

/** Resources a known document allows that are not this gateway's targets (decided only when every target is known). */
function beyondTargets(document: ReadValue | undefined, reach: TargetReach): string[] {
    const parsed = readPolicyDocument(document);
    if (!parsed.ok || !reach.complete) return [];
    const extra: string[] = [];
    for (const s of parsed.statements) {
        if (s.effect !== "Allow") continue;
        for (const r of s.resources ?? []) {
            if (isUnknown(r)) continue;
            const arn = parseArn(r);
            if (arn?.service === "lambda" && !reach.lambdas.has(r) && !namesTargetFunction(arn, reach)) extra.push(r);
            if (arn?.service === "execute-api") {
                const [apiId, stage, ...rest] = arn.resource.split("/");
                const op = rest.join("/");
                if (!reach.apiIds.has(apiId) || !(reach.operations.has(`${stage}/${op}`) || reach.operations.has(`*/${op}`))) extra.push(r);
            }
        }
    }
    return extra;
}

/** I3: the gateway role reaches exactly its targets and its policy engine. */
export const gatewayRolePermissions: AreaPolicy = {
    name: "agentcore-gateway-role-permissions",
    description: "A gateway's service role may invoke exactly its targets (exact Lambda ARNs, exposed execute-api methods) and evaluate its policy engine; no wildcards; no managed policy whose document the stack does not hold",
    invariants: ["I3"],
    check: (model) => {
        const out = findings();
        eachGatewayRole(model, out, (gw, role) => {
            const reach = targetReach(model, gw, out);
            const features = declaredFeatures(model, gw);
            const decided = decidedAlone(role);
            const permissions = rolePermissions(model, role);
            const of = `of ${describe(role)}, service role of ${describe(gw)}`;
            for (const doc of permissions.documents) {
                const label = `${describe(doc.holder)} (${doc.label} ${of})`;
                const result = checkGatewayRolePermissions(doc.document, { unknownProvenance: doc.provenance, accountId: hubAccountOf(gw), features });
                add(out, doc.holder, doc.holder === role ? notDecidedAlone(decided, doc.label, result) : result, label);
                for (const extra of beyondTargets(doc.document, reach)) {
                    out.problems.push({ urn: doc.holder.urn, problem: problem("I3", `${label}: allows "${extra}", which is not one of the gateway's targets.`, "Grant the gateway role only its own targets' functions and exposed methods.") });
                }
            }
            for (const ext of permissions.external) {
                const result = { problems: [externalPolicyProblem("I3", ext.arn, ext.awsManaged)], deferred: [] };
                const part = partLabel({ kind: "managedArn", arn: ext.arn });
                add(out, ext.holder, ext.holder === role ? notDecidedAlone(decided, part, result) : result, `${describe(ext.holder)} (${of})`);
            }
            for (const u of permissions.undecided) out.deferred.push({ urn: u.holder.urn, item: `${u.item} (${of})` });
        });
        return out;
    },
};
