import * as pulumi from "@pulumi/pulumi";
import { Rate } from "../../invariants/rateLimits";
import { SpokeCaller } from "../spoke/spokeCaller";

// Its own file so the grants' helpers (rate limits, duplicate detection) can name it without an
// import cycle through gatewayConsumerGrants.ts.
/** A consumer of the gateway. */
export type InvokeGrantee =
    | SpokeCaller
    /**
     * An exact role ARN (e.g. read from a spoke's StackReference), with its own rate: an entry
     * of the `$.context.iam.principal` limit with this ARN (`requests: 0` suspends it).
     */
    | { roleArn: pulumi.Input<string>; rateLimit?: Rate; /** @deprecated Use `rateLimit: { requests: n, per: "minute" }`. */ rateLimitPerMinute?: number }
    /**
     * Every role under a path of one account: for large organizations, one pattern per account.
     * No rate of its own: no single principal value binds to a path (use `rateLimits.perCaller`).
     */
    | { accountId: string; rolePath: string; partition?: string; rateLimit?: never; rateLimitPerMinute?: never }
    /** A whole account: only with `allowWholeAccount`. No rate of its own, as for a role path. */
    | { accountId: string; wholeAccount: true; partition?: string; rateLimit?: never; rateLimitPerMinute?: never };
