import * as pulumi from "@pulumi/pulumi";
import { AccountScope, lambdaFunctionArn, parseArn } from "../../invariants/arns";
import { usesGuardrails } from "../../invariants/cedar/features";
import { policyTextOrUndefined } from "./policyStatements";
import { GatewayFeatureSpec, agentCoreViaService } from "../../invariants/documents/gatewayFeatures";
import { Problem, problem } from "../../invariants/problems";
import { AgentGatewayHubArgs } from "./args";
import { hubUsesCustomerKey } from "./hubKey";

/** AgentCore accepts at most two interceptor configurations per gateway (CFN schema maxItems). */
export const MAX_INTERCEPTORS = 2;

/** Whether any of the hub's Cedar policies uses guardrails (the role then needs InvokeGuardrailChecks). */
export function hubUsesGuardrails(args: AgentGatewayHubArgs): boolean {
    return (args.policyEngine?.policies ?? []).some((p) => {
        const text = policyTextOrUndefined(p);
        return text !== undefined && usesGuardrails(text);
    });
}

/** The features the hub's role is granted, with `pulumi.Input` leaves (hub has no credential providers: its targets use GATEWAY_IAM_ROLE). */
export function hubFeatureSpec(args: AgentGatewayHubArgs): GatewayFeatureSpec<pulumi.Input<string>> {
    return {
        gatewayName: args.gatewayName,
        kmsKeyArn: args.kmsKeyArn,
        guardrails: hubUsesGuardrails(args),
        interceptorLambdaArns: (args.interceptors ?? []).map((i) => i.lambdaArn),
    };
}

/** The same features with the longest plausible values, for planning the role's policy sizes. */
export function plannedFeatureSpec(args: AgentGatewayHubArgs, scope: AccountScope): GatewayFeatureSpec {
    return {
        gatewayName: args.gatewayName,
        // The hub's own key counts too (components/hub/hubKey.ts): the role is granted it all the same.
        kmsKeyArn: !hubUsesCustomerKey(args) ? undefined : `arn:${scope.partition}:kms:${scope.region}:${scope.accountId}:key/mrk-${"0".repeat(32)}`,
        guardrails: hubUsesGuardrails(args),
        interceptorLambdaArns: (args.interceptors ?? []).map(() => lambdaFunctionArn(scope, "f".repeat(64))),
    };
}

/** `kms:ViaService` value for the hub's Region. */
export function viaServiceFor(scope: pulumi.Output<AccountScope>): pulumi.Output<string> {
    return scope.apply((s) => agentCoreViaService(s.region));
}

function kmsKeyProblem(value: string, at: string, scope?: AccountScope): string | undefined {
    const p = parseArn(value);
    if (!p || p.service !== "kms" || !/^key\/[A-Za-z0-9-]+$/.test(p.resource)) return `${at} = ${JSON.stringify(value)} is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>; aliases are not accepted)`;
    if (scope && (p.accountId !== scope.accountId || p.region !== scope.region)) return `${at} = ${JSON.stringify(value)} is in account ${p.accountId}, Region ${p.region}, not the hub's account ${scope.accountId}, Region ${scope.region}`;
    return undefined;
}

function lambdaArnProblem(value: string, at: string, scope?: AccountScope): string | undefined {
    const p = parseArn(value);
    if (!p || p.service !== "lambda" || !/^function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/.test(p.resource)) return `${at} = ${JSON.stringify(value)} is not one exact Lambda function ARN`;
    if (scope && (p.accountId !== scope.accountId || p.region !== scope.region)) return `${at} = ${JSON.stringify(value)} is in account ${p.accountId}, Region ${p.region}, not the hub's account ${scope.accountId}, Region ${scope.region}`;
    return undefined;
}

const KMS_FIX = "Pass the ARN of a customer-managed KMS key (key/<id>, not an alias) in the hub's account and Region.";
const INTERCEPTOR_FIX = "Pass the exact ARN of an interceptor function in the hub's account and Region; the gateway role is granted lambda:InvokeFunction on exactly it.";

/**
 * I3: the features' ARNs the role will be granted, checked on what is known at construction
 * (plain strings). Account and Region are checked once the provider answers (`checkFeatureScope`).
 */
export function validateFeatureArgs(args: AgentGatewayHubArgs, scope?: AccountScope): Problem[] {
    const out: Problem[] = [];
    if (typeof args.kmsKeyArn === "string") {
        const wrong = kmsKeyProblem(args.kmsKeyArn, "kmsKeyArn", scope);
        if (wrong) out.push(problem("I3", `${wrong}: the gateway role is granted the KMS actions on exactly this key.`, KMS_FIX));
    }
    const interceptors = args.interceptors ?? [];
    if (interceptors.length > MAX_INTERCEPTORS) out.push(problem("I12", `interceptors has ${interceptors.length} entries; a gateway accepts at most ${MAX_INTERCEPTORS}.`, "Combine interceptors into at most two functions."));
    interceptors.forEach((i, n) => {
        if (typeof i.lambdaArn !== "string") return;
        const wrong = lambdaArnProblem(i.lambdaArn, `interceptors[${n}].lambdaArn`, scope);
        if (wrong) out.push(problem("I3", `${wrong}.`, INTERCEPTOR_FIX));
        if ((i.interceptionPoints ?? []).length === 0) out.push(problem("I12", `interceptors[${n}] has no interceptionPoints.`, "Set REQUEST, RESPONSE or both."));
    });
    return out;
}
