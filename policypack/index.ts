import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

/**
 * The AgentCore hub policy pack: invariants I1–I12 (README "Policies"). Starting the pack starts
 * its gRPC server, so this file only assembles; tests import ./policies.
 */
new PolicyPack("agentcore-hub", { policies: allPolicies() });
