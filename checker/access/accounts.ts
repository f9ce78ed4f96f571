import { DEFAULT_ACCOUNT_ID, scopeFromProviderInputs } from "../engine/providers";
import { CapturedResource, CapturedStack } from "../engine/types";

/** The account and Region a resource is created in, from its provider. */
export interface ResourceScope {
    /** Undefined when the provider does not name an account (it acts with the ambient credentials). */
    account?: string;
    region: string;
}

/**
 * Scopes per resource URN. A provider that assumes a role or lists allowed accounts names its
 * account; one that does neither acts wherever the deploying credentials point, which the
 * checker cannot know (the mock engine's stand-in account is not reported as if it were real).
 */
export function resourceScopes(stack: CapturedStack): Map<string, ResourceScope> {
    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    const out = new Map<string, ResourceScope>();
    for (const r of stack.resources) {
        const provider = r.provider === undefined ? undefined : byUrn.get(r.provider.urn);
        if (provider !== undefined) out.set(r.urn, scopeOfProvider(provider));
    }
    return out;
}

function scopeOfProvider(provider: CapturedResource): ResourceScope {
    const scope = scopeFromProviderInputs(provider.inputs);
    const named = scope.assumedRoleArn !== undefined || scope.accountId !== DEFAULT_ACCOUNT_ID || provider.inputs.allowedAccountIds !== undefined;
    return named ? { account: scope.accountId, region: scope.region } : { region: scope.region };
}
