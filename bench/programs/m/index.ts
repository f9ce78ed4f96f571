/**
 * The M topology of bench/workloads/topology.ts as a Pulumi project directory, so that tools
 * that run directories (`agentcore-hub check bench/programs/m`, runProgramFile) can load it.
 */
import { MEDIUM, buildTopology, topologyOutputs } from "../../workloads/topology";

const outputs = topologyOutputs(buildTopology(MEDIUM));

export const gatewayArn = outputs.gatewayArn;
export const grantForm = outputs.grantForm;
export const grantPolicyBytes = outputs.grantPolicyBytes;
export const grantPolicyStatements = outputs.grantPolicyStatements;
export const targets = outputs.targets;
export const callers = outputs.callers;
export const cedarPolicies = outputs.cedarPolicies;
