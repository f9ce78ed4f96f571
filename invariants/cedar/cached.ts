import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { ContentCache, contentHash, deepFreeze } from "../contentCache";

/**
 * Cedar's parser and validator (`@cedar-policy/cedar-wasm`), with each answer kept by the text
 * and schema it was computed from. The components and the policy pack ask the same questions
 * many times in one process (each policy is parsed by the per-resource check, the engine-wide
 * check, the Dogwood split and the access summary; a stack's engine is validated by the
 * component and again by the checks that read it), and Cedar's answer depends only on that
 * content. Answers are frozen: every caller shares one.
 */

const MAX_TEXTS = 8192;
const MAX_VALIDATIONS = 64;

const parts = new ContentCache<cedar.PolicySetTextToPartsAnswer>(MAX_TEXTS);
const policyJson = new ContentCache<cedar.PolicyToJsonAnswer>(MAX_TEXTS);
const schemaParse = new ContentCache<cedar.CheckParseAnswer>(MAX_VALIDATIONS);
const validations = new ContentCache<cedar.ValidationAnswer>(MAX_VALIDATIONS);

/** A schema's key: its text, or the SHA-256 of its JSON form (key order as built, so equal builds hit). */
function schemaKey(schema: cedar.Schema): string {
    return contentHash(typeof schema === "string" ? `text:${schema}` : `json:${JSON.stringify(schema)}`);
}

export function policySetTextToParts(text: string): cedar.PolicySetTextToPartsAnswer {
    return parts.get(text, () => deepFreeze(cedar.policySetTextToParts(text)));
}

export function policyToJson(text: string): cedar.PolicyToJsonAnswer {
    return policyJson.get(text, () => deepFreeze(cedar.policyToJson(text)));
}

export function checkParseSchema(schema: cedar.Schema): cedar.CheckParseAnswer {
    return schemaParse.get(schemaKey(schema), () => deepFreeze(cedar.checkParseSchema(schema)));
}

/** Keyed by the schema's hash, the policies (ids and texts, in order) and the settings. */
export function validate(call: cedar.ValidationCall): cedar.ValidationAnswer {
    const key = contentHash(JSON.stringify([schemaKey(call.schema), call.policies, call.validationSettings ?? null]));
    return validations.get(key, () => deepFreeze(cedar.validate(call)));
}

/**
 * Every answer this copy of the module holds, to hand to another process that asks Cedar the same
 * questions (sharedAnswers.ts: the offline checker's program to its policy pack), tagged with the
 * Cedar build that computed them. Each entry keeps its key, so nothing is recomputed on import.
 */
export interface CedarAnswers {
    /** `getCedarSDKVersion()` of the build that answered; another build's answers are never taken. */
    cedar: string;
    parts: [string, cedar.PolicySetTextToPartsAnswer][];
    policyJson: [string, cedar.PolicyToJsonAnswer][];
    schemaParse: [string, cedar.CheckParseAnswer][];
    validations: [string, cedar.ValidationAnswer][];
}

export const CEDAR_BUILD = cedar.getCedarSDKVersion();

export function exportCedarAnswers(): CedarAnswers {
    return { cedar: CEDAR_BUILD, parts: parts.entries(), policyJson: policyJson.entries(), schemaParse: schemaParse.entries(), validations: validations.entries() };
}

/** Takes in answers computed elsewhere by the same Cedar build (frozen, as this module's own are); returns how many were new. */
export function importCedarAnswers(answers: CedarAnswers): number {
    if (answers.cedar !== CEDAR_BUILD) return 0;
    let added = 0;
    const take = <V>(cache: ContentCache<V>, entries: [string, V][]) => {
        for (const [key, value] of entries) if (cache.seed(key, deepFreeze(value))) added++;
    };
    take(parts, answers.parts);
    take(policyJson, answers.policyJson);
    take(schemaParse, answers.schemaParse);
    take(validations, answers.validations);
    return added;
}

/**
 * Every copy of this module loaded in the process can be exported: a program may load the
 * package from its own node_modules (or its sources) while the checker runs from another copy,
 * and the program's components are the ones that asked Cedar. Registered under a global symbol,
 * as @pulumi/pulumi's copies share one store through a global (runtime/state.js:196-221).
 */
const REGISTRY = Symbol.for("agentcore-hub.cedarAnswerExporters");
const registry = ((globalThis as { [REGISTRY]?: (() => CedarAnswers)[] })[REGISTRY] ??= []);
registry.push(exportCedarAnswers);

/** The answers of every copy of this module in the process (one set per copy). */
export function exportAllCedarAnswers(): CedarAnswers[] {
    return registry.map((exportAnswers) => exportAnswers());
}

/** Hits and misses of each cache (for tests and profiles). */
export function cedarCacheStats(): Record<"parts" | "policyJson" | "schemaParse" | "validations", { hits: number; misses: number; size: number }> {
    return { parts: parts.stats(), policyJson: policyJson.stats(), schemaParse: schemaParse.stats(), validations: validations.stats() };
}

export function clearCedarCaches(): void {
    for (const c of [parts, policyJson, schemaParse, validations]) c.clear();
}
