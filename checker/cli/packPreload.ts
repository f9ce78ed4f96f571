import { installCompileCache } from "./compileCache";
import { deferTypeScriptLoad } from "./deferTypeScript";

// Preloaded into the policy pack process (NODE_OPTIONS --require): its modules use the V8 code
// cache, and the SDK's TypeScript (closure serialization, unused by a pack) is loaded only if read.
installCompileCache("policy-pack");
deferTypeScriptLoad();
// The checker stops the pack with SIGTERM, which ends a process without its 'exit' event, where
// the cache is written: exit normally instead, so the next pack starts from the cache.
process.once("SIGTERM", () => process.exit(0));
