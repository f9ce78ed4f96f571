import { runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { IamCaller, IamDecision } from "./iamEvaluator";

/**
 * `kms:EncryptionContext:<key>` conditions, evaluated by the same evaluator. iam-simulate's
 * checked entry point (`runSimulation`) drops every context key whose variable part has no `/`
 * (its `listHasVariableKeyMatch` handles `aws:RequestTag/<tag>`-style keys only), so
 * `kms:EncryptionContext:aws:logs:arn` would be ignored and tests/support/iamEvaluator.ts
 * throws on it. `runUnsafeSimulation` evaluates the context as given; it loads the resource
 * policy without metadata and then reads `metadata().name`, so the policy is given a name here
 * by loading it once through the library's own `loadPolicy` with one.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const iamPolicy = require("@cloud-copilot/iam-policy") as { loadPolicy: (p: unknown, m?: { name: string }) => unknown };

export interface EncryptionContextRequest {
    caller: IamCaller;
    action: string;
    resource: string;
    resourceAccount: string;
    resourcePolicy: unknown;
    context: Record<string, string>;
}

export function decideWithEncryptionContext(request: EncryptionContextRequest): IamDecision {
    const original = iamPolicy.loadPolicy;
    Object.defineProperty(iamPolicy, "loadPolicy", { configurable: true, enumerable: true, get: () => (p: unknown, m?: { name: string }) => original(p, m ?? { name: "key-policy" }) });
    try {
        const simulation: Simulation = {
            request: { principal: request.caller.principal, action: request.action, resource: { resource: request.resource, accountId: request.resourceAccount }, contextVariables: { ...request.caller.context, ...request.context } },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: request.resourcePolicy,
        };
        return runUnsafeSimulation(simulation, { simulationMode: "Strict" }) as IamDecision;
    } finally {
        Object.defineProperty(iamPolicy, "loadPolicy", { configurable: true, enumerable: true, get: () => original });
    }
}
