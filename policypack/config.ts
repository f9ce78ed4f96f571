import { PolicyConfigSchema } from "@pulumi/policy";

/**
 * The pack's configuration, the same block for every policy (a policy config file may give it
 * to each policy that reads it). With no config at all the pack is at its strictest.
 */
export interface PackConfig {
    /** Production stacks require ENFORCE and forbid DEBUG. @default true */
    production: boolean;
    /** Whole-account consumer grants (`arn:aws:iam::<acct>:root` without a role-path condition). @default false */
    allowWholeAccount: boolean;
    /** When set, every consumer account must be listed here. */
    allowedConsumerAccounts?: string[];
    /** A production gateway must have a WAF web ACL associated (I13); false opts a stack out. @default true */
    requireWaf: boolean;
    /** Gateways' tool calls are recorded by an organization trail outside this stack (I14: agentcore-gateway-audit-trail skips them). @default false */
    auditTrailOutsideStack?: boolean;
    /** The gateways' alarms are managed outside this stack (I14: agentcore-gateway-alarms skips them). @default false */
    alarmsOutsideStack?: boolean;
}

export const DEFAULT_CONFIG: PackConfig = { production: true, allowWholeAccount: false, requireWaf: true };

export const CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        production: { type: "boolean", default: true, description: "Treat the stack as production: ENFORCE required, DEBUG forbidden." },
        allowWholeAccount: { type: "boolean", default: false, description: "Allow whole-account grants on the gateway resource policy." },
        allowedConsumerAccounts: { type: "array", items: { type: "string", pattern: "^\\d{12}$" }, description: "Accounts allowed to consume the gateway." },
        requireWaf: { type: "boolean", default: true, description: "In production, require a WAF web ACL associated with every gateway." },
        auditTrailOutsideStack: { type: "boolean", default: false, description: "An organization trail outside this stack records the gateways' InvokeGateway data events." },
        alarmsOutsideStack: { type: "boolean", default: false, description: "The gateways' CloudWatch alarms (SystemErrors, Throttles) are managed outside this stack." },
    },
};

/** Reads the policy's config over the defaults (the CLI validates it against CONFIG_SCHEMA first). */
export function readConfig(raw: Partial<PackConfig> | undefined): PackConfig {
    return {
        production: raw?.production ?? DEFAULT_CONFIG.production,
        allowWholeAccount: raw?.allowWholeAccount ?? DEFAULT_CONFIG.allowWholeAccount,
        allowedConsumerAccounts: raw?.allowedConsumerAccounts,
        requireWaf: raw?.requireWaf ?? DEFAULT_CONFIG.requireWaf,
        ...(raw?.auditTrailOutsideStack === true ? { auditTrailOutsideStack: true } : {}),
        ...(raw?.alarmsOutsideStack === true ? { alarmsOutsideStack: true } : {}),
    };
}
