import { installCompileCache } from "./compileCache";
import { deferUnusedSdkModules } from "./deferSdkModules";
import { COMPILED_PACK_ENV } from "./packEnv";
import { exitWhenParentDies } from "./parentWatch";
import { setPackV8Flags } from "./v8Flags";

// Preloaded into the policy pack process the checker starts (NODE_OPTIONS --require): V8's flags
// first (v8Flags.ts), then its modules use the V8 code cache, and SDK modules a pack never uses
// load only if used (deferSdkModules.ts).
setPackV8Flags();
installCompileCache("policy-pack");
deferUnusedSdkModules({ compiledPack: process.env[COMPILED_PACK_ENV] === "1" });
// The checker stops the pack with SIGTERM, which ends a process without its 'exit' event, where
// the cache is written: exit normally instead, so the next pack starts from the cache.
process.once("SIGTERM", () => process.exit(0));
// A checker killed with SIGKILL cannot stop its pack: the pack stops itself (parentWatch.ts).
exitWhenParentDies();
