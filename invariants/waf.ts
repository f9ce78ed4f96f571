import { AccountScope, parseArn } from "./arns";
import { CheckResult, Problem, emptyResult, problem } from "./problems";
import { MaybeUnknown, isUnknown } from "./unknown";

/**
 * I13, the gateway's perimeter: an AWS WAF web ACL in front of the gateway, failing closed.
 * Facts (docs/aws-facts.md §14): one regional web ACL per gateway, in the gateway's Region
 * (CloudFront/global ACLs are not supported); `wafConfiguration.failureMode` decides what the
 * gateway does when WAF cannot be evaluated, and AWS documents no default, so it is always set.
 */

/** WAF log destinations must be named with this prefix (WAF API LoggingConfiguration). */
export const WAF_LOG_PREFIX = "aws-waf-logs-";

/** The AWS managed rule groups the hub's web ACL uses unless told otherwise (WAF "Baseline rule groups"). */
export const DEFAULT_MANAGED_RULE_GROUPS: readonly string[] = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"];

/**
 * Requests per client IP per five minutes before the rate-based rule blocks: a choice of this
 * package (about 10 per second per IP), generous because agents behind one NAT share an address.
 */
export const DEFAULT_RATE_PER_5_MINUTES = 3000;

/** WAF's range for a rate-based rule's limit (WAF API RateBasedStatement: 10 to 2,000,000,000). */
export const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;

export const FAIL_CLOSE = "FAIL_CLOSE";

const FIX_SCOPE = "Pass a REGIONAL web ACL (`arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>`) of the hub's account and Region, or let the hub create one (omit webAclArn).";

export interface ParsedWebAclArn {
    partition: string;
    region: string;
    accountId: string;
    scope: "regional" | "global";
    name: string;
    id: string;
}

/** `arn:<p>:wafv2:<region>:<account>:regional|global/webacl/<name>/<id>`; undefined otherwise. */
export function parseWebAclArn(value: string): ParsedWebAclArn | undefined {
    const arn = parseArn(value);
    if (!arn || arn.service !== "wafv2") return undefined;
    const m = /^(regional|global)\/webacl\/([\w-]{1,128})\/([0-9a-f-]{1,128})$/.exec(arn.resource);
    if (!m) return undefined;
    return { partition: arn.partition, region: arn.region, accountId: arn.accountId, scope: m[1] as "regional" | "global", name: m[2], id: m[3] };
}

/** An existing web ACL for the gateway: regional, in the hub's account and Region. */
export function checkWebAclArn(value: string, scope: AccountScope | undefined, argument: string): Problem[] {
    const arn = parseWebAclArn(value);
    if (!arn) return [problem("I13", `${argument} = ${JSON.stringify(value)} is not a WAF web ACL ARN.`, FIX_SCOPE)];
    const out: Problem[] = [];
    if (arn.scope !== "regional") {
        out.push(problem("I13", `${argument} = ${JSON.stringify(value)} is a CLOUDFRONT (global) web ACL; AgentCore gateways accept only a regional web ACL.`, FIX_SCOPE));
    }
    if (scope && arn.region !== scope.region) {
        out.push(problem("I13", `${argument} = ${JSON.stringify(value)} is in Region ${arn.region}, but the gateway is in ${scope.region}; the web ACL must be in the gateway's Region.`, FIX_SCOPE));
    }
    if (scope && arn.accountId !== scope.accountId) {
        out.push(problem("I13", `${argument} = ${JSON.stringify(value)} belongs to account ${arn.accountId}, not the hub's account ${scope.accountId}.`, FIX_SCOPE));
    }
    return out;
}

/** How the hub protects its gateway with WAF (AgentGatewayHubArgs.waf). */
export type WafSpec<S = string> =
    | false
    | {
          /** An existing regional web ACL of the hub's account and Region; the hub then creates none. */
          webAclArn?: S;
          ratePer5Minutes?: number;
          managedRuleGroups?: readonly string[];
      };

/** Every problem of the `waf` argument, before anything is registered. */
export function checkWafArgs(waf: WafSpec<unknown> | undefined, production: boolean): Problem[] {
    if (waf === false) {
        return production
            ? [problem("I13", "waf = false in a production stack: the gateway would take requests with no web ACL in front of it.", "Remove `waf: false` (the hub then creates a fail-closed web ACL), or mark the stack non-production: pulumi config set agentcore-hub:production false.")]
            : [];
    }
    if (waf === undefined) return [];
    const out: Problem[] = [];
    if (waf.webAclArn !== undefined && (waf.ratePer5Minutes !== undefined || waf.managedRuleGroups !== undefined)) {
        out.push(problem("I13", "waf.webAclArn is set together with waf.ratePer5Minutes or waf.managedRuleGroups, which configure the web ACL the hub creates; with webAclArn it creates none.", "Either pass webAclArn alone, or drop it and let the hub create the web ACL with these rules."));
    }
    if (typeof waf.webAclArn === "string") out.push(...checkWebAclArn(waf.webAclArn, undefined, "waf.webAclArn"));
    const rate = waf.ratePer5Minutes;
    if (rate !== undefined && (!Number.isInteger(rate) || rate < RATE_LIMIT_RANGE.min || rate > RATE_LIMIT_RANGE.max)) {
        out.push(problem("I13", `waf.ratePer5Minutes = ${rate} is outside WAF's range for a rate-based rule (an integer from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max}).`, `Use an integer from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max} requests per IP per five minutes (default ${DEFAULT_RATE_PER_5_MINUTES}).`));
    }
    const groups = waf.managedRuleGroups ?? [];
    groups.forEach((g, i) => {
        if (!/^AWSManagedRules[A-Za-z0-9]+$/.test(g)) {
            out.push(problem("I13", `waf.managedRuleGroups[${i}] = ${JSON.stringify(g)} is not the name of an AWS managed rule group.`, `Use names like ${DEFAULT_MANAGED_RULE_GROUPS.map((n) => JSON.stringify(n)).join(", ")} (vendor AWS).`));
        }
    });
    const twice = groups.filter((g, i) => groups.indexOf(g) !== i);
    if (twice.length > 0) out.push(problem("I13", `waf.managedRuleGroups names ${JSON.stringify([...new Set(twice)])} more than once.`, "Name each managed rule group once."));
    return out;
}

/** What the pack knows about one gateway's WAF. */
export interface GatewayWafFacts {
    /** Whether some WebAclAssociation names this gateway; UNKNOWN when an association's resource is unknown and may be it. */
    associated: MaybeUnknown<boolean>;
    /** `wafConfiguration.failureMode`; undefined when unset; "unsupported" for a gateway type without the property. */
    failureMode: MaybeUnknown<string> | undefined | "unsupported";
}

export interface WafPolicy {
    production: boolean;
    /** The pack's opt-out (policy config `requireWaf: false`). */
    requireWaf: boolean;
}

/** I13 on one gateway: associated in production (unless opted out), and fail-closed when associated. */
export function checkGatewayWaf(facts: GatewayWafFacts, policy: WafPolicy): CheckResult {
    const out = emptyResult();
    if (isUnknown(facts.associated)) {
        out.deferred.push("whether a web ACL is associated: a WebAclAssociation's resourceArn is unknown");
        return out;
    }
    if (!facts.associated) {
        if (policy.production && policy.requireWaf) {
            out.problems.push(problem("I13", "no WAF web ACL is associated with this gateway in a production stack.", "Associate a regional web ACL (a WAFv2 WebAclAssociation whose resourceArn is the gateway ARN; AgentGatewayHub creates one by default), or opt out in the pack config (requireWaf: false) for a stack that is not exposed."));
        }
        return out;
    }
    const mode = facts.failureMode;
    if (isUnknown(mode)) out.deferred.push("wafConfiguration.failureMode is unknown");
    else if (mode === "unsupported") {
        out.problems.push(problem("I13", "the gateway has a web ACL, but its resource type cannot set wafConfiguration.failureMode (the @pulumi/aws gateway has no such property) and AWS documents no default.", `Use the aws-native bedrockagentcore.Gateway with wafConfiguration: { failureMode: "${FAIL_CLOSE}" }.`));
    } else if (mode !== FAIL_CLOSE) {
        out.problems.push(problem("I13", `the gateway has a web ACL with wafConfiguration.failureMode = ${mode === undefined ? "unset" : JSON.stringify(mode)}: when WAF cannot be evaluated, requests ${mode === "FAIL_OPEN" ? "pass uninspected" : "may pass uninspected (AWS documents no default)"}.`, `Set wafConfiguration: { failureMode: "${FAIL_CLOSE}" } on the gateway.`));
    }
    return out;
}

/** A WAF log destination name: `aws-waf-logs-` and the rest of a log group name. */
export function wafLogGroupName(gatewayName: string): string {
    return `${WAF_LOG_PREFIX}agentcore-${gatewayName}`;
}
