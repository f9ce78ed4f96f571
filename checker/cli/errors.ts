import type { CapturedLog, ComponentError } from "../engine/types";

/**
 * Why a check could not produce a verdict. Each maps to exit code 2: the command line was
 * wrong (`usage`), the policy config is one the Pulumi CLI would refuse (`config`: the message
 * and `errors` are the CLI's, naming the policy, the key and the rule), the program did not run
 * under the mock engine (`program`), or the policy pack did not start or answer (`pack`).
 */
export type FailureKind = "usage" | "config" | "program" | "pack";

export class CheckFailure extends Error {
    constructor(
        readonly kind: FailureKind,
        message: string,
        /** The program's own error messages, one per failure it raised. */
        readonly errors: string[] = [],
        /** Provider functions the program called that cannot be answered offline. */
        readonly unsupportedInvokes: string[] = [],
        /** Where the program failed, when it ran at all (SARIF results point at its entry file). */
        readonly program: FailedProgram = {},
    ) {
        super(message);
        this.name = "CheckFailure";
    }
}

/** What is known of a program that failed under the mock engine. */
export interface FailedProgram {
    /** The entry file that was run. */
    entry?: string;
    /** The problems of each construction error our components threw (AgentCoreHubValidationError). */
    componentErrors?: ComponentError[];
    /** What the program logged before it failed (`pulumi.log.*`). */
    logs?: CapturedLog[];
}
