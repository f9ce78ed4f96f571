import * as v8 from "node:v8";

/**
 * V8 settings of the checker's own process, set before any module is compiled (so that the V8
 * code cache is made and read under the same flags: compileCache.ts).
 *
 * `--liftoff-only`: Cedar's WebAssembly (@cedar-policy/cedar-wasm, a 4.3 MB module) runs on
 * V8's baseline compiler, Liftoff, and is never recompiled by the optimizing one. V8 recompiles
 * each hot WebAssembly function with TurboFan on its helper threads; in a check that work cost
 * more CPU than the faster code saved (at the L bench, about 1.3 s of the helpers' CPU for the
 * components' and the access summary's Cedar calls, measured with perf), and a check keeps both
 * cores of a CI runner busy, so the CPU comes out of the wall time. Side by side, a check with it
 * took 0.94 and 0.96 of the time (runs of 8 and 10 pairs) and 5% less memory. The answers are
 * the same: both compilers run the same module. The flag exists in the V8 of Node 20, 22 and 24
 * (`node --v8-options`); a V8 without it prints one line on stderr and runs as before. The policy
 * pack's process is left as the Pulumi CLI starts it.
 */
export function setCheckerV8Flags(): void {
    v8.setFlagsFromString("--liftoff-only");
}
