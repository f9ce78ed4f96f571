import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertBuilt, BIN, EXAMPLE, REPO } from "./cli";

/**
 * A checker that is stopped while it runs takes its policy pack process with it: by a signal
 * (SIGTERM from a cancelled CI job, SIGINT from Ctrl-C: checker/engine/childProcesses.ts) and by
 * SIGKILL, which runs no handler (the pack watches its parent: checker/cli/parentWatch.ts).
 * Linux only: the pack is found through /proc.
 */

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Alive: the process exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
        return false;
    }
}

/** The pack among the children of any of the process's threads (the checker spawns it from a worker thread: packThread.ts). */
function packChildOf(pid: number): number | undefined {
    let children = "";
    try {
        for (const task of fs.readdirSync(`/proc/${pid}/task`)) children += ` ${fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")}`;
    } catch {
        return undefined;
    }
    for (const child of children.trim().split(/\s+/).filter((c) => c !== "").map(Number)) {
        const cmdline = fs.existsSync(`/proc/${child}/cmdline`) ? fs.readFileSync(`/proc/${child}/cmdline`, "utf8") : "";
        if (cmdline.includes("run-policy-pack")) return child;
    }
    return undefined;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) assert.fail(`${what} within ${timeoutMs} ms`);
        await sleep(25);
    }
}

function startChecker(env: NodeJS.ProcessEnv = {}): { checker: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
    const checker = spawn(process.execPath, [BIN, "check", EXAMPLE, "--format", "json"], { cwd: REPO, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "ignore"] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => checker.once("exit", (code, signal) => resolve({ code, signal })));
    return { checker, exited };
}

describe("a stopped checker stops its policy pack", function () {
    this.timeout(120_000);
    before(function () {
        if (process.platform !== "linux") this.skip();
        assertBuilt();
    });

    for (const signal of ["SIGTERM", "SIGINT"] as const) {
        it(`${signal}: the pack process is gone within 5 s, and the Cedar hand-off directory with it`, async () => {
            // A temp dir of its own: the checker makes its hand-off directory there (cedarHandOff.ts).
            const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pack-lifetime-"));
            const { checker, exited } = startChecker({ TMPDIR: tmp });
            const checkerPid = checker.pid ?? assert.fail("the checker did not start");
            const pack = await waitFor("the checker started its pack", 60_000, () => packChildOf(checkerPid));
            assert.ok(alive(pack));
            checker.kill(signal);
            const ended = await exited;
            // The checker ends as the signal ends a process (no handler swallowed it).
            assert.equal(ended.signal, signal);
            await waitFor(`pack ${pack} exited after the checker's ${signal}`, 5_000, () => (alive(pack) ? undefined : true));
            assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.startsWith("agentcore-hub-cedar-")), []);
            fs.rmSync(tmp, { recursive: true, force: true });
        });
    }

    // SIGKILL runs no handler: the pack sees its parent change at its next poll, which waits for
    // its event loop (a pack still loading its modules is busy until it has loaded).
    it("SIGKILL: the pack process exits by itself once it sees its parent gone", async () => {
        const { checker, exited } = startChecker();
        const checkerPid = checker.pid ?? assert.fail("the checker did not start");
        const pack = await waitFor("the checker started its pack", 60_000, () => packChildOf(checkerPid));
        checker.kill("SIGKILL");
        assert.equal((await exited).signal, "SIGKILL");
        await waitFor(`pack ${pack} exited after the checker's SIGKILL`, 60_000, () => (alive(pack) ? undefined : true));
    });
});
