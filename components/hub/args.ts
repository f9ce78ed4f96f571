import * as pulumi from "@pulumi/pulumi";
import type * as awsnative from "@pulumi/aws-native";
import { McpVersion } from "../../invariants/mcpVersions";
import { TargetSpec } from "../targets/specs";
import type { WafSpec } from "../../invariants/waf";
import type { AlarmsSpec } from "./alarms";
import type { AuditTrailSpec } from "./auditTrail";

/**
 * Inbound authorization of the gateway (I1). IAM (SigV4) is the default and what cross-account
 * consumers use; CUSTOM_JWT requires an issuer and audiences or clients.
 */
export type InboundAuth =
    | { type: "AWS_IAM" }
    | { type: "CUSTOM_JWT"; discoveryUrl: string; allowedAudiences?: string[]; allowedClients?: string[]; allowedScopes?: string[] };

/** A Cedar policy of the hub's policy engine. */
export interface CedarPolicySpec {
    /** Letters, digits and `_`, starting with a letter, at most 48 characters. */
    name: string;
    /**
     * One Cedar statement. Write the gateway as `GATEWAY_ARN` (exported by this package): the
     * component puts the real ARN in once the gateway exists. Validated against the schema of
     * the hub's declared tools at construction.
     */
    statement: string | { toString(): string };
    description?: string;
    /**
     * Per-policy staged rollout: `LOG_ONLY` policies are evaluated and logged but do not decide;
     * only in a non-production stack (`agentcore-hub:production` = false), like a LOG_ONLY engine.
     * @default "ACTIVE"
     */
    enforcement?: "ACTIVE" | "LOG_ONLY";
}

export interface PolicyEngineSpec {
    /** @default "<gatewayName with _>_engine" */
    name?: string;
    /**
     * Whole-engine mode. `LOG_ONLY` only in a non-production stack (`agentcore-hub:production` = false).
     * @default "ENFORCE"
     */
    mode?: "ENFORCE" | "LOG_ONLY";
    policies?: CedarPolicySpec[];
}

export interface GatewayRoleSpec {
    /** @default "<gatewayName>-gateway" */
    name?: string;
    /** @default "/agentcore-hub/" */
    path?: string;
    permissionsBoundaryArn?: pulumi.Input<string>;
}

/**
 * A Lambda interceptor of the gateway (the aws-native Gateway's `interceptorConfigurations`).
 * The gateway role is granted `lambda:InvokeFunction` on exactly `lambdaArn` (I3).
 */
export interface GatewayInterceptorSpec {
    /** Exact function ARN in the hub's account and Region (no alias wildcard). */
    lambdaArn: pulumi.Input<string>;
    interceptionPoints: awsnative.types.enums.bedrockagentcore.GatewayInterceptionPoint[];
    inputConfiguration?: awsnative.types.input.bedrockagentcore.GatewayInterceptorInputConfigurationArgs;
}

/**
 * The hub's own key (used when `kmsKeyArn` is not passed): an `aws.kms.Key` with rotation on and
 * the key policy of invariants/documents/keyPolicy.ts, plus an alias.
 */
export interface HubEncryptionSpec {
    /**
     * Use keys AWS owns instead (no key is created; nobody in the organization can audit, rotate
     * or revoke them). Only in a non-production stack (`agentcore-hub:production` = false).
     * @default false
     */
    awsOwnedKey?: boolean;
    /** @default "alias/agentcore-hub/<gatewayName>" */
    aliasName?: string;
    /** Days KMS waits before deleting the key after the hub is destroyed (7-30). @default 30 */
    deletionWindowInDays?: number;
}

export interface AgentGatewayHubArgs {
    /**
     * Gateway name: 1-48 lowercase letters or digits with single hyphens. Lowercase because
     * AgentCore derives the (lowercase) gateway id from it, and the role's trust policy matches
     * that id before the gateway exists.
     */
    gatewayName: string;
    description?: string;
    /** @default { type: "AWS_IAM" } */
    inboundAuth?: InboundAuth;
    /**
     * Customer-managed KMS key for the gateway's data: a key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`)
     * in the hub's account and Region. The role gets the four KMS actions AWS documents on exactly
     * this key, only through AgentCore (`kms:ViaService`); the key policy must allow the role too.
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** Without `kmsKeyArn` the hub creates a rotating customer-managed key (components/hub/hubKey.ts). */
    encryption?: HubEncryptionSpec;
    /** At most two Lambda interceptors (AgentCore's limit). */
    interceptors?: GatewayInterceptorSpec[];
    /**
     * Whether this stack is production. Debug exception details, LOG_ONLY engines and LOG_ONLY
     * policies are refused in production.
     * @deprecated The stack's production mode is ONE setting, the stack config key
     * `agentcore-hub:production` (also given to the policy pack); this argument may only repeat it.
     * @default the stack setting (unset: true)
     */
    production?: boolean;
    /** `"DEBUG"` returns internal error details to callers; only in a non-production stack (`agentcore-hub:production` = false). */
    exceptionLevel?: "DEBUG";
    role?: GatewayRoleSpec;
    /** Lambda and REST API targets; created at most five at a time (AgentCore's limit per gateway). */
    targets?: TargetSpec[];
    /** The policy engine is always attached (I9); this configures it. */
    policyEngine?: PolicyEngineSpec;
    tags?: Record<string, string>;
    /**
     * Without explicit `aws` and `aws-native` providers in the options, construction is refused:
     * the hub would deploy wherever the ambient credentials point. Set this when the program's
     * default providers (ambient credentials, `aws:region`) are intended.
     * @default false
     */
    allowDefaultProviders?: boolean;
    /**
     * MCP protocol versions the gateway accepts (`protocolConfiguration.mcp.supportedVersions`).
     * AgentCore lets this list shrink but never grow in place, so a change replaces the gateway
     * (new id and ARN); choose it deliberately when the hub is first deployed.
     * @default ["2025-03-26"] (the CloudFormation schema's default, what AWS sets when unset)
     * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-using.html
     */
    mcpVersions?: McpVersion[];
    /**
     * AWS WAF in front of the gateway (I13): by default the hub creates a REGIONAL web ACL (a
     * per-IP rate-based rule, `ratePer5Minutes`, then the AWS managed rule groups
     * `managedRuleGroups`), logs it to a log group `aws-waf-logs-agentcore-<gatewayName>`,
     * associates it with the gateway and sets the gateway to FAIL_CLOSE. `webAclArn` uses an
     * existing regional web ACL of the hub's account and Region instead. `false` only in a
     * non-production stack.
     * @default { ratePer5Minutes: 3000, managedRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"] }
     * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-waf.html
     */
    waf?: WafSpec<pulumi.Input<string>>;
    /**
     * The gateway's vended APPLICATION_LOGS, delivered to a log group the hub owns
     * (`/aws/vendedlogs/bedrock-agentcore/gateway/APPLICATION_LOGS/<gatewayName>`), encrypted
     * with the hub's key when it has one. `false` only in a non-production stack (I14).
     * @default { retentionInDays: 365 } (a retention CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
     */
    logs?: false | { retentionInDays?: number };
    /** The gateway's vended TRACES, delivered to X-Ray. `false` only in a non-production stack (I14). @default on */
    traces?: false;
    /**
     * CloudTrail data events of the gateway's tool calls (InvokeGateway). `create`: a trail and
     * S3 bucket of the hub's; `organizationTrail`: your organization trail records them (add the
     * hub's `auditSelector` output to it, and give the pack `auditTrailOutsideStack: true`).
     * `false` only in a non-production stack (I14).
     * @default { create: {} }
     */
    auditTrail?: AuditTrailSpec;
    /** CloudWatch alarms on the gateway's metrics and the engine's denials, notifying an SNS topic if given; `false` only outside production. @default {} (alarms without actions) */
    alarms?: false | AlarmsSpec;
}
