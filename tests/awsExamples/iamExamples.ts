import { PolicyDocument } from "../../invariants/policyDocument";
import { InvariantId } from "../../invariants/problems";
import { IamDecision } from "../support/iamEvaluator";

/**
 * AWS's own published IAM examples for AgentCore Gateway, as test data (issue 10, deliverable 8,
 * IAM side). Each entry is one document shown on an AgentCore devguide page, with AWS's
 * placeholders replaced by concrete values (every replacement listed), what AWS says of it,
 * and what our checks do with it. iamExamples.test.ts runs every entry through the invariant
 * functions, through the pack over a raw-resource stack holding the document, and, where AWS
 * states what the document allows, through the IAM evaluator.
 *
 * The documents were read from stored copies of the pages (docs/aws-facts.md, section "AWS
 * published examples used as tests"); section names are the page's headings.
 */

export type ExampleKind = "trust" | "rolePermissions" | "gatewayResourcePolicy" | "restApiPolicy" | "lambdaPermission";

export interface Substitution {
    /** As AWS writes it on the page. */
    placeholder: string;
    value: string;
    note?: string;
}

export interface AwsVerdict {
    verdict: "valid" | "rejected";
    /** The page's words that say so (short quote). */
    quote: string;
}

/** What our checks do with the example today. */
export type OurVerdict =
    /** No problem, no deferral. */
    | { outcome: "accepted" }
    /** AWS-valid, refused on purpose: the README lists it with this reason. */
    | { outcome: "stricter"; invariant: InvariantId; messageIncludes: string; reason: string }
    /** AWS rejects it; we reject it before AWS does. */
    | { outcome: "rejected"; invariant: InvariantId; messageIncludes: string }
    /**
     * AWS-valid, refused today, to be accepted once another helper's deliverable lands: the test
     * asserts today's refusal; the lead flips it to "accepted" when the fix is merged.
     */
    | { outcome: "refused"; pendingFix: string; invariant: InvariantId; messageIncludes: string }
    /** AWS-valid, refused today, and no deliverable covers it: a decision for the lead. */
    | { outcome: "refusedUncovered"; invariant: InvariantId; messageIncludes: string; recommendation: string }
    /** No invariant reads this kind of document. */
    | { outcome: "unchecked"; reason: string };

/** The hub the example belongs to, so the pack sees the document where a program would put it. */
export interface HubSetup {
    region: string;
    accountId: string;
    /** Full gateway id: `<name>-<10 characters>`. */
    gatewayId: string;
    authorizerType: "AWS_IAM" | "CUSTOM_JWT";
    roleArn: string;
    lambdaArns?: string[];
    restApi?: { id: string; stage: string; exposed: { method: string; path: string }[] };
}

export type IamCallerSpec = { roleArn: string } | { service: string; sourceArn: string; sourceAccount: string };

/** One request and the decision the document gives it, as AWS describes it (or as our reason for being stricter relies on). */
export interface IamClaim {
    claim: string;
    caller: IamCallerSpec;
    action: string;
    resource: string;
    resourceAccount: string;
    /** The caller's identity policy: none, or an Allow of exactly this action on `*`. */
    identity?: "allow";
    context?: Record<string, string>;
    expect: IamDecision;
}

export interface IamExample {
    id: string;
    url: string;
    section: string;
    kind: ExampleKind;
    document: PolicyDocument;
    substitutions: Substitution[];
    aws: AwsVerdict;
    ours: OurVerdict;
    hub: HubSetup;
    claims?: IamClaim[];
}

const DEVGUIDE = "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide";
const PREREQ = `${DEVGUIDE}/gateway-prerequisites-permissions.html`;
const POLICY_PERMISSIONS = `${DEVGUIDE}/policy-permissions.html`;
const VPC_EGRESS = `${DEVGUIDE}/gateway-vpc-egress.html`;
const API_TARGET = `${DEVGUIDE}/gateway-target-api-gateway.html`;
const LAMBDA_TARGET = `${DEVGUIDE}/gateway-add-target-lambda.html`;
const RESOURCE_POLICIES = `${DEVGUIDE}/resource-based-policies.html`;

const AGENTCORE = "bedrock-agentcore.amazonaws.com";
const INVOKE_GATEWAY = "bedrock-agentcore:InvokeGateway";
const INVOKE_API = "execute-api:Invoke";
const INVOKE_LAMBDA = "lambda:InvokeFunction";

/** AWS's example gateway id (API Gateway target page), used wherever a page leaves the gateway id as a placeholder. */
const GATEWAY_ID = "my-gateway-d4jrgkaske";
const gatewayArn = (region: string, account: string, id = GATEWAY_ID) => `arn:aws:bedrock-agentcore:${region}:${account}:gateway/${id}`;

// The accounts and Regions AWS's pages use, kept where they are already concrete.
const A = { region: "us-west-2", accountId: "111122223333" };
const PREREQ_TRUST = { region: "us-east-1", accountId: "111122223333" };
const B = { region: "us-east-1", accountId: "123456789012" };
/** A second account for the spoke side and for "another account" cases. */
const OTHER_ACCOUNT = "444455556666";

function hub(scope: { region: string; accountId: string }, extra: Partial<HubSetup> = {}): HubSetup {
    return { ...scope, gatewayId: GATEWAY_ID, authorizerType: "AWS_IAM", roleArn: `arn:aws:iam::${scope.accountId}:role/MyGatewayExecutionRole`, ...extra };
}

const GATEWAY_ID_SUB: Substitution = { placeholder: "gateway id (GATEWAYID, <gateway-id>)", value: GATEWAY_ID, note: "AWS's own example gateway id from the API Gateway target page" };
const RUNTIME_TO_GATEWAY: Substitution[] = [
    { placeholder: "arn:aws:bedrock-agentcore:us-west-2:111122223333:runtime/AGENTID", value: gatewayArn(A.region, A.accountId), note: "the page's examples are written for a runtime; it says they apply to \"your Agent Runtime or Gateway\" and that Resource must be the ARN the policy is attached to" },
    { placeholder: "bedrock-agentcore:InvokeAgentRuntime", value: INVOKE_GATEWAY, note: "the one gateway action the page lists" },
];

/** Trust-policy claims shared by the examples: the AgentCore service acting for the hub's gateway. */
function trustClaims(h: HubSetup, extra: IamClaim[] = []): IamClaim[] {
    return [
        { claim: "lets AgentCore assume the role for this gateway", caller: { service: AGENTCORE, sourceArn: gatewayArn(h.region, h.accountId, h.gatewayId), sourceAccount: h.accountId }, action: "sts:AssumeRole", resource: h.roleArn, resourceAccount: h.accountId, expect: "Allowed" },
        { claim: "a gateway of another account cannot have AgentCore assume it (aws:SourceAccount)", caller: { service: AGENTCORE, sourceArn: gatewayArn(h.region, OTHER_ACCOUNT, h.gatewayId), sourceAccount: OTHER_ACCOUNT }, action: "sts:AssumeRole", resource: h.roleArn, resourceAccount: h.accountId, expect: "ImplicitlyDenied" },
        ...extra,
    ];
}

const WIDE_SOURCE_ARN_REASON =
    "aws:SourceArn must match this one gateway. A wider pattern lets AgentCore assume the role for other gateways of the account (`<name>-*` also matches a gateway named `<name>-admin`); our role trusts `<name>-??????????` (ten characters: the generated id suffix), which is known before the gateway exists, so nothing needs the wider form.";
const API_METHODS_REASON =
    "I3 grants execute-api:Invoke only on the methods the target exposes (`<api>/<stage>/<METHOD>/<path>`); `<stage>/*/*` lets the gateway role call every method of the stage, including ones no tool exposes.";
const API_DENY_REASON =
    "An Allow-only REST API resource policy does not keep out principals of the hub account whose identity policies allow execute-api:Invoke (same-account evaluation needs only one Allow); I5 requires the explicit Deny for everyone but the gateway.";

export const IAM_EXAMPLES: IamExample[] = [
    // ---------------------------------------------------------------- trust (I2)
    {
        id: "prereq-trust",
        url: PREREQ,
        section: "AgentCore Gateway service role permissions > Trust permissions",
        kind: "trust",
        document: {
            Version: "2012-10-17",
            Statement: [{
                Sid: "GatewayAssumeRolePolicy",
                Effect: "Allow",
                Principal: { Service: AGENTCORE },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/my-gateway-*" } },
            }],
        },
        substitutions: [{ placeholder: "gateway-name", value: "my-gateway" }],
        aws: { verdict: "valid", quote: "The following is an example of a trust policy that you can use." },
        ours: { outcome: "stricter", invariant: "I2", messageIncludes: "which matches more than one gateway", reason: WIDE_SOURCE_ARN_REASON },
        hub: hub(PREREQ_TRUST),
        claims: trustClaims(hub(PREREQ_TRUST), [
            { claim: "why we are stricter: the pattern also admits another gateway whose name extends this one", caller: { service: AGENTCORE, sourceArn: gatewayArn(PREREQ_TRUST.region, PREREQ_TRUST.accountId, "my-gateway-admin-abcdefghij"), sourceAccount: PREREQ_TRUST.accountId }, action: "sts:AssumeRole", resource: hub(PREREQ_TRUST).roleArn, resourceAccount: PREREQ_TRUST.accountId, expect: "Allowed" },
        ]),
    },
    {
        id: "prereq-trust-exact-gateway",
        url: PREREQ,
        section: "AgentCore Gateway service role permissions > Trust permissions (Note: add the Condition back with the gateway ARN)",
        kind: "trust",
        document: {
            Version: "2012-10-17",
            Statement: [{
                Sid: "GatewayAssumeRolePolicy",
                Effect: "Allow",
                Principal: { Service: AGENTCORE },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": gatewayArn(PREREQ_TRUST.region, PREREQ_TRUST.accountId) } },
            }],
        },
        substitutions: [{ placeholder: "arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/gateway-name-*", value: gatewayArn(PREREQ_TRUST.region, PREREQ_TRUST.accountId), note: "the note's instruction: \"Replace the aws:SourceArn condition key with the ARN of the gateway\"" }, GATEWAY_ID_SUB],
        aws: { verdict: "valid", quote: "After you create the gateway, add the Condition field back to the policy as a best security practice" },
        ours: { outcome: "accepted" },
        hub: hub(PREREQ_TRUST),
        claims: trustClaims(hub(PREREQ_TRUST), [
            { claim: "another gateway of the account cannot use the role", caller: { service: AGENTCORE, sourceArn: gatewayArn(PREREQ_TRUST.region, PREREQ_TRUST.accountId, "my-gateway-admin-abcdefghij"), sourceAccount: PREREQ_TRUST.accountId }, action: "sts:AssumeRole", resource: hub(PREREQ_TRUST).roleArn, resourceAccount: PREREQ_TRUST.accountId, expect: "ImplicitlyDenied" },
        ]),
    },
    {
        id: "prereq-trust-without-condition",
        url: PREREQ,
        section: "AgentCore Gateway service role permissions > Trust permissions (Note: omit the Condition at first)",
        kind: "trust",
        document: { Version: "2012-10-17", Statement: [{ Sid: "GatewayAssumeRolePolicy", Effect: "Allow", Principal: { Service: AGENTCORE }, Action: "sts:AssumeRole" }] },
        substitutions: [{ placeholder: "the Condition block", value: "(removed)", note: "as the note allows when the service role is first created" }],
        aws: { verdict: "valid", quote: "Because you won't know the gateway ARN before you create it, you can omit the Condition field when you first create the service role." },
        ours: {
            outcome: "stricter",
            invariant: "I2",
            messageIncludes: "has no StringEquals aws:SourceAccount condition (confused-deputy protection)",
            reason: "Without aws:SourceAccount / aws:SourceArn any gateway in any account could have AgentCore assume the role (confused deputy). The gateway's name is known before it exists, so `<name>-??????????` can be written from the first deployment; there is no window in which the condition must be left out.",
        },
        hub: hub(PREREQ_TRUST),
        claims: [
            { claim: "why we are stricter: AgentCore acting for a gateway of any account may assume the role", caller: { service: AGENTCORE, sourceArn: gatewayArn(PREREQ_TRUST.region, OTHER_ACCOUNT), sourceAccount: OTHER_ACCOUNT }, action: "sts:AssumeRole", resource: hub(PREREQ_TRUST).roleArn, resourceAccount: PREREQ_TRUST.accountId, expect: "Allowed" },
        ],
    },
    {
        id: "policy-permissions-trust",
        url: POLICY_PERMISSIONS,
        section: "Gateway Execution Role > Trust Policy",
        kind: "trust",
        document: {
            Version: "2012-10-17",
            Statement: [{
                Sid: "AllowBedrockAgentCoreAssumeRole",
                Effect: "Allow",
                Principal: { Service: AGENTCORE },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:*" } },
            }],
        },
        substitutions: [],
        aws: { verdict: "valid", quote: "The Gateway Execution Role must trust the bedrock-agentcore.amazonaws.com service principal." },
        ours: { outcome: "stricter", invariant: "I2", messageIncludes: "which matches more than one gateway", reason: WIDE_SOURCE_ARN_REASON },
        hub: hub(B),
        claims: trustClaims(hub(B), [
            { claim: "why we are stricter: any AgentCore resource of the account (here a runtime) may have the service assume the gateway's role", caller: { service: AGENTCORE, sourceArn: `arn:aws:bedrock-agentcore:${B.region}:${B.accountId}:runtime/other_agent-abcdefghij`, sourceAccount: B.accountId }, action: "sts:AssumeRole", resource: hub(B).roleArn, resourceAccount: B.accountId, expect: "Allowed" },
        ]),
    },
    {
        id: "vpc-egress-trust",
        url: VPC_EGRESS,
        section: "API Gateway > Permissions for API Gateway integration using IAM Auth > AgentCore Gateway Execution Role trust policy",
        kind: "trust",
        document: {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Service: AGENTCORE },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": "arn:aws:bedrock-agentcore:us-west-2:111122223333:gateway/*" } },
            }],
        },
        substitutions: [],
        aws: { verdict: "valid", quote: "The following trust policy allows AgentCore Gateway to assume the execution role" },
        ours: { outcome: "stricter", invariant: "I2", messageIncludes: "which matches more than one gateway", reason: WIDE_SOURCE_ARN_REASON },
        hub: hub(A),
        claims: trustClaims(hub(A), [
            { claim: "why we are stricter: every gateway of the account may use the role", caller: { service: AGENTCORE, sourceArn: gatewayArn(A.region, A.accountId, "unrelated-abcdefghij"), sourceAccount: A.accountId }, action: "sts:AssumeRole", resource: hub(A).roleArn, resourceAccount: A.accountId, expect: "Allowed" },
        ]),
    },

    // ---------------------------------------------------------------- role permissions (I3)
    {
        id: "prereq-lambda-identity-policy",
        url: PREREQ,
        section: "Permissions to access AWS resources > Attach an identity-based policy to the gateway service role",
        kind: "rolePermissions",
        document: {
            Version: "2012-10-17",
            Statement: [{ Sid: "AmazonBedrockAgentCoreGatewayLambdaProd", Effect: "Allow", Action: [INVOKE_LAMBDA], Resource: ["arn:aws:lambda:us-east-1:123456789012:function:MyFunction"] }],
        },
        substitutions: [{ placeholder: "FunctionName", value: "MyFunction", note: "the name the same page uses for its resource-based example" }],
        aws: { verdict: "valid", quote: "attach the following identity-based policy to your AgentCore Gateway service role" },
        ours: { outcome: "accepted" },
        hub: hub(B, { lambdaArns: ["arn:aws:lambda:us-east-1:123456789012:function:MyFunction"] }),
        claims: [
            { claim: "the role may invoke the target function", caller: { roleArn: hub(B).roleArn }, action: INVOKE_LAMBDA, resource: "arn:aws:lambda:us-east-1:123456789012:function:MyFunction", resourceAccount: B.accountId, expect: "Allowed" },
            { claim: "and no other function", caller: { roleArn: hub(B).roleArn }, action: INVOKE_LAMBDA, resource: "arn:aws:lambda:us-east-1:123456789012:function:OtherFunction", resourceAccount: B.accountId, expect: "ImplicitlyDenied" },
        ],
    },
    {
        id: "lambda-target-identity-policy",
        url: LAMBDA_TARGET,
        section: "Configuring permissions",
        kind: "rolePermissions",
        document: {
            Version: "2012-10-17",
            Statement: [{
                Sid: "AmazonBedrockAgentCoreGatewayLambdaProd",
                Effect: "Allow",
                Action: [INVOKE_LAMBDA],
                Resource: ["arn:aws:lambda:us-east-1:111122223333:function:MyFunction:*"],
                Condition: { StringEquals: { "aws:ResourceAccount": "111122223333" } },
            }],
        },
        substitutions: [{ placeholder: "{{region}}", value: "us-east-1" }, { placeholder: "[[functionName]]", value: "MyFunction" }],
        aws: { verdict: "valid", quote: "For Lambda function targets, your Gateway's execution role needs the lambda:InvokeFunction permission" },
        ours: {
            outcome: "stricter",
            invariant: "I3",
            // Today's message calls the qualifier wildcard "everything" (the check reads any ARN ending in ":*" so); it is every version and alias of one function.
            messageIncludes: "allows lambda on \"arn:aws:lambda:us-east-1:111122223333:function:MyFunction:*\"",
            reason: "I3 grants lambda:InvokeFunction on the exact function ARN a target names. `function:<name>:*` covers every version and alias of the function (and, as IAM matches it, not the unqualified ARN a target usually names).",
        },
        hub: hub(PREREQ_TRUST, { lambdaArns: ["arn:aws:lambda:us-east-1:111122223333:function:MyFunction"] }),
        claims: [
            { claim: "invoking a qualified version or alias is allowed", caller: { roleArn: hub(PREREQ_TRUST).roleArn }, action: INVOKE_LAMBDA, resource: "arn:aws:lambda:us-east-1:111122223333:function:MyFunction:prod", resourceAccount: "111122223333", context: { "aws:ResourceAccount": "111122223333" }, expect: "Allowed" },
            { claim: "IAM matching (evaluator finding, not an AWS statement): `:*` needs a qualifier, so the unqualified function ARN is not covered", caller: { roleArn: hub(PREREQ_TRUST).roleArn }, action: INVOKE_LAMBDA, resource: "arn:aws:lambda:us-east-1:111122223333:function:MyFunction", resourceAccount: "111122223333", context: { "aws:ResourceAccount": "111122223333" }, expect: "ImplicitlyDenied" },
        ],
    },
    {
        id: "api-target-identity-policy",
        url: API_TARGET,
        section: "Supported outbound authorization methods for an API Gateway API > IAM outbound authorization",
        kind: "rolePermissions",
        document: { Version: "2012-10-17", Statement: [{ Action: [INVOKE_API], Resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/*/*", Effect: "Allow" }] },
        substitutions: [
            { placeholder: "aws-region", value: "us-west-2" },
            { placeholder: "account-id", value: "111122223333" },
            { placeholder: "rest-api-id", value: "abcd123", note: "the API id of the page's resource-policy example" },
            { placeholder: "api-stage", value: "prod" },
        ],
        aws: { verdict: "valid", quote: "Add a policy to your role to allow the action execute-api:Invoke along with a resource that corresponds to the REST API Id and Stage" },
        ours: { outcome: "stricter", invariant: "I3", messageIncludes: "does not name one HTTP method", reason: API_METHODS_REASON },
        hub: hub(A, { restApi: { id: "abcd123", stage: "prod", exposed: [{ method: "GET", path: "/pets" }] } }),
        claims: [
            { claim: "the role may invoke the exposed method", caller: { roleArn: hub(A).roleArn }, action: INVOKE_API, resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/GET/pets", resourceAccount: A.accountId, expect: "Allowed" },
            { claim: "why we are stricter: also every method no tool exposes", caller: { roleArn: hub(A).roleArn }, action: INVOKE_API, resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/DELETE/pets", resourceAccount: A.accountId, expect: "Allowed" },
            { claim: "not another stage", caller: { roleArn: hub(A).roleArn }, action: INVOKE_API, resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/test/GET/pets", resourceAccount: A.accountId, expect: "ImplicitlyDenied" },
        ],
    },
    {
        id: "vpc-egress-identity-policy",
        url: VPC_EGRESS,
        section: "API Gateway > Permissions for API Gateway integration using IAM Auth > AgentCore Gateway Execution Role policy",
        kind: "rolePermissions",
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: [INVOKE_API], Resource: ["arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/*/*"] }] },
        substitutions: [],
        aws: { verdict: "valid", quote: "The following policy grants the gateway permission to invoke the API Gateway" },
        ours: { outcome: "stricter", invariant: "I3", messageIncludes: "does not name one HTTP method", reason: API_METHODS_REASON },
        hub: hub(A, { restApi: { id: "abcd123", stage: "prod", exposed: [{ method: "GET", path: "/pets" }] } }),
    },
    {
        id: "policy-engine-permissions",
        url: POLICY_PERMISSIONS,
        section: "Gateway Execution Role > Permission Policy",
        kind: "rolePermissions",
        document: {
            Version: "2012-10-17",
            Statement: [
                { Sid: "PolicyEngineConfiguration", Effect: "Allow", Action: ["bedrock-agentcore:GetPolicyEngine"], Resource: ["arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/my_policy_engine-a1b2c3d4e5"] },
                {
                    Sid: "PolicyEngineAuthorization",
                    Effect: "Allow",
                    Action: ["bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:PartiallyAuthorizeActions"],
                    Resource: ["arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/my_policy_engine-a1b2c3d4e5", gatewayArn(B.region, B.accountId)],
                },
            ],
        },
        substitutions: [{ placeholder: "<policy-engine-id>", value: "my_policy_engine-a1b2c3d4e5", note: "the engine id form the same page family uses (docs/aws-facts.md §2)" }, GATEWAY_ID_SUB],
        aws: { verdict: "valid", quote: "The execution role must include these three permissions to use Amazon Bedrock AgentCore Gateway with Policy in AgentCore" },
        ours: { outcome: "accepted" },
        hub: hub(B),
        claims: [
            { claim: "AuthorizeAction on the gateway's policy engine", caller: { roleArn: hub(B).roleArn }, action: "bedrock-agentcore:AuthorizeAction", resource: "arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/my_policy_engine-a1b2c3d4e5", resourceAccount: B.accountId, expect: "Allowed" },
            { claim: "PartiallyAuthorizeActions on the gateway", caller: { roleArn: hub(B).roleArn }, action: "bedrock-agentcore:PartiallyAuthorizeActions", resource: gatewayArn(B.region, B.accountId), resourceAccount: B.accountId, expect: "Allowed" },
            { claim: "GetPolicyEngine on that engine only", caller: { roleArn: hub(B).roleArn }, action: "bedrock-agentcore:GetPolicyEngine", resource: "arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/other_engine-abcdefghij", resourceAccount: B.accountId, expect: "ImplicitlyDenied" },
        ],
    },
    {
        id: "policy-engine-troubleshooting",
        url: POLICY_PERMISSIONS,
        section: "Troubleshooting > InternalServerException During Policy Evaluation",
        kind: "rolePermissions",
        document: {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Action: ["bedrock-agentcore:PartiallyAuthorizeActions", "bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:GetPolicyEngine"],
                Resource: ["arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/*", "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/*"],
            }],
        },
        substitutions: [{ placeholder: "REGION", value: "us-east-1" }, { placeholder: "ACCOUNT", value: "123456789012" }, { placeholder: "(the page shows a bare statement)", value: "wrapped in a Version 2012-10-17 document" }],
        aws: { verdict: "valid", quote: "Ensure the Gateway Execution Role includes these three permissions" },
        ours: {
            outcome: "stricter",
            invariant: "I3",
            messageIncludes: "is neither this gateway's policy engine nor this gateway",
            reason: "I3 scopes the policy-evaluation actions to the gateway's own engine and gateway; the same page says \"For production environments, scope the Policy in AgentCore permissions to specific resource ARNs rather than using wildcards.\"",
        },
        hub: hub(B),
        claims: [
            { claim: "why we are stricter: any engine of the account", caller: { roleArn: hub(B).roleArn }, action: "bedrock-agentcore:AuthorizeAction", resource: "arn:aws:bedrock-agentcore:us-east-1:123456789012:policy-engine/other_engine-abcdefghij", resourceAccount: B.accountId, expect: "Allowed" },
        ],
    },

    // ---------------------------------------------------------------- gateway resource-based policy (I7)
    {
        id: "rbp-confused-deputy",
        url: RESOURCE_POLICIES,
        section: "Security best practices > Prevent confused deputy",
        kind: "gatewayResourcePolicy",
        document: {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: INVOKE_GATEWAY,
                Resource: gatewayArn(A.region, A.accountId),
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnEquals: { "aws:SourceArn": "arn:aws:lambda:us-west-2:111122223333:function/SpecificFunction" } },
            }],
        },
        substitutions: [{ ...GATEWAY_ID_SUB, placeholder: "GATEWAYID" }, { placeholder: "function/SpecificFunction (AWS writes '/', Lambda ARNs use ':')", value: "kept as written", note: "the claim below uses the ARN as written" }],
        aws: { verdict: "valid", quote: "Always use condition keys when granting access to AWS services" },
        ours: {
            outcome: "stricter",
            invariant: "I7",
            messageIncludes: "names the Service principal \"lambda.amazonaws.com\"; consumers are IAM roles",
            reason:
                "Our consumers are IAM roles (I7 names specific consumer principals): a service that calls the gateway runs as a role of its own, which is granted by ARN and rate-limited by ARN. A service principal, even with AWS's confused-deputy conditions, would let every resource the condition names call the gateway with no role of ours to audit or limit.",
        },
        hub: hub(A),
        claims: [
            { claim: "Lambda acting for the named function may invoke the gateway", caller: { service: "lambda.amazonaws.com", sourceArn: "arn:aws:lambda:us-west-2:111122223333:function/SpecificFunction", sourceAccount: A.accountId }, action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, expect: "Allowed" },
            { claim: "Lambda acting for another function may not (the confused deputy is stopped)", caller: { service: "lambda.amazonaws.com", sourceArn: "arn:aws:lambda:us-west-2:111122223333:function/OtherFunction", sourceAccount: A.accountId }, action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, expect: "ImplicitlyDenied" },
        ],
    },
    {
        id: "rbp-cross-account-roles",
        url: RESOURCE_POLICIES,
        section: "Common use cases and examples > Allow roles in another AWS account",
        kind: "gatewayResourcePolicy",
        document: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:role/DeveloperRole", "arn:aws:iam::123456789012:role/AdminRole"] }, Action: INVOKE_GATEWAY, Resource: gatewayArn(A.region, A.accountId) }],
        },
        substitutions: RUNTIME_TO_GATEWAY,
        aws: { verdict: "valid", quote: "Grant API access to specific roles in a different AWS account" },
        ours: { outcome: "accepted" },
        hub: hub(A),
        claims: [
            { claim: "DeveloperRole of the other account may invoke the gateway (its own identity policy allows it)", caller: { roleArn: "arn:aws:iam::123456789012:role/DeveloperRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, expect: "Allowed" },
            { claim: "AdminRole too", caller: { roleArn: "arn:aws:iam::123456789012:role/AdminRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, expect: "Allowed" },
            { claim: "another role of that account may not", caller: { roleArn: "arn:aws:iam::123456789012:role/OtherRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, expect: "ImplicitlyDenied" },
        ],
    },
    {
        id: "rbp-deny-source-ip",
        url: RESOURCE_POLICIES,
        section: "Common use cases and examples > Deny traffic based on source IP address",
        kind: "gatewayResourcePolicy",
        document: {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/ApplicationRole" }, Action: INVOKE_GATEWAY, Resource: gatewayArn(A.region, A.accountId) },
                { Effect: "Deny", Principal: { AWS: "arn:aws:iam::123456789012:role/ApplicationRole" }, Action: INVOKE_GATEWAY, Resource: gatewayArn(A.region, A.accountId), Condition: { IpAddress: { "aws:SourceIp": ["192.0.2.0/24", "198.51.100.0/24"] } } },
            ],
        },
        substitutions: RUNTIME_TO_GATEWAY,
        aws: { verdict: "valid", quote: "Block incoming traffic from specific IP address ranges" },
        ours: { outcome: "accepted" },
        hub: hub(A),
        claims: [
            { claim: "ApplicationRole from an address outside the blocked ranges may invoke", caller: { roleArn: "arn:aws:iam::123456789012:role/ApplicationRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, context: { "aws:SourceIp": "203.0.113.10" }, expect: "Allowed" },
            { claim: "from a blocked range it is denied", caller: { roleArn: "arn:aws:iam::123456789012:role/ApplicationRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, context: { "aws:SourceIp": "192.0.2.15" }, expect: "ExplicitlyDenied" },
        ],
    },
    {
        id: "rbp-vpc-only",
        url: RESOURCE_POLICIES,
        section: "Common use cases and examples > Allow traffic only from specific VPC",
        kind: "gatewayResourcePolicy",
        document: {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/ApplicationRole" }, Action: INVOKE_GATEWAY, Resource: gatewayArn(A.region, A.accountId) },
                { Effect: "Deny", Principal: { AWS: "arn:aws:iam::123456789012:role/ApplicationRole" }, Action: INVOKE_GATEWAY, Resource: gatewayArn(A.region, A.accountId), Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-1a2b3c4d" } } },
            ],
        },
        substitutions: RUNTIME_TO_GATEWAY,
        aws: { verdict: "valid", quote: "Restrict access to requests from a specific VPC" },
        ours: { outcome: "accepted" },
        hub: hub(A),
        claims: [
            { claim: "ApplicationRole from the VPC may invoke", caller: { roleArn: "arn:aws:iam::123456789012:role/ApplicationRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, context: { "aws:SourceVpc": "vpc-1a2b3c4d" }, expect: "Allowed" },
            { claim: "from another VPC it is denied", caller: { roleArn: "arn:aws:iam::123456789012:role/ApplicationRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, context: { "aws:SourceVpc": "vpc-99999999" }, expect: "ExplicitlyDenied" },
        ],
    },
    {
        id: "rbp-oauth-vpc",
        url: RESOURCE_POLICIES,
        section: "Common use cases and examples > OAuth authentication with VPC restriction",
        kind: "gatewayResourcePolicy",
        document: {
            Version: "2012-10-17",
            Statement: [{ Sid: "AllowOAuthFromVPC", Effect: "Allow", Principal: "*", Action: INVOKE_GATEWAY, Resource: gatewayArn(A.region, A.accountId), Condition: { StringEquals: { "aws:SourceVpc": "vpc-1a2b3c4d" } } }],
        },
        substitutions: RUNTIME_TO_GATEWAY,
        aws: { verdict: "valid", quote: "The wildcard principal ( \"Principal\": \"*\" ) is required for OAuth authentication." },
        ours: { outcome: "accepted" },
        hub: hub(A, { authorizerType: "CUSTOM_JWT" }),
    },
    {
        id: "rbp-explicit-deny",
        url: RESOURCE_POLICIES,
        section: "Security best practices > Use explicit deny for critical controls",
        kind: "gatewayResourcePolicy",
        document: {
            Version: "2012-10-17",
            Statement: [{ Sid: "DenyAllExceptVPC", Effect: "Deny", Principal: "*", Action: INVOKE_GATEWAY, Resource: gatewayArn(A.region, A.accountId), Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-12345678" }, Bool: { "aws:ViaAWSService": "false" } } }],
        },
        substitutions: RUNTIME_TO_GATEWAY,
        aws: { verdict: "valid", quote: "Use explicit deny statements for security-critical restrictions" },
        ours: { outcome: "accepted" },
        hub: hub(A),
        claims: [
            { claim: "a caller of the hub account allowed by its identity policy gets in from the VPC", caller: { roleArn: "arn:aws:iam::111122223333:role/ApplicationRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, context: { "aws:SourceVpc": "vpc-12345678", "aws:ViaAWSService": "false" }, expect: "Allowed" },
            { claim: "and is denied from anywhere else", caller: { roleArn: "arn:aws:iam::111122223333:role/ApplicationRole" }, identity: "allow", action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, context: { "aws:SourceVpc": "vpc-99999999", "aws:ViaAWSService": "false" }, expect: "ExplicitlyDenied" },
        ],
    },
    {
        id: "rbp-least-privilege",
        url: RESOURCE_POLICIES,
        section: "Security best practices > Grant least privilege",
        kind: "gatewayResourcePolicy",
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/ApplicationRole" }, Action: INVOKE_GATEWAY, Resource: gatewayArn(A.region, A.accountId) }] },
        substitutions: RUNTIME_TO_GATEWAY,
        aws: { verdict: "valid", quote: "Grant only the minimum permissions necessary for your use case" },
        ours: { outcome: "accepted" },
        hub: hub(A),
        claims: [
            { claim: "the named role may invoke without an identity policy of its own (same account: one Allow is enough)", caller: { roleArn: "arn:aws:iam::111122223333:role/ApplicationRole" }, action: INVOKE_GATEWAY, resource: gatewayArn(A.region, A.accountId), resourceAccount: A.accountId, expect: "Allowed" },
        ],
    },
    {
        id: "rbp-resource-star",
        url: RESOURCE_POLICIES,
        section: "Policy structure (Important: Resource \"*\"), applied to the older revision's \"Allow roles in another AWS account\"",
        kind: "gatewayResourcePolicy",
        document: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:role/DeveloperRole", "arn:aws:iam::123456789012:role/AdminRole"] }, Action: INVOKE_GATEWAY, Resource: "*" }],
        },
        substitutions: [RUNTIME_TO_GATEWAY[1], { placeholder: "\"Resource\": \"*\"", value: "kept", note: "the older revision's simplified syntax, which the current revision rejects" }],
        aws: { verdict: "rejected", quote: "Using \"Resource\": \"*\" is not supported and will result in a validation error." },
        ours: { outcome: "rejected", invariant: "I7", messageIncludes: "allows Resource \"*\"; it must be this gateway's exact ARN" },
        hub: hub(A),
    },

    // ---------------------------------------------------------------- REST API resource policy (I5)
    {
        id: "api-target-resource-policy",
        url: API_TARGET,
        section: "Supported outbound authorization methods for an API Gateway API > API Gateway resource policies",
        kind: "restApiPolicy",
        document: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: AGENTCORE }, Action: INVOKE_API, Resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/*/*/*", Condition: { ArnEquals: { "aws:SourceArn": gatewayArn(A.region, A.accountId) } } }],
        },
        substitutions: [],
        aws: { verdict: "valid", quote: "The following is an example of an API resource policy that grants AgentCore Gateway access to your REST API." },
        ours: { outcome: "stricter", invariant: "I5", messageIncludes: "has no Deny that keeps out every principal but the gateway", reason: API_DENY_REASON },
        hub: hub(A, { restApi: { id: "abcd123", stage: "prod", exposed: [{ method: "GET", path: "/pets" }] } }),
        claims: [
            { claim: "AgentCore acting for this gateway may invoke the API", caller: { service: AGENTCORE, sourceArn: gatewayArn(A.region, A.accountId), sourceAccount: A.accountId }, action: INVOKE_API, resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/GET/pets", resourceAccount: A.accountId, expect: "Allowed" },
            { claim: "AgentCore acting for another gateway may not", caller: { service: AGENTCORE, sourceArn: gatewayArn(A.region, A.accountId, "other-gateway-abcdefghij"), sourceAccount: A.accountId }, action: INVOKE_API, resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/GET/pets", resourceAccount: A.accountId, expect: "ImplicitlyDenied" },
            { claim: "why we are stricter: any role of the hub account whose identity policy allows the call gets in", caller: { roleArn: "arn:aws:iam::111122223333:role/Admin" }, identity: "allow", action: INVOKE_API, resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/GET/pets", resourceAccount: A.accountId, expect: "Allowed" },
        ],
    },
    {
        id: "vpc-egress-resource-policy",
        url: VPC_EGRESS,
        section: "API Gateway > Permissions for API Gateway integration using IAM Auth > API Gateway Resource Policy Locked Down to AgentCore Gateway",
        kind: "restApiPolicy",
        document: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: AGENTCORE }, Action: INVOKE_API, Resource: ["arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/*/*"], Condition: { ArnEquals: { "aws:SourceArn": gatewayArn(A.region, A.accountId) } } }],
        },
        substitutions: [{ placeholder: "rest-api-id", value: "abcd123" }, { placeholder: "api-stage", value: "prod" }],
        aws: { verdict: "valid", quote: "The following resource policy restricts API Gateway access to AgentCore Gateway" },
        ours: { outcome: "stricter", invariant: "I5", messageIncludes: "has no Deny that keeps out every principal but the gateway", reason: API_DENY_REASON },
        hub: hub(A, { restApi: { id: "abcd123", stage: "prod", exposed: [{ method: "GET", path: "/pets" }] } }),
        claims: [
            { claim: "why we are stricter: \"locked down to AgentCore Gateway\" does not hold for the hub account's own roles", caller: { roleArn: "arn:aws:iam::111122223333:role/Admin" }, identity: "allow", action: INVOKE_API, resource: "arn:aws:execute-api:us-west-2:111122223333:abcd123/prod/GET/pets", resourceAccount: A.accountId, expect: "Allowed" },
        ],
    },

    // ---------------------------------------------------------------- Lambda function resource-based policy
    {
        id: "prereq-lambda-resource-policy",
        url: PREREQ,
        section: "Permissions to access AWS resources > (If function is in another account) Attach a resource-based policy to the Lambda function",
        kind: "lambdaPermission",
        document: {
            Version: "2012-10-17",
            Statement: [{ Sid: "LambdaAllowGatewayServiceRoleMyFunction", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/MyGatewayExecutionRole" }, Action: INVOKE_LAMBDA, Resource: `arn:aws:lambda:us-east-1:${OTHER_ACCOUNT}:function:MyFunction` }],
        },
        substitutions: [
            { placeholder: "123456789012 (role)", value: "111122223333", note: "the hub account that holds the gateway and its role" },
            { placeholder: "123456789012 (function)", value: OTHER_ACCOUNT, note: "the page's case is a function in another account; it writes the same placeholder for both" },
        ],
        aws: { verdict: "valid", quote: "you need to attach a resource-based policy to allow the gateway service role to access it" },
        // I5 (invariants/documents/lambdaPermission.ts; agentcore-lambda-target-permission): it names the gateway role.
        ours: { outcome: "accepted" },
        hub: hub(PREREQ_TRUST, { lambdaArns: [`arn:aws:lambda:us-east-1:${OTHER_ACCOUNT}:function:MyFunction`] }),
        claims: [
            { claim: "the gateway role may invoke the function across accounts when its identity policy also allows it", caller: { roleArn: "arn:aws:iam::111122223333:role/MyGatewayExecutionRole" }, identity: "allow", action: INVOKE_LAMBDA, resource: `arn:aws:lambda:us-east-1:${OTHER_ACCOUNT}:function:MyFunction`, resourceAccount: OTHER_ACCOUNT, expect: "Allowed" },
            { claim: "cross-account, the resource policy alone is not enough", caller: { roleArn: "arn:aws:iam::111122223333:role/MyGatewayExecutionRole" }, action: INVOKE_LAMBDA, resource: `arn:aws:lambda:us-east-1:${OTHER_ACCOUNT}:function:MyFunction`, resourceAccount: OTHER_ACCOUNT, expect: "ImplicitlyDenied" },
            { claim: "another role of the hub account may not", caller: { roleArn: "arn:aws:iam::111122223333:role/Admin" }, identity: "allow", action: INVOKE_LAMBDA, resource: `arn:aws:lambda:us-east-1:${OTHER_ACCOUNT}:function:MyFunction`, resourceAccount: OTHER_ACCOUNT, expect: "ImplicitlyDenied" },
        ],
    },
];
