import { CheckReport } from "../report/types";
import { CheckFailure } from "../cli/errors";

/** The report as JSON (the documented `CheckReport` shape), one document on stdout. */
export function renderJson(report: CheckReport): string {
    return JSON.stringify(report, null, 2) + "\n";
}

/** What `--format json` prints when there is no report (exit code 2). */
export function renderJsonFailure(failure: CheckFailure): string {
    return JSON.stringify({ schemaVersion: 1, error: { kind: failure.kind, message: failure.message, errors: failure.errors, unsupportedInvokes: failure.unsupportedInvokes } }, null, 2) + "\n";
}
