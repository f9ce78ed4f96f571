/** The checker's pid, given to the pack process it starts (packEnv.ts). */
export const PARENT_PID_ENV = "AGENTCORE_HUB_PARENT_PID";

/**
 * For a process the checker started (the policy pack): exit when the checker is gone. A checker
 * killed with SIGKILL (or by the OOM killer) runs no handler that could stop its pack; the pack
 * is then re-parented (Linux and macOS: to init or a subreaper), so its `ppid` is no longer the
 * checker's pid. The pid comes from the environment, not from `process.ppid` at load: a checker
 * killed while its pack was still starting is gone before this runs. Polled once a second on an
 * unref'd timer, so the watch never keeps the pack alive by itself.
 */
export function exitWhenParentDies(env: NodeJS.ProcessEnv = process.env, intervalMs = 1000): void {
    const parent = Number(env[PARENT_PID_ENV]);
    if (!Number.isInteger(parent) || parent <= 1) return;
    const check = () => {
        if (process.ppid !== parent) process.exit(0);
    };
    check();
    setInterval(check, intervalMs).unref();
}
