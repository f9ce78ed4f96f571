/** Levenshtein distance between two strings (insert, delete, substitute: cost 1 each). */
function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/** The candidate a misspelled name most likely meant: the nearest within a third of its length, if any. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(name, candidate);
        if (best === undefined || distance < best.distance) best = { candidate, distance };
    }
    return best !== undefined && best.distance > 0 && best.distance <= Math.max(1, Math.floor(name.length / 3)) ? best.candidate : undefined;
}
