import type { CapturedResource } from "./types";

/**
 * The URN index of a resource list, built once per list and extended as the list grows.
 * Every Analyze request looks its resource's provider up by URN; building the index per
 * request made a check quadratic in the number of resources (issue 13: 0.45 s at L, 3.1 s at
 * twice L). Resource lists only grow while a program runs (the monitor appends each
 * registration, checker/engine/monitor.ts `record`), so the index keeps how many entries it has
 * seen and adds the rest; a list that shrank is indexed again from scratch.
 */

interface Indexed {
    map: Map<string, CapturedResource>;
    length: number;
}

const indexes = new WeakMap<readonly CapturedResource[], Indexed>();

export function urnIndexOf(resources: readonly CapturedResource[]): ReadonlyMap<string, CapturedResource> {
    let indexed = indexes.get(resources);
    if (indexed === undefined || indexed.length > resources.length) {
        indexed = { map: new Map(), length: 0 };
        indexes.set(resources, indexed);
    }
    for (; indexed.length < resources.length; indexed.length++) {
        const resource = resources[indexed.length];
        // A later entry with the same URN wins, as with `new Map(entries)` (the monitor refuses duplicates).
        indexed.map.set(resource.urn, resource);
    }
    return indexed.map;
}
