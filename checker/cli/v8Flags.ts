import * as v8 from "node:v8";

/**
 * V8 settings of the checker's processes, each set before any module of the process is compiled,
 * so that the V8 code cache is made and read under the same flags (V8 refuses data made under
 * other flags: compileCache.ts). None changes what a program or a policy computes, only how V8
 * compiles it. A check keeps both cores of a CI runner busy, and V8's own compiler threads took
 * about two fifths of its CPU (measured with perf at the L bench), so CPU they save comes out of
 * the wall time. Each was kept only when it won side by side (README "Performance"). The flags
 * exist in the V8 of Node 20, 22 and 24 (`node --v8-options`); a V8 without one prints a line on
 * stderr and runs as before.
 */

/**
 * The checker's process (its main thread runs the program and the access summary):
 * - `--liftoff-only`: Cedar's WebAssembly (@cedar-policy/cedar-wasm, a 4.3 MB module) runs on
 *   V8's baseline compiler, Liftoff, and is never recompiled by the optimizing one, which cost
 *   about 1.3 s of helper CPU at L for the components' and the access summary's Cedar calls:
 *   0.94 and 0.96 of the time (runs of 8 and 10 pairs), 5% less memory.
 * - `--no-turbo-inlining`: the optimizing compiler compiles each hot function alone. The SDK's
 *   large functions (`prepareResource`, recompiled four times in a run as their inputs change
 *   shape) were compiled with everything they call: 0.93 to 0.95 of the time.
 */
export function setCheckerV8Flags(): void {
    v8.setFlagsFromString("--liftoff-only");
    v8.setFlagsFromString("--no-turbo-inlining");
}

/**
 * The policy pack's process, from the preload the checker gives it (packPreload.ts):
 * - `--allow-natives-syntax`, which `run-policy-pack` sets anyway once its first modules have
 *   loaded (@pulumi/pulumi cmd/run-policy-pack/index.js:100 loads runtime/closure/v8Hooks.js,
 *   whose line 28 is `v8.setFlagsFromString("--allow-natives-syntax")`). The cache is written at
 *   exit, under the flag, so the modules loaded before it (that script, source-map-support) were
 *   compiled from source at every start; set first, every module compiles under the flags it is
 *   cached under. It only admits `%Name(...)` calls where JavaScript allows no `%`, so no valid
 *   module parses differently.
 * - `--no-turbo-inlining`, as in the checker: 0.97 of the time. (`--no-opt` was slower: 1.06.)
 */
export function setPackV8Flags(): void {
    v8.setFlagsFromString("--allow-natives-syntax");
    v8.setFlagsFromString("--no-turbo-inlining");
}
