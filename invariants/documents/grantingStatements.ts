import { ReadStatement, ReadValue, readPolicyDocument, statementLabel } from "../policyDocument";
import { CheckResult, Problem } from "../problems";
import { isUnknown } from "../unknown";

/** How one document check names what it cannot read. */
export interface DocumentWords {
    /** Deferred when the document, or its statement list, is unknown at this preview. */
    unknownDocument: string;
    /** The problem when the document cannot be read at all. */
    unreadable(error: string): Problem;
    /** Deferred when a statement's Effect is unknown (given the statement's label). */
    unknownEffect(label: string): string;
}

/**
 * The granting (non-Deny) statements of a policy document, for a check that walks them: an unknown document
 * or Effect is deferred by name and an unreadable document is a problem (in `out`), never read
 * as empty; only Deny statements are skipped (a check of what a document grants), so an Effect
 * AWS would not accept is checked as an Allow.
 */
export function grantingStatements(document: ReadValue | undefined, out: CheckResult, words: DocumentWords): { statement: ReadStatement; label: string }[] {
    const parsed = readPolicyDocument(document);
    if (!parsed.ok) {
        if (parsed.unknown) out.deferred.push(words.unknownDocument);
        else out.problems.push(words.unreadable(parsed.error));
        return [];
    }
    const allows: { statement: ReadStatement; label: string }[] = [];
    for (const statement of parsed.statements) {
        const label = statementLabel(statement);
        if (isUnknown(statement.effect)) out.deferred.push(words.unknownEffect(label));
        else if (statement.effect !== "Deny") allows.push({ statement, label });
    }
    return allows;
}
