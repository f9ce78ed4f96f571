import { ResourceScope } from "../access/accounts";
import { analyzedResources } from "../engine/analyzerClient";
import { isProviderType } from "../engine/providers";
import { CapturedResource, CapturedStack } from "../engine/types";
import { ResourceGroup, ResourceRef } from "./types";

export const DEFAULT_CREDENTIALS = "default credentials";

function ref(r: CapturedResource): ResourceRef {
    return { urn: r.urn, name: r.name, type: r.type };
}

/** The component right under the stack that `r` lives in, if any (nested components roll up to it). */
function outermostComponent(r: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): CapturedResource | undefined {
    let found: CapturedResource | undefined;
    let parent = r.parent === undefined ? undefined : byUrn.get(r.parent);
    while (parent !== undefined && parent.type !== "pulumi:pulumi:Stack") {
        if (!parent.custom) found = parent;
        parent = parent.parent === undefined ? undefined : byUrn.get(parent.parent);
    }
    return found;
}

/**
 * The cloud resources the program registers (what `pulumi up` would create), grouped by the
 * component they belong to and the account their provider acts in. Providers, components and
 * reads are left out: they create nothing in an account.
 */
export function groupResources(stack: CapturedStack, scopes: ReadonlyMap<string, ResourceScope>): ResourceGroup[] {
    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    const groups = new Map<string, ResourceGroup>();
    for (const r of analyzedResources(stack)) {
        if (!r.custom || isProviderType(r.type)) continue;
        const component = outermostComponent(r, byUrn);
        const scope = scopes.get(r.urn);
        const account = scope?.account ?? DEFAULT_CREDENTIALS;
        const region = scope?.region ?? "";
        const key = `${component?.urn ?? ""}\u0000${account}\u0000${region}`;
        let group = groups.get(key);
        if (group === undefined) {
            group = { ...(component ? { component: ref(component) } : {}), account, region, resources: [] };
            groups.set(key, group);
        }
        group.resources.push(ref(r));
    }
    return [...groups.values()];
}
