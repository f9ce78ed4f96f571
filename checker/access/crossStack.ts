import { roleArn as buildRoleArn, wildcardMatch } from "../../invariants/arns";
import { INVOKE_GATEWAY_ACTION } from "../../invariants/documents/gatewayGrants";
import { readPolicyDocument } from "../../invariants/policyDocument";
import { isUnknown } from "../../invariants/unknown";
import { gatewayArnOf, rolePermissionDocuments } from "../../policypack/model/relations";
import { ModelResource, str } from "../../policypack/model/resource";
import { roleView } from "../../policypack/model/views";
import { CapturedStack } from "../engine/types";
import { stackModelOf } from "../stackModel";
import { resourceScopes } from "./accounts";
import { cedarAccess } from "./cedarAccess";
import { AccessContext, accountOf } from "./context";
import { CrossStackAccess, CrossStackReach } from "./crossStackTypes";
import { gatewayInvokers } from "./gatewayInvokers";
import { refOf } from "./refs";
import { coversAction } from "./statements";
import { gatewayToolRefs } from "./summary";
import { GatewayInvoker } from "./types";

/** One stack of the set: what its callers are read from, and what its gateways are read from. */
export interface JoinedStack {
    /** `org/project/stack`. */
    name: string;
    /** The stack as it was checked (its caller roles). */
    checked: CapturedStack;
    /**
     * The stack after its `pulumi up` (update mode): its gateways' ARNs, as the stacks that read
     * it see them. The checked stack itself when it was checked in update mode.
     */
    deployed: CapturedStack;
}

interface CallerRole {
    stack: string;
    role: ModelResource;
    arn: string;
    arnSource: CrossStackReach["roleArnSource"];
    account?: string;
    /** Known gateway ARNs or patterns its own Allow statements name for InvokeGateway. */
    gatewayResources: string[];
}

function contextOf(stack: CapturedStack): AccessContext {
    return { model: stackModelOf(stack), scopes: resourceScopes(stack) };
}

/** The role's ARN: registered, else built from its account, path and name (IAM's ARN form). */
function arnOfRole(ctx: AccessContext, role: ModelResource): { arn: string; source: CrossStackReach["roleArnSource"] } | undefined {
    const arn = str(role.props.arn);
    if (typeof arn === "string") return { arn, source: "registered" };
    const v = roleView(role);
    const account = accountOf(ctx, role);
    if (typeof v.roleName !== "string" || account === undefined) return undefined;
    return { arn: buildRoleArn("aws", account, v.path, v.roleName), source: "built" };
}

/** Roles of a stack whose own permissions allow InvokeGateway, with the gateway ARNs they name. */
function callerRoles(name: string, ctx: AccessContext, notes: string[]): CallerRole[] {
    const out: CallerRole[] = [];
    for (const role of ctx.model.of("role")) {
        const resources: string[] = [];
        for (const doc of rolePermissionDocuments(ctx.model, role)) {
            const parsed = readPolicyDocument(doc.document);
            if (!parsed.ok) continue;
            for (const s of parsed.statements) {
                if (s.effect !== "Allow" || !coversAction(s, INVOKE_GATEWAY_ACTION)) continue;
                for (const r of s.resources ?? []) if (!isUnknown(r)) resources.push(r);
            }
        }
        if (resources.length === 0) continue;
        const arn = arnOfRole(ctx, role);
        if (arn === undefined) {
            notes.push(`${name}: Role "${role.name}" invokes gateways, but its ARN is not known and cannot be built (no role name or account).`);
            continue;
        }
        const account = accountOf(ctx, role);
        out.push({ stack: name, role, arn: arn.arn, arnSource: arn.source, ...(account ? { account } : {}), gatewayResources: resources });
    }
    return out;
}

/** The principal of the gateway's resource policy that admits this role, if any. */
function admission(invokers: readonly GatewayInvoker[], caller: CallerRole, gatewayAccount: string | undefined): string | undefined {
    for (const i of invokers) {
        if (i.kind === "anyone") return i.principal;
        if (i.kind === "role" && i.principal === caller.arn) return i.principal;
        if (i.kind === "rolePath" && wildcardMatch(i.principal, caller.arn)) return i.principal;
        if (i.kind === "account" && i.account !== undefined && i.account === caller.account) return i.principal;
    }
    // IAM's same-account rule: the identity policy alone lets a role of the gateway's account in.
    return gatewayAccount !== undefined && gatewayAccount === caller.account ? "same account" : undefined;
}

/**
 * Joins the caller roles of every stack with the gateways of every stack: which roles can reach
 * which tools of which hub. A role is joined with a gateway when its own policy names the
 * gateway's ARN; the gateway's resource policy and Cedar then decide, evaluated for the role's
 * caller ARN with Cedar's own authorizer (checker/access/cedarDecisions.ts).
 */
export function joinStacks(stacks: readonly JoinedStack[]): CrossStackAccess {
    const notes: string[] = [];
    const callers = stacks.flatMap((s) => callerRoles(s.name, contextOf(s.checked), notes));
    const reaches: CrossStackReach[] = [];
    for (const hub of stacks) {
        const ctx = contextOf(hub.deployed);
        for (const gateway of ctx.model.of("gateway")) {
            const gatewayArn = gatewayArnOf(gateway);
            if (typeof gatewayArn !== "string") continue;
            const mine = callers.filter((c) => c.gatewayResources.some((r) => wildcardMatch(r, gatewayArn)));
            if (mine.length === 0) continue;
            const invokers = gatewayInvokers(ctx, gateway);
            const tools = gatewayToolRefs(ctx, gateway);
            const account = accountOf(ctx, gateway);
            const cedar = cedarAccess(ctx, gateway, tools, invokers.principals, { extraRoles: mine.map((c) => c.arn) });
            const enforced = cedar.engine !== undefined && cedar.mode !== "LOG_ONLY";
            const name = str(gateway.props.name);
            for (const caller of mine) {
                const admittedBy = admission(invokers.principals, caller, account);
                const rowNotes: string[] = [];
                const decided = cedar.decisions.filter((d) => d.invoker === caller.arn);
                const toolRows = tools === undefined
                    ? []
                    : enforced
                      ? decided.map((d) => ({ tool: d.tool, decision: d.decision, policies: d.policies }))
                      : tools.map((t) => ({ tool: t.action, decision: "allowed" as const, policies: [] }));
                if (tools === undefined) rowNotes.push("The gateway's tools are not all known.");
                if (!enforced) rowNotes.push(cedar.engine === undefined ? "No policy engine: every admitted caller may call every tool." : "The engine runs in LOG_ONLY: every admitted caller may call every tool.");
                if (enforced && decided.length === 0 && tools !== undefined) rowNotes.push(...cedar.notes.filter((n) => n.startsWith("Not evaluated")));
                if (admittedBy === undefined) rowNotes.push(`The gateway's resource-based policy does not admit ${caller.arn}: its calls get 403.`);
                reaches.push({
                    callerStack: caller.stack,
                    role: refOf(caller.role),
                    roleArn: caller.arn,
                    roleArnSource: caller.arnSource,
                    ...(caller.account ? { account: caller.account } : {}),
                    hubStack: hub.name,
                    gateway: refOf(gateway),
                    ...(typeof name === "string" ? { gatewayName: name } : {}),
                    gatewayArn,
                    ...(admittedBy ? { admittedBy } : {}),
                    tools: toolRows,
                    reachable: admittedBy !== undefined && toolRows.some((t) => t.decision !== "denied"),
                    notes: rowNotes,
                });
            }
        }
    }
    const joined = new Set(reaches.map((r) => `${r.callerStack}\u0000${r.role.urn}`));
    for (const c of callers) {
        if (!joined.has(`${c.stack}\u0000${c.role.urn}`)) notes.push(`${c.stack}: ${c.arn} may invoke ${c.gatewayResources.join(", ")}, which is no gateway of the stacks checked together.`);
    }
    return { stacks: stacks.map((s) => s.name), reaches, notes };
}
