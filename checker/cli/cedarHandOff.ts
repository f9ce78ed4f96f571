import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SHARED_CEDAR_ANSWERS_ENV, writeSharedCedarAnswers } from "../../invariants/cedar/sharedAnswers";
import { atThisProcessEnd } from "../engine/childProcesses";

/**
 * The directory through which one check's program hands Cedar's answers to its policy pack
 * (invariants/cedar/sharedAnswers.ts): named in the pack's environment when it is spawned, written
 * once the program has run (before `AnalyzeStack` is asked for), removed when the check ends, or
 * when the checker is stopped by a signal before (as its pack is: childProcesses.ts).
 * Every step is optional: without it the pack asks Cedar itself and answers the same.
 */
export class CedarHandOff {
    private readonly dir: string | undefined;
    private readonly untrack: () => void = () => undefined;

    constructor() {
        try {
            this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "agentcore-hub-cedar-"));
        } catch {
            this.dir = undefined;
            return;
        }
        const dir = this.dir;
        this.untrack = atThisProcessEnd(() => fs.rmSync(dir, { recursive: true, force: true }));
    }

    /** What the pack's environment adds. */
    env(): NodeJS.ProcessEnv {
        return this.dir === undefined ? {} : { [SHARED_CEDAR_ANSWERS_ENV]: this.dir };
    }

    /** Writes the answers this process holds; a failure only means the pack asks Cedar itself (said on stderr). */
    share(): void {
        if (this.dir === undefined) return;
        try {
            writeSharedCedarAnswers(this.dir);
        } catch (err) {
            process.stderr.write(`agentcore-hub: Cedar's answers were not handed to the policy pack, which asks Cedar itself (same verdicts): ${(err as Error).message}\n`);
        }
    }

    remove(): void {
        this.untrack();
        if (this.dir !== undefined) fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
