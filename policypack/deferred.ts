/**
 * Checks that cannot be decided until `pulumi up`, recorded by the policy that met them so the
 * `agentcore-deferred-to-update` policy can name each one (BRIEF §4: never pass silently).
 *
 * Policies run one after another in one pack process (resource policies during `Analyze`, stack
 * policies in order during `AnalyzeStack`), and the deferred-report policy runs last; each
 * check overwrites its own entry, so a later run never reports stale items.
 */
const registry = new Map<string, { policy: string; urn: string; items: string[] }>();

export function recordDeferred(policy: string, urn: string, items: string[]): void {
    const key = `${policy}\u0000${urn}`;
    if (items.length === 0) registry.delete(key);
    else registry.set(key, { policy, urn, items: [...new Set(items)] });
}

/** Clears the entries of one policy before it re-runs over a stack. */
export function clearDeferred(policy: string): void {
    for (const [key, v] of registry) if (v.policy === policy) registry.delete(key);
}

export function deferredFor(urns: ReadonlySet<string>): { policy: string; urn: string; items: string[] }[] {
    return [...registry.values()].filter((v) => urns.has(v.urn)).sort((a, b) => a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn));
}
