import { installCompileCache } from "./compileCache";
import { deferUnusedSdkModules } from "./deferSdkModules";
import { COMPILED_PACK_ENV } from "./packEnv";
import { exitWhenParentDies } from "./parentWatch";

import * as v8 from "node:v8";

// Preloaded into the policy pack process the checker starts (NODE_OPTIONS --require): its modules
// use the V8 code cache, and SDK modules a pack never uses load only if used (deferSdkModules.ts).
// `run-policy-pack` sets this V8 flag once its first modules have loaded
// (@pulumi/pulumi cmd/run-policy-pack/index.js:100 loads runtime/closure/v8Hooks.js, whose line 28
// is `v8.setFlagsFromString("--allow-natives-syntax")`). V8 refuses a code cache made under other
// flags, and the cache is written at exit, under the flag: the modules loaded before it (that
// script, source-map-support) were compiled from source at every start. Set first, every module
// compiles under the flags it is cached under. The flag only admits `%Name(...)` calls where
// JavaScript allows no `%`, so no valid module parses differently.
v8.setFlagsFromString("--allow-natives-syntax");
installCompileCache("policy-pack");
deferUnusedSdkModules({ compiledPack: process.env[COMPILED_PACK_ENV] === "1" });
// The checker stops the pack with SIGTERM, which ends a process without its 'exit' event, where
// the cache is written: exit normally instead, so the next pack starts from the cache.
process.once("SIGTERM", () => process.exit(0));
// A checker killed with SIGKILL cannot stop its pack: the pack stops itself (parentWatch.ts).
exitWhenParentDies();
