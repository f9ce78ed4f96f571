import type { ResourceRef } from "../report/types";
import type { ToolDecision } from "./types";

/**
 * Who can reach what across a set of stacks checked together (hub and spokes): each caller role
 * of one stack joined with the gateways of the others, through the three doors a call passes,
 * as AWS evaluates them: the role's own permission (InvokeGateway on the gateway's ARN), the
 * gateway's resource-based policy (for a role of another account), and the Cedar policies.
 */
export interface CrossStackAccess {
    /** The stacks joined, `org/project/stack`, in the order they were checked. */
    stacks: string[];
    /** One row per (caller role, gateway) pair whose role may invoke that gateway on its side. */
    reaches: CrossStackReach[];
    notes: string[];
}

export interface CrossStackReach {
    callerStack: string;
    role: ResourceRef;
    roleArn: string;
    /** Whether the ARN is the registered one or built from account, path and name (unknown at this preview). */
    roleArnSource: "registered" | "built";
    account?: string;
    hubStack: string;
    gateway: ResourceRef;
    gatewayName?: string;
    gatewayArn: string;
    /** The resource-policy principal that admits the role, `same account`, or undefined when none does. */
    admittedBy?: string;
    /** Cedar's decision per tool (every tool `allowed` without an ENFORCE engine). */
    tools: { tool: string; decision: ToolDecision; policies: string[] }[];
    /** Admitted, and at least one tool allowed for some input. */
    reachable: boolean;
    /** Why it is not reachable, or what limits it. */
    notes: string[];
}
