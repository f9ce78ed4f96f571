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
    ) {
        super(message);
        this.name = "CheckFailure";
    }
}
