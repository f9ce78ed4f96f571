import * as pulumi from "@pulumi/pulumi";
import { AccountScope, logGroupArn } from "../../invariants/arns";
import { gatewayLogGroupArn } from "../../invariants/observability";
import { wafLogGroupName } from "../../invariants/waf";
import type { AgentGatewayHubArgs } from "./args";

/**
 * The log groups the hub creates, as ARNs built from their names: the gateway's vended logs
 * (unless `logs: false`) and its WAF's log (unless `waf: false` or an existing web ACL is used).
 * The hub's key policy admits CloudWatch Logs for exactly these, and both groups encrypt with it.
 */
export function hubLogGroupArns(args: Pick<AgentGatewayHubArgs, "gatewayName" | "logs" | "waf">, scope: pulumi.Output<AccountScope>): pulumi.Output<string>[] {
    const arns: pulumi.Output<string>[] = [];
    if (args.logs !== false) arns.push(scope.apply((s) => gatewayLogGroupArn(s, args.gatewayName)));
    if (args.waf !== false && args.waf?.webAclArn === undefined) {
        arns.push(scope.apply((s) => logGroupArn(s, wafLogGroupName(args.gatewayName))));
    }
    return arns;
}
