import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { allPolicies } from "../../../policypack/policies";

/**
 * The pack's policies behind `@pulumi/policy`'s own gRPC handlers (node_modules/@pulumi/policy/
 * server.js `makeAnalyzeRpcFun`, `makeAnalyzeStackRpcFun`), as the pack's server runs them, called
 * in-process with a request object.
 */
export type PolicyHandler = (call: { request: unknown }, callback: (err: unknown, response?: analyzerpb.AnalyzeResponse) => void) => Promise<void>;

type HandlerFactory = (name: string, version: string, level: string, policies: unknown) => PolicyHandler;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the server's internal module, as the pack's server loads it
const server = require("@pulumi/policy/server") as Record<"makeAnalyzeRpcFun" | "makeAnalyzeStackRpcFun", HandlerFactory>;

export const analyzeHandler = server.makeAnalyzeRpcFun("agentcore-hub", "0.1.0", "mandatory", allPolicies());
export const analyzeStackHandler = server.makeAnalyzeStackRpcFun("agentcore-hub", "0.1.0", "mandatory", allPolicies());

/** The handler's response to `request`; rejects with its error. */
export function callHandler(handler: PolicyHandler, request: unknown): Promise<analyzerpb.AnalyzeResponse> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, response) => (err || !response ? reject(err ?? new Error("no response")) : resolve(response)));
    });
}

export interface StackDiagnostic {
    policy: string;
    urn: string;
    message: string;
}

/** AnalyzeStack's diagnostics for `request`, by policy, URN and message. */
export async function analyzeStackDiagnostics(request: analyzerpb.AnalyzeStackRequest): Promise<StackDiagnostic[]> {
    const response = await callHandler(analyzeStackHandler, request);
    return response.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), urn: d.getUrn(), message: d.getMessage() }));
}
