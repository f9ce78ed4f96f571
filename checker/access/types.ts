import type { ResourceRef } from "../report/resourceRef";

/**
 * Who can reach what in one stack, derived from the documents the program registers (the
 * stack model the pack checks): per gateway its callers, tools, Cedar decisions and service
 * role's reach, and per REST API who its resource policy lets in. Values that are unknown at
 * this preview are said to be so, never guessed.
 */
export interface AccessSummary {
    gateways: GatewayAccess[];
    restApis: RestApiAccess[];
}

/** Where a statement of who may do something was read from. */
export type DocumentSource =
    /** The registered document itself. */
    | "deployed"
    /** Unknown at this preview: the template a component declared, rendered with a stand-in gateway ARN. */
    | "declared"
    /** Unknown at this preview and nothing declared: known at `pulumi up`. */
    | "unknown"
    /** No such document in the stack. */
    | "none";

export type PrincipalKind = "role" | "rolePath" | "account" | "service" | "anyone" | "other";

export interface Principal {
    kind: PrincipalKind;
    /** The ARN, account root, service name, `*`, or the role-path pattern. */
    principal: string;
    account?: string;
    /** Conditions of the statement that admits it, as `Operator key=value` strings. */
    conditions: string[];
}

export interface GatewayInvoker extends Principal {
    /** For roles of this stack: whether their own permissions allow InvokeGateway (both sides are needed across accounts). */
    identityPolicy: "allows" | "does-not-allow" | "not-in-this-stack";
}

export interface GatewayAccess {
    gateway: ResourceRef;
    name?: string;
    /** Undefined while unknown (a first preview). */
    arn?: string;
    account?: string;
    inboundAuth?: string;
    /** A CUSTOM_JWT gateway's token rules: who may call is the token's, not IAM's. */
    jwt?: JwtInbound;
    invokers: { source: DocumentSource; principals: GatewayInvoker[]; resourcePolicies: ResourceRef[]; notes: string[] };
    tools: ToolRef[];
    cedar?: CedarAccess;
    serviceRoles: RoleReach[];
    /** Whether a trail of this stack records the gateway's tool calls (I14, checker/access/toolCallAudit.ts). */
    toolCallAudit?: ToolCallAudit;
}

export interface ToolCallAudit {
    /** "unknown": decided at `pulumi up` (why says what is unknown). */
    audited: "yes" | "no" | "unknown";
    /** The trails that record them (yes) or may (unknown). */
    trails: ResourceRef[];
    why?: string;
}

export interface JwtInbound {
    discoveryUrl?: string;
    audiences: string[];
    clients: string[];
}

export interface ToolRef {
    /** `<target>___<tool>`: the Cedar action and MCP tool name. */
    action: string;
    target: string;
    tool: string;
}

export interface CedarPolicySummary {
    name: string;
    resource: ResourceRef;
    source: DocumentSource;
    effect?: "permit" | "forbid";
    /** Tool actions the policy names; `*` when it applies to every tool. */
    tools: string[];
    /** Caller ARNs or patterns it compares `principal.id` with; `*` when it names none. */
    principals: string[];
    /** True when it also has conditions on the tool call's input. */
    inputConditions: boolean;
    enforcementMode?: string;
}

/** `allowed`: for every input; `conditional`: for some inputs; `denied`: never. */
export type ToolDecision = "allowed" | "conditional" | "denied";

export interface CedarDecisionRow {
    /** A caller as AgentCore presents it in `principal.id`, or the label of the probe caller. */
    principal: string;
    /** The invoker (role ARN) the row is for; undefined for the probe of an undeclared caller. */
    invoker?: string;
    tool: string;
    decision: ToolDecision;
    /** The policies that decide it (permits that apply, or forbids that win). */
    policies: string[];
}

export interface CedarAccess {
    engine?: ResourceRef;
    /** `ENFORCE` or `LOG_ONLY` as attached to the gateway; undefined while unknown. */
    mode?: string;
    policies: CedarPolicySummary[];
    /** Decisions per (caller, tool) evaluated with Cedar; empty when the policies or tools are not known. */
    decisions: CedarDecisionRow[];
    notes: string[];
}

export interface RoleReach {
    role: ResourceRef;
    arn?: string;
    lambdaFunctions: string[];
    apiMethods: string[];
    policyEngine: string[];
    /** The customer-managed keys it may use (the gateway's encryption key, I15). */
    kmsKeys: string[];
    other: string[];
    /** Resources of documents whose value is unknown at this preview, with what they derive from. */
    unknown: string[];
}

export interface RestApiAccess {
    api: ResourceRef;
    id?: string;
    /** Gateways whose targets expose this API. */
    exposedBy: ResourceRef[];
    source: DocumentSource;
    allows: { principal: Principal; resources: string[] }[];
    denies: { principal: Principal; resources: string[] }[];
    methods: { method: string; path: string; authorization: string }[];
    notes: string[];
}
