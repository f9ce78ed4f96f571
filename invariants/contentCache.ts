import { createHash } from "node:crypto";

/**
 * Results of pure functions, kept by the content they were computed from (a validator's verdict
 * on a text, a compiled schema). A key is the whole input (or its SHA-256), never an object's
 * identity, so equal content hits and any change of it misses. Bounded: the oldest entry goes
 * first, so a process that checks many stacks keeps a fixed amount.
 */
export class ContentCache<V> {
    private readonly map = new Map<string, V>();
    private hitCount = 0;
    private missCount = 0;

    constructor(private readonly maxEntries: number) {}

    /** The value for `key`, computing it with `compute` on a miss. */
    get(key: string, compute: () => V): V {
        const found = this.map.get(key);
        if (found !== undefined || this.map.has(key)) {
            this.hitCount++;
            return found as V;
        }
        this.missCount++;
        const value = compute();
        this.insert(key, value);
        return value;
    }

    /** Every entry, oldest first. */
    entries(): [string, V][] {
        return [...this.map];
    }

    /**
     * Adds a value computed elsewhere for `key` (another process asked the same pure function:
     * cedar/sharedAnswers.ts), unless the key is already here; counts neither a hit nor a miss.
     * True when it was added.
     */
    seed(key: string, value: V): boolean {
        if (this.map.has(key)) return false;
        this.insert(key, value);
        return true;
    }

    /** Hits and misses so far (tests read them to prove a hit is a hit). */
    stats(): { hits: number; misses: number; size: number } {
        return { hits: this.hitCount, misses: this.missCount, size: this.map.size };
    }

    clear(): void {
        this.map.clear();
        this.hitCount = 0;
        this.missCount = 0;
    }

    /** Adds an entry, the oldest going first when the cache is full. */
    private insert(key: string, value: V): void {
        if (this.map.size >= this.maxEntries) {
            const oldest = this.map.keys().next();
            if (!oldest.done) this.map.delete(oldest.value);
        }
        this.map.set(key, value);
    }
}

/** SHA-256 of a text: a short key for large content (schemas, policy sets). */
export function contentHash(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/**
 * Freezes a cached result all the way down: every caller shares one object, so a caller that
 * tried to change it would change it for the next one (a frozen object throws instead, in the
 * strict mode our modules compile to).
 */
export function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value as object)) deepFreeze(child);
    }
    return value;
}
