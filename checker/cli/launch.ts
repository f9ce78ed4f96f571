import { installCompileCache } from "./compileCache";
import { deferUnusedSdkModules } from "./deferSdkModules";
import { setCheckerV8Flags } from "./v8Flags";

/**
 * What `bin/agentcore-hub.js` runs. The V8 code cache is installed before anything else is
 * loaded, so the SDK and the providers come from it, and what the SDK loads only for closure
 * serialization is loaded only if used (deferSdkModules.ts); then the command runs and the
 * process exits with its code once stdout is flushed (a policy pack that is still starting after
 * a failed program is killed on exit rather than waited for).
 */
setCheckerV8Flags();
installCompileCache("agentcore-hub-cli");
deferUnusedSdkModules();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- required after the cache is installed, on purpose
const { main } = require("./main") as typeof import("./main");

main(process.argv.slice(2)).then(
    (code) => process.stdout.write("", () => process.exit(code)),
    (err: unknown) => {
        process.stderr.write(`agentcore-hub: ${(err as Error).stack ?? String(err)}\n`);
        process.exit(2);
    },
);
