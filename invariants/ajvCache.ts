import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { ContentCache } from "./contentCache";

/**
 * ajv's compile and meta-schema check, kept by the schema's JSON text for each ajv instance
 * (instances differ in options, so their verdicts are kept apart). ajv's own cache is keyed by
 * the schema object's identity, so the same tool schema built afresh for each target, policy
 * or run was compiled again every time; equal text is the same schema to ajv, so it hits here,
 * and any change of the text misses. A compile error is kept too: it is as much a verdict.
 */

const MAX_SCHEMAS = 1024;

type Compiled = { validate: ValidateFunction } | { error: Error };

const compiled = new WeakMap<Ajv, ContentCache<Compiled>>();
const metaChecked = new WeakMap<Ajv, ContentCache<ErrorObject[]>>();

function cacheOf<V>(caches: WeakMap<Ajv, ContentCache<V>>, ajv: Ajv): ContentCache<V> {
    let cache = caches.get(ajv);
    if (cache === undefined) {
        cache = new ContentCache<V>(MAX_SCHEMAS);
        caches.set(ajv, cache);
    }
    return cache;
}

/** `ajv.compile(schema)`, once per schema text; throws the compile error ajv threw for that text. */
export function compileCached(ajv: Ajv, schema: object): ValidateFunction {
    const entry = cacheOf(compiled, ajv).get(JSON.stringify(schema), () => {
        try {
            return { validate: ajv.compile(schema) };
        } catch (e) {
            if (!(e instanceof Error)) throw e;
            return { error: e };
        }
    });
    if ("error" in entry) throw entry.error;
    return entry.validate;
}

/** `ajv.validateSchema(schema)`'s errors (none when valid), once per schema text. */
export function metaSchemaErrors(ajv: Ajv, schema: object): readonly ErrorObject[] {
    return cacheOf(metaChecked, ajv).get(JSON.stringify(schema), () => (ajv.validateSchema(schema) === true ? [] : Object.freeze([...((ajv.errors ?? []) as ErrorObject[])]) as ErrorObject[]));
}

/** Hits and misses for one ajv instance (tests read them to prove a hit is a hit). */
export function ajvCacheStats(ajv: Ajv): { compile: { hits: number; misses: number }; meta: { hits: number; misses: number } } {
    const c = compiled.get(ajv)?.stats() ?? { hits: 0, misses: 0 };
    const m = metaChecked.get(ajv)?.stats() ?? { hits: 0, misses: 0 };
    return { compile: { hits: c.hits, misses: c.misses }, meta: { hits: m.hits, misses: m.misses } };
}
