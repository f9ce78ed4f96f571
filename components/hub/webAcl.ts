import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope } from "../../invariants/arns";
import { formatProblem } from "../../invariants/problems";
import { DEFAULT_MANAGED_RULE_GROUPS, DEFAULT_RATE_PER_5_MINUTES, WafSpec, checkWebAclArn, wafLogGroupName } from "../../invariants/waf";

/** What the hub creates or uses for its gateway's WAF. */
export interface GatewayWaf {
    webAclArn: pulumi.Output<string>;
    /** Undefined when an existing web ACL was passed (its rules and logging are its owner's). */
    webAcl?: aws.wafv2.WebAcl;
    logGroup?: aws.cloudwatch.LogGroup;
    logging?: aws.wafv2.WebAclLoggingConfiguration;
    association: aws.wafv2.WebAclAssociation;
}

/** Retention of the WAF log group the hub creates. */
export const WAF_LOG_RETENTION_DAYS = 365;

function visibility(metricName: string): aws.types.input.wafv2.WebAclRuleVisibilityConfig {
    return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** The default rules: a per-IP rate-based rule first, then each AWS managed rule group in order. */
export function webAclRules(ratePer5Minutes: number, managedRuleGroups: readonly string[]): aws.types.input.wafv2.WebAclRule[] {
    return [
        { name: "rate-per-ip", priority: 0, action: { block: {} }, statement: { rateBasedStatement: { limit: ratePer5Minutes, aggregateKeyType: "IP", evaluationWindowSec: 300 } }, visibilityConfig: visibility("rate-per-ip") },
        ...managedRuleGroups.map((group, i): aws.types.input.wafv2.WebAclRule => ({
            name: group,
            priority: i + 1,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            visibilityConfig: visibility(group),
        })),
    ];
}

/**
 * The gateway's web ACL (REGIONAL, in the hub's account and Region, with the hub's `aws`
 * provider), its logging to a log group named `aws-waf-logs-…`, and its association with the
 * gateway ARN. The gateway itself is set to FAIL_CLOSE by the hub. With `webAclArn` only the
 * association is created, after the ARN is checked against the hub's account and Region.
 */
export function createGatewayWaf(
    name: string,
    spec: Exclude<WafSpec<pulumi.Input<string>>, false>,
    gatewayName: string,
    gatewayArn: pulumi.Output<string>,
    scope: pulumi.Output<AccountScope>,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
    tags?: Record<string, string>,
    /** The hub's key: the WAF log group encrypts with it (its key policy admits this group). */
    keyArn?: pulumi.Input<string>,
): GatewayWaf {
    const opts = { parent };
    if (spec.webAclArn !== undefined) {
        const webAclArn = pulumi.all([scope, pulumi.output(spec.webAclArn)]).apply(([s, arn]) => {
            const problems = checkWebAclArn(arn, s, "waf.webAclArn");
            if (problems.length > 0) throw new pulumi.ResourceError(problems.map(formatProblem).join("\n"), parent);
            return arn;
        });
        const association = new aws.wafv2.WebAclAssociation(`${name}-waf-association`, { resourceArn: gatewayArn, webAclArn }, { ...opts, dependsOn });
        return { webAclArn, association };
    }
    const webAcl = new aws.wafv2.WebAcl(`${name}-waf`, {
        name: `agentcore-${gatewayName}`,
        description: `Perimeter of AgentCore gateway ${gatewayName}`,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules: webAclRules(spec.ratePer5Minutes ?? DEFAULT_RATE_PER_5_MINUTES, spec.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS),
        visibilityConfig: visibility(`agentcore-${gatewayName}`),
        tags,
    }, opts);
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-waf-logs`, { name: wafLogGroupName(gatewayName), retentionInDays: WAF_LOG_RETENTION_DAYS, kmsKeyId: keyArn, tags }, opts);
    const logging = new aws.wafv2.WebAclLoggingConfiguration(`${name}-waf-logging`, { resourceArn: webAcl.arn, logDestinationConfigs: [logGroup.arn] }, opts);
    const association = new aws.wafv2.WebAclAssociation(`${name}-waf-association`, { resourceArn: gatewayArn, webAclArn: webAcl.arn }, { ...opts, dependsOn });
    return { webAclArn: webAcl.arn, webAcl, logGroup, logging, association };
}
