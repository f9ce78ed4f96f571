import { parseArn } from "../../invariants/arns";
import { ReadValue } from "../../invariants/policyDocument";
import { Placement } from "../../invariants/targetPlacement";
import { MaybeUnknown, UNKNOWN, isUnknown } from "../../invariants/unknown";
import { ModelResource, ReadObject, isObject, str } from "./resource";

/**
 * The account and Region a resource lives in, as far as the stack shows them: its provider's
 * settings (the engine hands analyzers each resource's provider with its inputs, in Analyze and
 * in AnalyzeStack: pulumi/pulumi pkg/resource/deploy/step_generator.go:3567-3573 and
 * pkg/resource/plugin/analyzer_plugin.go:356 at 1b5949891b3c), else the resource's own known
 * ARN. A provider acts in the account of the role it assumes, or in its only allowed account;
 * anything else (ambient credentials, an unset Region read from the environment) is unknown to
 * the pack, never guessed.
 */

/** A provider setting as a value: `@pulumi/aws` sends complex settings JSON-encoded. */
function decoded(value: ReadValue | undefined): ReadValue | undefined {
    if (typeof value !== "string" || !/^[[{]/.test(value)) return value;
    try {
        return JSON.parse(value) as ReadValue;
    } catch (e) {
        if (e instanceof SyntaxError) return undefined;
        throw e;
    }
}

function first(value: ReadValue | undefined): ReadValue | undefined {
    const v = decoded(value);
    return Array.isArray(v) ? v[0] : v;
}

/** The account of a provider's settings: its assumed role's account, else its only allowed account; UNKNOWN otherwise. */
export function providerAccount(props: ReadObject | undefined): MaybeUnknown<string> {
    if (!props) return UNKNOWN;
    const settings: (ReadValue | undefined)[] = [first(props.assumeRoles), decoded(props.assumeRole)];
    for (const setting of settings) {
        const roleArn = isObject(setting) ? str(setting.roleArn) : undefined;
        if (typeof roleArn === "string") {
            const account = parseArn(roleArn)?.accountId;
            if (account) return account;
        }
    }
    const allowed = decoded(props.allowedAccountIds);
    if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string" && !isUnknown(allowed[0])) return allowed[0];
    return UNKNOWN;
}

export function providerRegion(props: ReadObject | undefined): MaybeUnknown<string> {
    const region = str(props?.region);
    return typeof region === "string" && region !== "" ? region : UNKNOWN;
}

function fromArn(arn: MaybeUnknown<string> | undefined): { accountId?: string; region?: string } {
    if (typeof arn !== "string" || isUnknown(arn)) return {};
    const parsed = parseArn(arn);
    return parsed ? { ...(parsed.accountId ? { accountId: parsed.accountId } : {}), ...(parsed.region ? { region: parsed.region } : {}) } : {};
}

/** Provider settings first, then the known ARNs given (in order), then `fallbackAccount`. */
export function placementOf(r: ModelResource, arns: (MaybeUnknown<string> | undefined)[], fallbackAccount?: string): Placement {
    let accountId = providerAccount(r.providerProps);
    let region = providerRegion(r.providerProps);
    for (const arn of arns) {
        const known = fromArn(arn);
        if (isUnknown(accountId) && known.accountId) accountId = known.accountId;
        if (isUnknown(region) && known.region) region = known.region;
    }
    if (isUnknown(accountId) && fallbackAccount) accountId = fallbackAccount;
    return { accountId, region };
}

/** Why a placement is not known, for the item of a named deferral ("" when it is known). */
export function placementUnknownReason(r: ModelResource, placement: Placement, describe: string): string {
    const missing = [...(isUnknown(placement.region) ? ["Region"] : []), ...(isUnknown(placement.accountId) ? ["account"] : [])];
    if (missing.length === 0) return "";
    if (r.providerProps === undefined) return `the ${missing.join(" and ")} of ${describe}: its provider was not sent and its ARN is not known yet`;
    return `the ${missing.join(" and ")} of ${describe}: its provider names ${missing.map((m) => (m === "Region" ? "no region" : "no assumed role or single allowedAccountIds entry")).join(" and ")}, and its ARN is not known yet`;
}
