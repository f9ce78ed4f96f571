/** The security invariants of BRIEF §3, by id, and the hub's own beyond them (README "Invariants"). */
export type InvariantId = "I1" | "I2" | "I3" | "I4" | "I5" | "I6" | "I7" | "I8" | "I9" | "I10" | "I11" | "I12"
    /** The gateway's perimeter: a fail-closed WAF web ACL, endpoint policies that name their caller (README "Perimeter"). */
    | "I13"
    /** A production gateway is observable and audited: vended logs and traces delivered, tool calls in CloudTrail (invariants/observability.ts). */
    | "I14"
    /** The gateway and its engine encrypt with a rotating customer-managed key whose policy admits the gateway role only through AgentCore (README "Encryption"). */
    | "I15";

/**
 * One thing that breaks an invariant. The same record is raised as a construction error
 * by the components and as a violation by the policy pack, so both sides say the same thing.
 */
export interface Problem {
    invariant: InvariantId;
    /** What is wrong, naming the value that is wrong. */
    message: string;
    /** What to do instead. */
    fix: string;
}

/**
 * The outcome of a check that may read unknown values: the problems it found in what is
 * known, and, by name, what it could not decide until `pulumi up`.
 */
export interface CheckResult {
    problems: Problem[];
    deferred: string[];
}

export function problem(invariant: InvariantId, message: string, fix: string): Problem {
    return { invariant, message, fix };
}

export function emptyResult(): CheckResult {
    return { problems: [], deferred: [] };
}

export function mergeResults(...results: CheckResult[]): CheckResult {
    return {
        problems: results.flatMap((r) => r.problems),
        deferred: results.flatMap((r) => r.deferred),
    };
}

export function formatProblem(p: Problem): string {
    return `[${p.invariant}] ${p.message} Fix: ${p.fix}`;
}
