import { AccountScope, parseArn } from "./arns";
import { PRODUCTION_SETTING } from "./production";
import { CheckResult, Problem, emptyResult, problem } from "./problems";
import { MaybeUnknown, isUnknown } from "./unknown";

/**
 * I15: a production gateway and its policy engine encrypt their data with a customer-managed
 * KMS key that rotates, in the hub's account and Region, whose key policy grants nothing wider
 * than the hub needs (invariants/documents/keyPolicy.ts). Without a key, AgentCore uses a key
 * AWS owns (gateway-encryption, policy-encryption pages): nobody in the organization can audit
 * its use in CloudTrail, rotate it or revoke it, which is why it is allowed only outside production.
 */

/** An exact key ARN (`key/<id>`); aliases are refused because the role is granted the key itself. */
export function isKmsKeyArn(value: string): boolean {
    const p = parseArn(value);
    return p !== undefined && p.service === "kms" && /^key\/[A-Za-z0-9-]+$/.test(p.resource);
}

const CMK_FIX = `Let AgentGatewayHub create its key (the default), pass kmsKeyArn of a customer-managed key in the hub's account and Region, or mark the stack non-production (${PRODUCTION_SETTING} = false).`;

/** One resource's key property (`kmsKeyArn` of a gateway, `encryptionKeyArn` of a policy engine). */
export function checkCustomerManagedKey(value: MaybeUnknown<string> | undefined, production: boolean, at: string): CheckResult {
    const out = emptyResult();
    // Unknown: the ARN of a key created in this program, or of something else. Not deferred here:
    // agentcore-gateway-key-policy follows its provenance to the key, or names it as deferred.
    if (isUnknown(value)) return out;
    if (value === undefined || value === "") {
        if (production) out.problems.push(problem("I15", `${at} is not set in a production stack: AgentCore encrypts with a key AWS owns, which nobody in the organization can audit, rotate or revoke.`, CMK_FIX));
        return out;
    }
    if (!isKmsKeyArn(value)) out.problems.push(problem("I15", `${at} = ${JSON.stringify(value)} is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>; aliases are not accepted).`, CMK_FIX));
    return out;
}

/** A key passed to the hub: in the hub's account and Region (AgentCore and the role's grant need both). */
export function checkKeyPlacement(value: string, scope: AccountScope, at = "kmsKeyArn"): Problem[] {
    const p = parseArn(value);
    if (!p || !isKmsKeyArn(value)) return [];
    if (p.accountId === scope.accountId && p.region === scope.region) return [];
    return [problem("I15", `${at} = ${JSON.stringify(value)} is in account ${p.accountId}, Region ${p.region}, not the hub's account ${scope.accountId}, Region ${scope.region}: the key policy of another account's key is out of the hub's control, and AgentCore uses a key of its own Region.`, "Pass a customer-managed key of the hub's account and Region, or let AgentGatewayHub create one (omit kmsKeyArn).")];
}

/** The opt-out to AWS-owned keys: only outside production. */
export function checkAwsOwnedKeyOptOut(awsOwnedKey: boolean | undefined, kmsKeyArnGiven: boolean, production: boolean): Problem[] {
    if (awsOwnedKey !== true) return [];
    if (kmsKeyArnGiven) return [problem("I15", "encryption.awsOwnedKey = true and kmsKeyArn are both set: the hub would both use and not use a customer-managed key.", "Remove one of them.")];
    if (!production) return [];
    return [problem("I15", `encryption.awsOwnedKey = true in a production stack: the gateway and policy engine would encrypt with keys AWS owns, which nobody in the organization can audit, rotate or revoke.`, `Remove encryption.awsOwnedKey (the hub then creates a rotating customer-managed key, about $1 a month), or mark the stack non-production (${PRODUCTION_SETTING} = false).`)];
}

/** A key the program creates for a production gateway rotates (`enableKeyRotation`). */
export function checkKeyRotation(enabled: MaybeUnknown<boolean> | undefined, production: boolean, at = "enableKeyRotation"): CheckResult {
    const out = emptyResult();
    if (!production) return out;
    if (isUnknown(enabled)) out.deferred.push(`${at} is unknown`);
    else if (enabled !== true) out.problems.push(problem("I15", `${at} is ${String(enabled ?? "unset")} on a key a production gateway uses: its key material never rotates.`, "Set enableKeyRotation: true (AgentGatewayHub's key does)."));
    return out;
}
