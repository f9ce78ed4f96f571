import { toolActionName } from "../../invariants/names";
import { isUnknown } from "../../invariants/unknown";
import { gatewayTools } from "../../policypack/policies/cedar";
import { gatewayArnOf, gatewayRoles } from "../../policypack/model/relations";
import { ModelResource, str } from "../../policypack/model/resource";
import { gatewayConfig } from "../../policypack/model/views";
import { CapturedStack } from "../engine/types";
import { stackModelOf } from "../stackModel";
import { resourceScopes } from "./accounts";
import { cedarAccessSteps } from "./cedarAccess";
import { AccessContext, accountOf } from "./context";
import { gatewayInvokers } from "./gatewayInvokers";
import { jwtInbound } from "./jwtInbound";
import { refOf } from "./refs";
import { restApiAccess } from "./restApiAccess";
import { roleReach } from "./roleReach";
import { Steps, runAll, runInSlices } from "./steps";
import { toolCallAudit } from "./toolCallAudit";
import { AccessSummary, GatewayAccess, ToolRef } from "./types";

/** The gateway's tools as `<target>___<tool>` actions; undefined while any is unknown. */
export function gatewayToolRefs(ctx: AccessContext, gateway: ModelResource): ToolRef[] | undefined {
    return gatewayTools(ctx.model, gateway)?.flatMap((t) => t.tools.map((tool) => ({ action: toolActionName(t.targetName, tool.name), target: t.targetName, tool: tool.name })));
}

function* gatewayAccess(ctx: AccessContext, gateway: ModelResource): Steps<GatewayAccess> {
    const name = str(gateway.props.name);
    const arn = gatewayArnOf(gateway);
    const auth = gatewayConfig(gateway).authorizerType;
    const account = accountOf(ctx, gateway);
    const tools = gatewayToolRefs(ctx, gateway);
    const invokers = gatewayInvokers(ctx, gateway);
    const jwt = jwtInbound(gateway);
    if (tools === undefined) invokers.notes.push("The gateway's tools are not all known at this preview.");
    const cedar = yield* cedarAccessSteps(ctx, gateway, tools, invokers.principals, { jwt: jwt !== undefined });
    return {
        gateway: refOf(gateway),
        ...(typeof name === "string" ? { name } : {}),
        ...(typeof arn === "string" ? { arn } : {}),
        ...(account !== undefined ? { account } : {}),
        ...(typeof auth === "string" && !isUnknown(auth) ? { inboundAuth: auth } : {}),
        ...(jwt ? { jwt } : {}),
        invokers,
        tools: tools ?? [],
        cedar,
        serviceRoles: gatewayRoles(ctx.model, gateway).map((r) => roleReach(ctx, r)),
        toolCallAudit: toolCallAudit(ctx.model, gateway),
    };
}

/** Who can reach what in a captured program: every gateway and every REST API of the stack. */
export function buildAccessSummary(stack: CapturedStack): AccessSummary {
    return runAll(accessSummarySteps(stack));
}

/** The same, computed in slices that let the event loop turn (steps.ts): `runCheck` runs it while the pack analyzes. */
export function buildAccessSummaryInSlices(stack: CapturedStack): Promise<AccessSummary> {
    return runInSlices(accessSummarySteps(stack));
}

function* accessSummarySteps(stack: CapturedStack): Steps<AccessSummary> {
    const ctx: AccessContext = { model: stackModelOf(stack), scopes: resourceScopes(stack) };
    const gateways: GatewayAccess[] = [];
    for (const gateway of ctx.model.of("gateway")) gateways.push(yield* gatewayAccess(ctx, gateway));
    return { gateways, restApis: ctx.model.of("restApi").map((a) => restApiAccess(ctx, a)) };
}
