/**
 * Minimal stand-in (features branch): the lead replaces this file with the Cedar-features
 * helper's version. Whether one Cedar statement uses AgentCore guardrails, i.e. names
 * `guardrails` outside string literals and comments.
 */
export function usesGuardrails(statement: string): boolean {
    const code = statement.replace(/\/\/[^\n]*/g, "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
    return /\bguardrails\b/.test(code);
}
