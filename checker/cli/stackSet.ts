import * as path from "node:path";
import type { CrossStackAccess } from "../access/crossStackTypes";
import type { JoinedStack } from "../access/crossStack";
import type { CapturedStack } from "../engine/types";
import type { WireObject } from "../engine/wire";
import type { CheckReport } from "../report/types";
import { DEFAULT_STACK, type ProgramTarget } from "./args";
import { CheckFailure } from "./errors";
import { readProjectFile } from "./project";
import { CheckOptions, runCheck } from "./runCheck";

/** One stack of a set: its report, or why it could not be checked. */
export type StackSetEntry =
    | { stack: string; dir: string; report: CheckReport }
    | { stack: string; dir: string; failure: CheckFailure };

/** What `agentcore-hub check <dir>… ` returns for several programs: a report per stack and one access summary across them. */
export interface StackSetReport {
    schemaVersion: 1;
    stacks: StackSetEntry[];
    access: CrossStackAccess;
    /** The worst of the stacks: 2 when one could not be checked, 1 with a mandatory violation, else 0. */
    exitCode: 0 | 1 | 2;
}

export interface StackSetOptions extends Omit<CheckOptions, "programDir" | "stack" | "stackReferences" | "laterStacks" | "onCaptured"> {
    programs: readonly ProgramTarget[];
    /** Outputs of stacks outside the set (`--stack-outputs`). */
    stackOutputs?: Record<string, WireObject>;
}

/** `organization/<project>/<stack>`: the name a program of the set has for the others (checker/engine/stackReference.ts). */
function setStackName(dir: string, stack: string | undefined): string {
    return `organization/${readProjectFile(path.resolve(dir)).name}/${stack ?? DEFAULT_STACK}`;
}

/** The program's outputs after its `pulumi up`: the update run's root outputs, what the stacks that read it get. */
async function deployedRun(target: ProgramTarget, options: StackSetOptions, references: Record<string, WireObject>): Promise<CapturedStack> {
    const { runProgramFile } = await import("../engine/programFile");
    return runProgramFile(path.resolve(target.dir), { mode: "update", stack: target.stack ?? DEFAULT_STACK, config: options.config ?? {}, stackReferences: references });
}

/**
 * Checks several stacks together, in the order given: each is checked as `runCheck` checks one;
 * its outputs as after its `pulumi up` then answer the `StackReference`s of the stacks after it
 * (with `--stack-outputs` for stacks outside the set); a stack checked later that an earlier one
 * reads is an ordering error, named. Then one access summary across them (checker/access/crossStack.ts).
 */
export async function runStackSet(options: StackSetOptions): Promise<StackSetReport> {
    const names = options.programs.map((p) => setStackName(p.dir, p.stack));
    const references: Record<string, WireObject> = { ...(options.stackOutputs ?? {}) };
    const stacks: StackSetEntry[] = [];
    const joined: JoinedStack[] = [];
    const notes: string[] = [];
    for (const [index, target] of options.programs.entries()) {
        const name = names[index];
        let captured: CapturedStack | undefined;
        try {
            const report = await runCheck({
                ...options,
                programDir: target.dir,
                stack: target.stack,
                stackReferences: { ...references },
                laterStacks: names.slice(index + 1),
                onCaptured: (s) => (captured = s),
            });
            stacks.push({ stack: name, dir: report.program.dir, report });
        } catch (err) {
            if (!(err instanceof CheckFailure)) throw err;
            stacks.push({ stack: name, dir: path.resolve(target.dir), failure: err });
            continue;
        }
        if (captured === undefined) continue;
        let deployed: CapturedStack = captured;
        if (captured.mode !== "update") {
            try {
                deployed = await deployedRun(target, options, references);
            } catch (err) {
                // Its check passed or failed on its own; only its outputs are missing for the stacks after it, which say so by name.
                notes.push(`${name}: its outputs after pulumi up could not be computed (${(err as Error).message.split("\n")[0]}); the stacks that read it cannot be checked against it.`);
                continue;
            }
        }
        if (deployed.stackOutputs !== undefined) references[name] = deployed.stackOutputs;
        joined.push({ name, checked: captured, deployed });
    }
    const { joinStacks } = await import("../access/crossStack");
    const access = joinStacks(joined);
    access.notes.unshift(...notes);
    const failed = stacks.some((s) => "failure" in s);
    const violated = stacks.some((s) => "report" in s && !s.report.passed);
    return { schemaVersion: 1, stacks, access, exitCode: failed ? 2 : violated ? 1 : 0 };
}
