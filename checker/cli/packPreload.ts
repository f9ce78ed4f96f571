import { installCompileCache } from "./compileCache";

// Preloaded into the policy pack process (NODE_OPTIONS --require): its modules use the V8 code cache.
installCompileCache("policy-pack");
