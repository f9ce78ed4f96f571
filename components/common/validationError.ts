import { Problem, formatProblem } from "../../invariants/problems";

/**
 * Thrown by a component's constructor before it registers anything, so bad input never leaves
 * a half-deployed stack. Lists every problem at once (fix them all in one round).
 */
export class AgentCoreHubValidationError extends Error {
    readonly problems: readonly Problem[];

    constructor(component: string, name: string, problems: Problem[]) {
        super(
            `${component} "${name}" has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
                problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
        );
        this.name = "AgentCoreHubValidationError";
        this.problems = problems;
    }
}

/** Throws when there is anything to report; call before `super()` registers the component. */
export function throwIfProblems(component: string, name: string, problems: (Problem | undefined)[]): void {
    const real = problems.filter((p): p is Problem => p !== undefined);
    if (real.length > 0) throw new AgentCoreHubValidationError(component, name, real);
}
