import * as pulumi from "@pulumi/pulumi";
import { TargetSpec } from "../targets/specs";

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
     * Whole-engine mode. `LOG_ONLY` only with `production: false`.
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
    /** Customer-managed KMS key for the gateway's data. */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * Whether this stack is production. Debug exception details, LOG_ONLY engines and LOG_ONLY
     * policies are refused in production.
     * @deprecated The stack's production mode is ONE setting, the stack config key
     * `agentcore-hub:production` (also given to the policy pack); this argument may only repeat it.
     * @default the stack setting (unset: true)
     */
    production?: boolean;
    /** `"DEBUG"` returns internal error details to callers; only with `production: false`. */
    exceptionLevel?: "DEBUG";
    role?: GatewayRoleSpec;
    /** Lambda and REST API targets; created at most five at a time (AgentCore's limit per gateway). */
    targets?: TargetSpec[];
    /** The policy engine is always attached (I9); this configures it. */
    policyEngine?: PolicyEngineSpec;
    tags?: Record<string, string>;
}
