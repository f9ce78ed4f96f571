import { policySetTextToParts } from "./cached";

/**
 * The structure of an AgentCore Dogwood statement, read with a Cedar-lexical tokenizer.
 *
 * AgentCore takes two policy languages (policy-temporal.html, policy-temporal-authoring.html):
 * Cedar under `definition.cedar.statement`, and Dogwood ("compatible with Cedar and supports all
 * existing Cedar policies") under `definition.policy.statement`, which adds `when temporal { … }`
 * blocks, guardrail calls (`when guardrails { BedrockGuardrails::ContentFilter(…)… }`,
 * example-policies-guardrails.html) and the `suppressOutput` effect. cedar-wasm parses none of
 * these, so a Dogwood statement is split here into its head (effect and scope, which are Cedar)
 * and its condition clauses; the clauses that are plain Cedar are put back together with the head
 * into `cedarCore`, which cedar-wasm parses and validates; the others are listed, so a caller
 * can name what it did not check instead of passing it silently.
 */

export type Token = { kind: "ident" | "string" | "number" | "punct"; text: string; start: number; end: number };

const PUNCT2 = ["::", "==", "!=", "<=", ">=", "&&", "||"];

/** Cedar's lexical tokens (comments and whitespace dropped); undefined on an unterminated string. */
export function tokenize(text: string): Token[] | undefined {
    const out: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const ch = text[i];
        if (/\s/.test(ch)) {
            i++;
        } else if (text.startsWith("//", i)) {
            const nl = text.indexOf("\n", i);
            i = nl < 0 ? text.length : nl + 1;
        } else if (ch === '"') {
            let j = i + 1;
            while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
            if (j >= text.length) return undefined;
            out.push({ kind: "string", text: text.slice(i, j + 1), start: i, end: j + 1 });
            i = j + 1;
        } else if (/[A-Za-z_]/.test(ch)) {
            let j = i + 1;
            while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
            out.push({ kind: "ident", text: text.slice(i, j), start: i, end: j });
            i = j;
        } else if (/[0-9]/.test(ch)) {
            let j = i + 1;
            while (j < text.length && /[0-9]/.test(text[j])) j++;
            out.push({ kind: "number", text: text.slice(i, j), start: i, end: j });
            i = j;
        } else {
            const two = text.slice(i, i + 2);
            const len = PUNCT2.includes(two) ? 2 : 1;
            out.push({ kind: "punct", text: text.slice(i, i + len), start: i, end: i + len });
            i += len;
        }
    }
    return out;
}

/** A condition clause: `when`/`unless`, an optional tag (`guardrails`, `temporal`), and its body. */
export interface DogwoodClause {
    kind: "when" | "unless";
    tag?: string;
    /** The clause as written, from its keyword to its closing brace. */
    text: string;
    /** The body calls a guardrail provider (`BedrockGuardrails::…(`). */
    callsGuardrail: boolean;
}

export interface DogwoodStatement {
    effect: string;
    /** `( … )` with the parentheses, as written. */
    scope: string;
    clauses: DogwoodClause[];
}

/** Index of the token closing the bracket opened at `open`, or -1. */
function closing(tokens: Token[], open: number): number {
    const pairs: Record<string, string> = { "(": ")", "{": "}", "[": "]" };
    const stack: string[] = [];
    for (let i = open; i < tokens.length; i++) {
        const t = tokens[i].text;
        if (tokens[i].kind !== "punct") continue;
        if (pairs[t]) stack.push(pairs[t]);
        else if (t === ")" || t === "}" || t === "]") {
            if (stack.pop() !== t) return -1;
            if (stack.length === 0) return i;
        }
    }
    return -1;
}

/** The name of the guardrail provider a token sequence calls, e.g. `BedrockGuardrails::ContentFilter`. */
export function guardrailCalls(tokens: Token[]): string[] {
    const out: string[] = [];
    for (let i = 0; i + 3 < tokens.length; i++) {
        if (tokens[i].kind === "ident" && tokens[i].text === "BedrockGuardrails" && tokens[i + 1].text === "::" && tokens[i + 2].kind === "ident" && tokens[i + 3].text === "(") {
            out.push(`BedrockGuardrails::${tokens[i + 2].text}`);
        }
    }
    return out;
}

/**
 * One statement split into effect, scope and clauses; undefined when the text is not one
 * `[@annotation(...)]* effect ( scope ) [when|unless [tag] { … }]* ;` statement.
 */
export function splitDogwood(text: string): DogwoodStatement | undefined {
    const tokens = tokenize(text);
    if (!tokens) return undefined;
    let i = 0;
    // Annotations: @name("value")
    while (tokens[i]?.text === "@") {
        if (tokens[i + 1]?.kind !== "ident" || tokens[i + 2]?.text !== "(") return undefined;
        const end = closing(tokens, i + 2);
        if (end < 0) return undefined;
        i = end + 1;
    }
    const effect = tokens[i];
    if (effect?.kind !== "ident" || tokens[i + 1]?.text !== "(") return undefined;
    const scopeEnd = closing(tokens, i + 1);
    if (scopeEnd < 0) return undefined;
    const scope = text.slice(tokens[i + 1].start, tokens[scopeEnd].end);
    i = scopeEnd + 1;
    const clauses: DogwoodClause[] = [];
    while (tokens[i] && (tokens[i].text === "when" || tokens[i].text === "unless") && tokens[i].kind === "ident") {
        const kind = tokens[i].text as "when" | "unless";
        const start = tokens[i].start;
        let j = i + 1;
        let tag: string | undefined;
        if (tokens[j]?.kind === "ident") {
            tag = tokens[j].text;
            j++;
        }
        if (tokens[j]?.text !== "{") return undefined;
        const end = closing(tokens, j);
        if (end < 0) return undefined;
        clauses.push({ kind, tag, text: text.slice(start, tokens[end].end), callsGuardrail: guardrailCalls(tokens.slice(j, end + 1)).length > 0 });
        i = end + 1;
    }
    if (tokens[i]?.text !== ";" || i + 1 !== tokens.length) return undefined;
    return { effect: effect.text, scope, clauses };
}

/** Effects a Dogwood statement may have; `suppressOutput` acts on an action's output (guardrails). */
export const DOGWOOD_EFFECTS: readonly string[] = ["permit", "forbid", "suppressOutput"];

export interface CedarCore {
    /** Cedar text of the head and the plain-Cedar clauses (what cedar-wasm can check). */
    text: string;
    /** Clauses left out, as written (temporal, guardrail calls, or every clause of a suppressOutput). */
    unchecked: string[];
    effect: string;
}

/**
 * The Cedar part of a statement. A statement that Cedar parses is its own core; a Dogwood one is
 * reduced to effect, scope and plain clauses. `suppressOutput` is checked with `forbid`'s scope
 * rules and none of its clauses: they read `context.output`, which only guardrails may
 * (policy-schema-constraints.html: "`context.output` can only be used with guardrails").
 */
export function cedarCore(text: string): { kind: "cedar"; core: CedarCore } | { kind: "dogwood"; core: CedarCore } | { kind: "invalid" } {
    if (policySetTextToParts(text).type === "success") return { kind: "cedar", core: { text, unchecked: [], effect: "" } };
    const split = splitDogwood(text);
    if (!split || !DOGWOOD_EFFECTS.includes(split.effect)) return { kind: "invalid" };
    const suppress = split.effect === "suppressOutput";
    const kept = suppress ? [] : split.clauses.filter((c) => c.tag === undefined && !c.callsGuardrail);
    const unchecked = split.clauses.filter((c) => !kept.includes(c)).map((c) => c.text);
    // Nothing Dogwood-specific: the text is simply not Cedar, and Cedar's parser says why.
    if (unchecked.length === 0 && !suppress) return { kind: "invalid" };
    const head = `${suppress ? "forbid" : split.effect}${split.scope}`;
    return { kind: "dogwood", core: { text: `${[head, ...kept.map((c) => c.text)].join("\n")};`, unchecked, effect: split.effect } };
}

/** Whether a statement needs Dogwood (`definition.policy`) rather than Cedar (`definition.cedar`). */
export function statementLanguage(text: string): "cedar" | "dogwood" {
    const r = cedarCore(text);
    return r.kind === "dogwood" ? "dogwood" : "cedar";
}
