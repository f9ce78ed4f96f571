import { PolicyPack } from "@pulumi/policy";
import { warmUpCedar } from "../invariants/cedar/warmUp";
import { allPolicies } from "./policies";
import { whenQuiet } from "./whenQuiet";
import { installRequestDecoding } from "./wire/requestDecoding";

/**
 * The AgentCore hub policy pack: invariants I1–I15 (README "Policies"). Starting the pack starts
 * its gRPC server, so this file only assembles; tests import ./policies.
 */
// Before the server starts: grpc-js reads the request decoders when the service is added.
// When they cannot be replaced, google-protobuf's stay, and nothing else changes.
installRequestDecoding();
new PolicyPack("agentcore-hub", { policies: allPolicies() });

// Compile Cedar's WebAssembly while the engine runs the program, not at the first Cedar policy
// it sends (warmUp.ts), and only once the pack is idle (whenQuiet.ts): never in the way of the
// engine's startup calls or of requests that are already coming. A failure here decides nothing
// (the checks run Cedar again and report there); it is written to the pack's log, which the
// engine shows.
whenQuiet(() => {
    try {
        warmUpCedar();
    } catch (err) {
        process.stderr.write(`agentcore-hub policy pack: the Cedar warm-up failed (the checks run Cedar themselves): ${(err as Error).message}\n`);
    }
});
