import { parse, validate } from "@aws-sdk/util-arn-parser";

/**
 * ARN shapes, built from parts known at preview (account, Region, partition, names) so that
 * documents stay decidable at a first `pulumi preview` (BRIEF §4).
 */
export interface AccountScope {
    partition: string;
    region: string;
    accountId: string;
}

export const AGENTCORE_SERVICE_PRINCIPAL = "bedrock-agentcore.amazonaws.com";

/** Characters AgentCore appends to a gateway or policy-engine name to form its id. */
export const GENERATED_ID_SUFFIX_LENGTH = 10;

/**
 * Matches exactly the gateway named `gatewayName` in this account and Region:
 * `<name>-` followed by exactly ten characters. AWS's own example uses `<name>-*`, which also
 * matches a gateway called `<name>-admin`; ten `?` cannot.
 */
export function gatewayArnPattern(scope: AccountScope, gatewayName: string): string {
    return `arn:${scope.partition}:bedrock-agentcore:${scope.region}:${scope.accountId}:gateway/${gatewayName}-${"?".repeat(GENERATED_ID_SUFFIX_LENGTH)}`;
}

export function policyEngineArnPattern(scope: AccountScope, engineName: string): string {
    return `arn:${scope.partition}:bedrock-agentcore:${scope.region}:${scope.accountId}:policy-engine/${engineName}-${"?".repeat(GENERATED_ID_SUFFIX_LENGTH)}`;
}

export function roleArn(partition: string, accountId: string, path: string, roleName: string): string {
    return `arn:${partition}:iam::${accountId}:role${path}${roleName}`;
}

export function accountRootArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

/** A CloudWatch Logs log group's ARN, as Logs writes it in `kms:EncryptionContext:aws:logs:arn` (docs/aws-facts.md §17). */
export function logGroupArn(scope: AccountScope, logGroupName: string): string {
    return `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${logGroupName}`;
}

export function cloudTrailArn(scope: AccountScope, trailName: string): string {
    return `arn:${scope.partition}:cloudtrail:${scope.region}:${scope.accountId}:trail/${trailName}`;
}

export function s3BucketArn(partition: string, bucketName: string): string {
    return `arn:${partition}:s3:::${bucketName}`;
}

export function lambdaFunctionArn(scope: AccountScope, functionName: string): string {
    return `arn:${scope.partition}:lambda:${scope.region}:${scope.accountId}:function:${functionName}`;
}

/**
 * `execute-api` ARN of one method of one stage: path parameters (`{id}`) become `*`, which is
 * how API Gateway matches them, and only there.
 */
export function executeApiMethodArn(scope: AccountScope, apiId: string, stage: string, method: string, path: string): string {
    return `arn:${scope.partition}:execute-api:${scope.region}:${scope.accountId}:${apiId}/${stage}/${method}${executeApiPath(path)}`;
}

/** The resource part of an execute-api ARN for a REST path: `/a/{id}` becomes `/a/*`. */
export function executeApiPath(path: string): string {
    return path.replace(/\{[^}]+\}/g, "*");
}

export interface ParsedArn {
    partition: string;
    service: string;
    region: string;
    accountId: string;
    resource: string;
}

/** Parses an ARN with AWS's own parser; undefined when it is not an ARN. */
export function parseArn(value: string): ParsedArn | undefined {
    if (!validate(value)) return undefined;
    try {
        return parse(value);
    } catch (e) {
        if (e instanceof Error) return undefined;
        throw e;
    }
}

/** Account of an IAM principal ARN (role, user, root, assumed role), or undefined. */
export function principalAccount(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) return principal;
    const arn = parseArn(principal);
    return arn && (arn.service === "iam" || arn.service === "sts") ? arn.accountId : undefined;
}

export type GatewayArnKind = "exact" | "named-pattern" | "broad";

/**
 * Classifies a Resource that should name one gateway: an exact ARN, the ten-`?` pattern for
 * one gateway name, or anything broader (`*`, `gateway/*`, `gateway/name-*`).
 */
export function classifyGatewayArn(value: string): { kind: GatewayArnKind; gatewayName?: string; accountId?: string; region?: string } {
    const arn = parseArn(value);
    if (!arn || arn.service !== "bedrock-agentcore" || !arn.resource.startsWith("gateway/")) return { kind: "broad" };
    if (/[*?]/.test(arn.accountId) || /[*?]/.test(arn.region)) return { kind: "broad" };
    const id = arn.resource.slice("gateway/".length);
    const exact = /^([0-9a-zA-Z][-]?){1,48}-[0-9a-z]{10}$/.exec(id);
    if (exact && !/[*?]/.test(id)) return { kind: "exact", gatewayName: id.slice(0, -(GENERATED_ID_SUFFIX_LENGTH + 1)), accountId: arn.accountId, region: arn.region };
    const pattern = new RegExp(`^([0-9a-zA-Z-]{1,48})-\\?{${GENERATED_ID_SUFFIX_LENGTH}}$`).exec(id);
    if (pattern) return { kind: "named-pattern", gatewayName: pattern[1], accountId: arn.accountId, region: arn.region };
    return { kind: "broad" };
}

/** IAM-style wildcard match (`*` any run, `?` one character), as ArnLike/StringLike do. */
export function wildcardMatch(pattern: string, value: string): boolean {
    const re = new RegExp(
        "^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$",
        "s",
    );
    return re.test(value);
}
