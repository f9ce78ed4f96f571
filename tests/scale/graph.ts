import { CapturedResource } from "../../checker/engine/capture";

/**
 * How many operations of one resource type the Pulumi engine could run at the same time,
 * derived from the registered dependency graph alone (not from how the components meant to
 * chain them).
 *
 * The engine starts a resource's step once the steps of every URN in its `dependencies` have
 * completed, and nothing else orders steps. So two resources can be in flight together exactly
 * when neither reaches the other through dependencies (components included as nodes: their
 * step completes at registration, so an edge to a component does not wait for its children).
 * The worst case is the largest set of pairwise unordered resources: the maximum antichain of
 * the reachability order, which by Dilworth's theorem is n minus a maximum matching in the
 * bipartite graph "a must finish before b".
 */

/** Every URN `start` transitively depends on (its dependencies, theirs, and so on). */
export function transitiveDependencies(resources: readonly CapturedResource[], start: string): Set<string> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const stack = [...(byUrn.get(start)?.dependencies ?? [])];
    while (stack.length > 0) {
        const urn = stack.pop()!;
        if (seen.has(urn)) continue;
        seen.add(urn);
        stack.push(...(byUrn.get(urn)?.dependencies ?? []));
    }
    return seen;
}

/** For each node of `type`, the nodes of that type it transitively depends on. */
export function predecessorsOfType(resources: readonly CapturedResource[], type: string): Map<string, Set<string>> {
    const ofType = resources.filter((r) => r.type === type).map((r) => r.urn);
    const wanted = new Set(ofType);
    return new Map(ofType.map((urn) => [urn, new Set([...transitiveDependencies(resources, urn)].filter((u) => wanted.has(u)))]));
}

/** Kuhn's augmenting paths: size of a maximum matching from left nodes to right nodes. */
function maximumMatching(nodes: readonly string[], edges: (left: string) => Iterable<string>): number {
    const matchOfRight = new Map<string, string>();
    const tryAugment = (left: string, visited: Set<string>): boolean => {
        for (const right of edges(left)) {
            if (visited.has(right)) continue;
            visited.add(right);
            const current = matchOfRight.get(right);
            if (current === undefined || tryAugment(current, visited)) {
                matchOfRight.set(right, left);
                return true;
            }
        }
        return false;
    };
    let size = 0;
    for (const left of nodes) if (tryAugment(left, new Set())) size++;
    return size;
}

/**
 * The largest number of nodes no two of which are ordered, given each node's (transitively
 * closed) predecessors.
 */
export function maxAntichain(predecessors: ReadonlyMap<string, ReadonlySet<string>>): number {
    const nodes = [...predecessors.keys()];
    // Edge a -> b when a must finish before b (a is a predecessor of b).
    const successors = new Map<string, string[]>(nodes.map((n) => [n, []]));
    for (const [b, preds] of predecessors) for (const a of preds) successors.get(a)?.push(b);
    return nodes.length - maximumMatching(nodes, (a) => successors.get(a) ?? []);
}

/** The most operations on resources of `type` that can run at once, from the dependency graph. */
export function concurrencyOf(resources: readonly CapturedResource[], type: string): number {
    return maxAntichain(predecessorsOfType(resources, type));
}
