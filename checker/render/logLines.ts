import type { CapturedLog } from "../engine/types";

/** `Type "name"` of the resource a log line was attached to, from its URN (`…::pkg:mod:Type::name`). */
function resourceLabel(urn: string): string | undefined {
    const parts = urn.split("::");
    if (parts.length < 4) return undefined;
    const type = (parts[2].split("$").pop() ?? parts[2]).split(":").pop() ?? parts[2];
    return type === "Stack" ? undefined : `${type} "${parts.slice(3).join("::")}"`;
}

/**
 * One line of the program's `pulumi.log`, as the CLI prints a diagnostic under its resource:
 * severity, message, and the resource when the message does not already name it.
 */
export function logLine(log: CapturedLog): string {
    const label = log.urn === undefined ? undefined : resourceLabel(log.urn);
    const where = label === undefined || log.message.startsWith(label) ? "" : ` (${label})`;
    return `${log.severity}: ${log.message}${where}`;
}

/** The program's log lines a person should read, in order (debug lines are not captured). */
export function programLogLines(logs: readonly CapturedLog[] | undefined, indent: string): string[] {
    return (logs ?? []).map((l) => `${indent}${logLine(l)}`);
}
