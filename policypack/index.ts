import { PolicyPack } from "@pulumi/policy";
import { warmUpCedar } from "../invariants/cedar/warmUp";
import { allPolicies } from "./policies";

/**
 * The AgentCore hub policy pack: invariants I1–I15 (README "Policies"). Starting the pack starts
 * its gRPC server, so this file only assembles; tests import ./policies.
 */
new PolicyPack("agentcore-hub", { policies: allPolicies() });

// Compile Cedar's WebAssembly while the engine runs the program, not at the first Cedar policy
// it sends (warmUp.ts). A failure here is not a verdict: the real checks run Cedar again.
setImmediate(() => {
    try {
        warmUpCedar();
    } catch {
        // Nothing to report: no resource was being checked.
    }
});
