import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AgentGatewayHub, AgentCoreHubValidationError } from "../../components";
import { runUnderMocks } from "../../checker/engine/capture";
import { toReadValue } from "../../checker/engine/wire";
import { AccountScope } from "../../invariants/arns";
import { DeclaredFeatures, NO_FEATURES, agentCoreViaService, buildFeatureStatements } from "../../invariants/documents/gatewayFeatures";
import { checkGatewayRolePermissions, toDocument } from "../../invariants/documents/gatewayPermissions";
import { ReadValue, Statement } from "../../invariants/policyDocument";
import { UNKNOWN } from "../../invariants/unknown";
import { ModelResource } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { DEFAULT_CONFIG } from "../../policypack/config";
import { gatewayRolePermissions } from "../../policypack/policies/role";
import { hubUsesGuardrails } from "../../components/hub/features";
import { GATEWAY_ARN_PLACEHOLDER as GATEWAY_ARN } from "../../invariants/cedar";

const HUB = "111111111111";
const REGION = "us-east-1";
const SCOPE: AccountScope = { partition: "aws", region: REGION, accountId: HUB };
const KEY = `arn:aws:kms:${REGION}:${HUB}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${HUB}:key/ffffffff-12ab-34cd-56ef-1234567890ab`;
const OAUTH = `arn:aws:bedrock-agentcore:${REGION}:${HUB}:token-vault/default/oauth2credentialprovider/github`;
const INTERCEPTOR = `arn:aws:lambda:${REGION}:${HUB}:function:org-tools-interceptor`;
const VIA = agentCoreViaService(REGION);
const FIX_PREFIX = "Grant a gateway feature's permissions only when the gateway declares the feature";

const kmsStatement = (resource: string = KEY, condition: Statement["Condition"] | null = { StringEquals: { "kms:ViaService": VIA } }): Statement => ({
    Sid: "UseGatewayKmsKey", Effect: "Allow", Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"], Resource: resource, ...(condition ? { Condition: condition } : {}),
});
const doc = (...statements: Statement[]): ReadValue => toDocument(statements) as unknown as ReadValue;
const features = (patch: Partial<DeclaredFeatures>): DeclaredFeatures => ({ ...NO_FEATURES, gatewayName: "org-tools", ...patch });
const messages = (r: { problems: { message: string }[] }): string[] => r.problems.map((p) => p.message);

describe("I3: gateway features add exactly the permissions they need (gatewayFeatures.ts)", () => {
    describe("the shared check", () => {
        it("builds, for a customer-managed key, the four KMS actions on that key through AgentCore only", () => {
            const [s] = buildFeatureStatements({ gatewayName: "org-tools", kmsKeyArn: KEY }, SCOPE, VIA);
            assert.deepStrictEqual(s, kmsStatement());
        });

        it("admits the KMS statement when the gateway declares that key", () => {
            assert.deepStrictEqual(checkGatewayRolePermissions(doc(kmsStatement()), { accountId: HUB, features: features({ kmsKeyArn: KEY }) }), { problems: [], deferred: [] });
        });

        it("refuses the KMS statement when the gateway declares no key", () => {
            const r = checkGatewayRolePermissions(doc(kmsStatement()), { features: features({}) });
            assert.deepStrictEqual(messages(r), [`statement 0 ("UseGatewayKmsKey"): "${KEY}" for kms actions: the gateway declares no customer-managed KMS key (kmsKeyArn).`]);
            assert.ok(r.problems[0].fix.startsWith(FIX_PREFIX));
        });

        it("refuses another key, a key wildcard, and a KMS grant without kms:ViaService", () => {
            assert.deepStrictEqual(messages(checkGatewayRolePermissions(doc(kmsStatement(OTHER_KEY)), { features: features({ kmsKeyArn: KEY }) })), [`statement 0 ("UseGatewayKmsKey"): "${OTHER_KEY}" for kms actions: is not the gateway's key "${KEY}".`]);
            assert.deepStrictEqual(messages(checkGatewayRolePermissions(doc(kmsStatement("*")), { features: features({ kmsKeyArn: KEY }) })), [`statement 0 ("UseGatewayKmsKey") allows kms actions on "*", i.e. everything.`]);
            assert.deepStrictEqual(messages(checkGatewayRolePermissions(doc(kmsStatement(KEY, null)), { features: features({ kmsKeyArn: KEY }) })), [`statement 0 ("UseGatewayKmsKey") allows KMS actions but has no kms:ViaService condition, so the role could use the key directly, not only through AgentCore.`]);
        });

        it("judges a role alone (gateway not known) on shape only, and defers an unknown key by name", () => {
            assert.deepStrictEqual(checkGatewayRolePermissions(doc(kmsStatement())), { problems: [], deferred: [] });
            assert.strictEqual(checkGatewayRolePermissions(doc(kmsStatement("*"))).problems.length, 1);
            const r = checkGatewayRolePermissions(doc(kmsStatement()), { features: features({ kmsKeyArn: UNKNOWN }) });
            assert.deepStrictEqual(r, { problems: [], deferred: [`statement 0 ("UseGatewayKmsKey"): whether the gateway needs its kms permissions on "${KEY}" cannot be told: the gateway's kmsKeyArn is unknown`] });
        });

        it("admits bedrock:InvokeGuardrailChecks on * only when a Cedar policy uses guardrails", () => {
            const statements = buildFeatureStatements({ gatewayName: "org-tools", guardrails: true }, SCOPE, VIA);
            assert.deepStrictEqual(statements, [{ Sid: "InvokeGuardrailChecks", Effect: "Allow", Action: "bedrock:InvokeGuardrailChecks", Resource: "*" }]);
            assert.deepStrictEqual(checkGatewayRolePermissions(doc(...statements), { features: features({ guardrails: true }) }), { problems: [], deferred: [] });
            assert.deepStrictEqual(messages(checkGatewayRolePermissions(doc(...statements), { features: features({ guardrails: false }) })), [`statement 0 ("InvokeGuardrailChecks"): "*" for guardrails actions: no Cedar policy of the gateway's engine uses guardrails.`]);
        });

        it("admits a declared OAuth provider's token-vault statements and refuses them without the provider", () => {
            const statements = buildFeatureStatements({ gatewayName: "org-tools", credentialProviders: [{ kind: "oauth", providerArn: OAUTH }] }, SCOPE, VIA);
            assert.deepStrictEqual(statements.map((s) => s.Action), ["bedrock-agentcore:GetWorkloadAccessToken", "bedrock-agentcore:GetResourceOauth2Token", "secretsmanager:GetSecretValue"]);
            assert.deepStrictEqual(statements[2].Resource, `arn:aws:secretsmanager:${REGION}:${HUB}:secret:bedrock-agentcore-identity!default/oauth2/github-*`);
            assert.deepStrictEqual(checkGatewayRolePermissions(doc(...statements), { features: features({ credentialProviders: [{ kind: "oauth", providerArn: OAUTH }] }) }), { problems: [], deferred: [] });
            const without = messages(checkGatewayRolePermissions(doc(...statements), { features: features({}) }));
            assert.ok(without.length >= 3 && without.every((m) => /no target of the gateway declares/.test(m)), without.join("\n"));
            const wider = doc({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${REGION}:${HUB}:secret:*` });
            assert.deepStrictEqual(messages(checkGatewayRolePermissions(wider, { features: features({ credentialProviders: [{ kind: "oauth", providerArn: OAUTH }] }) })), [`statement 0 allows secret actions on "arn:aws:secretsmanager:${REGION}:${HUB}:secret:*", i.e. everything.`]);
        });
    });

    describe("the pack on raw aws-native resources (direct calls)", () => {
        const roleArn = `arn:aws:iam::${HUB}:role/agentcore/org-tools-gateway`;
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": HUB }, ArnLike: { "aws:SourceArn": `arn:aws:bedrock-agentcore:${REGION}:${HUB}:gateway/org-tools-??????????` } } }] };
        const res = (type: string, name: string, props: Record<string, unknown>): ModelResource => ({ urn: `urn:pulumi:dev::raw::${type}::${name}`, type, name, props: props as ModelResource["props"], propertyDependencies: {}, dependencies: [] });
        const stack = (gateway: Record<string, unknown>, ...statements: Statement[]): StackModel => new StackModel([
            res("aws-native:bedrockagentcore:Gateway", "gateway", { name: "org-tools", roleArn, authorizerType: "AWS_IAM", ...gateway }),
            res("aws-native:iam:Role", "gateway-role", { roleName: "org-tools-gateway", path: "/agentcore/", assumeRolePolicyDocument: trust, policies: [{ policyName: "features", policyDocument: toDocument(statements) }] }),
        ]);
        const problemsOf = (m: StackModel): string[] => gatewayRolePermissions.check(m, DEFAULT_CONFIG).problems.map((p) => p.problem.message);

        it("passes a declared key with its KMS statement", () => {
            assert.deepStrictEqual(problemsOf(stack({ kmsKeyArn: KEY }, kmsStatement())), []);
        });

        it("fails the KMS statement when the Gateway declares no kmsKeyArn, and a key wider than the gateway's", () => {
            assert.deepStrictEqual(problemsOf(stack({}, kmsStatement())), [`Role "gateway-role" (inline policy "features" of Role "gateway-role", service role of Gateway "gateway"): statement 0 ("UseGatewayKmsKey"): "${KEY}" for kms actions: the gateway declares no customer-managed KMS key (kmsKeyArn).`]);
            assert.strictEqual(problemsOf(stack({ kmsKeyArn: KEY }, kmsStatement(`arn:aws:kms:${REGION}:${HUB}:key/*`))).length, 1);
        });

        it("admits lambda:InvokeFunction on a declared interceptor, and refuses it when the Gateway has none", () => {
            const invoke: Statement = { Sid: "InvokeInterceptor1", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: INTERCEPTOR };
            assert.deepStrictEqual(problemsOf(stack({ interceptorConfigurations: [{ interceptor: { lambda: { arn: INTERCEPTOR } }, interceptionPoints: ["REQUEST"] }] }, invoke)), []);
            assert.deepStrictEqual(problemsOf(stack({}, invoke)), [`Role "gateway-role" (inline policy "features" of Role "gateway-role", service role of Gateway "gateway"): allows "${INTERCEPTOR}", which is not one of the gateway's targets.`]);
        });

        it("reads an OAuth provider from a GatewayTarget's credentialProviderConfigurations", () => {
            const statements = buildFeatureStatements({ gatewayName: "org-tools", credentialProviders: [{ kind: "oauth", providerArn: OAUTH }] }, SCOPE, VIA);
            const base = stack({}, ...statements);
            const gw = base.of("gateway")[0];
            const target = { ...res("aws-native:bedrockagentcore:GatewayTarget", "github", { name: "github", gatewayIdentifier: "gw-id", targetConfiguration: { mcp: { openApiSchema: { inlinePayload: "{}" } } }, credentialProviderConfigurations: [{ credentialProviderType: "OAUTH", credentialProvider: { oauthCredentialProvider: { providerArn: OAUTH, scopes: ["repo"] } } }] }), propertyDependencies: { gatewayIdentifier: [gw.urn] } };
            assert.deepStrictEqual(problemsOf(new StackModel([...base.resources, target])), []);
            assert.ok(problemsOf(base).length >= 3);
        });
    });

    describe("the hub component", () => {
        before(() => {
            pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({ accountId: HUB, region: REGION, partition: "aws" }) }, "features", "test", false);
        });

        it("refuses a kmsKeyArn that is not a key ARN, before registering anything", () => {
            assert.throws(() => new AgentGatewayHub("bad", { gatewayName: "org-tools", allowDefaultProviders: true, kmsKeyArn: `arn:aws:kms:${REGION}:${HUB}:alias/gateway` }), (e: unknown) => {
                assert.ok(e instanceof AgentCoreHubValidationError);
                assert.deepStrictEqual(e.problems.map((p) => p.message), [`kmsKeyArn = "arn:aws:kms:${REGION}:${HUB}:alias/gateway" is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>; aliases are not accepted): the gateway role is granted the KMS actions on exactly this key.`]);
                return true;
            });
        });

        it("refuses an interceptor that is not one exact function ARN, and more than two interceptors", () => {
            assert.throws(() => new AgentGatewayHub("bad", { gatewayName: "org-tools", allowDefaultProviders: true, interceptors: [{ lambdaArn: `arn:aws:lambda:${REGION}:${HUB}:function:*`, interceptionPoints: ["REQUEST"] }] }), (e: unknown) => {
                assert.ok(e instanceof AgentCoreHubValidationError);
                assert.deepStrictEqual(e.problems.map((p) => p.message), [`interceptors[0].lambdaArn = "arn:aws:lambda:${REGION}:${HUB}:function:*" is not one exact Lambda function ARN.`]);
                return true;
            });
            const three = [1, 2, 3].map((n) => ({ lambdaArn: `${INTERCEPTOR}${n}`, interceptionPoints: ["REQUEST" as const] }));
            assert.throws(() => new AgentGatewayHub("bad", { gatewayName: "org-tools", allowDefaultProviders: true, interceptors: three }), /interceptors has 3 entries; a gateway accepts at most 2\./);
        });

        it("detects guardrails in its Cedar policies (the role then gets bedrock:InvokeGuardrailChecks)", () => {
            assert.strictEqual(hubUsesGuardrails({ gatewayName: "g", policyEngine: { policies: [{ name: "p", statement: 'forbid(principal, action, resource is AgentCore::Gateway) when guardrails { BedrockGuardrails::ContentFilter(["VIOLENCE"], [context.input.message])["VIOLENCE"].confidenceScore.greaterThanOrEqual(decimal("0.5")) };' }] } }), true);
            assert.strictEqual(hubUsesGuardrails({ gatewayName: "g", policyEngine: { policies: [{ name: "p", statement: "permit(principal, action, resource) when { context.note == \"guardrails\" };" }] } }), false);
        });

        it("grants the key (through AgentCore) and the interceptor it is configured with, and the check admits them", async () => {
            const stack = await runUnderMocks(() => {
                new AgentGatewayHub("hub", {
                    gatewayName: "org-tools",
                    allowDefaultProviders: true,
                    kmsKeyArn: KEY,
                    interceptors: [{ lambdaArn: INTERCEPTOR, interceptionPoints: ["REQUEST"] }],
                });
            }, { mode: "update", project: "features", stack: "dev" });
            const policy = stack.resources.find((r) => r.type === "aws-native:iam:RolePolicy")!;
            const document = toReadValue(policy.inputs.policyDocument) as { Statement: { Sid: string }[] };
            assert.deepStrictEqual(document.Statement.map((s) => s.Sid), ["EvaluateCedarPolicies", "ReadPolicyEngine", "UseGatewayKmsKey", "InvokeInterceptor1"]);
            assert.deepStrictEqual(document.Statement[2], kmsStatement());
            const gateway = stack.resources.find((r) => r.type === "aws-native:bedrockagentcore:Gateway")!;
            assert.strictEqual(gateway.inputs.kmsKeyArn, KEY);
            assert.deepStrictEqual(toReadValue(gateway.inputs.interceptorConfigurations), [{ interceptor: { lambda: { arn: INTERCEPTOR } }, interceptionPoints: ["REQUEST"] }]);
            const declared = features({ kmsKeyArn: KEY, interceptorLambdaArns: [INTERCEPTOR] });
            assert.deepStrictEqual(checkGatewayRolePermissions(document as unknown as ReadValue, { accountId: HUB, features: declared }), { problems: [], deferred: [] });
        });

        it("a hub whose Cedar policy uses guardrails (AWS's Dogwood form) is granted InvokeGuardrailChecks and registers the policy under definition.policy; without one it is not", async () => {
            const target = { kind: "lambda" as const, name: "apps", function: { arn: `arn:aws:lambda:${REGION}:${HUB}:function:apps` }, tools: [{ name: "create_application", description: "Create", inputSchema: { type: "object" as const, properties: { message: { type: "string" as const } }, required: ["message"] } }] };
            // AWS's guardrail sample (awslabs/amazon-bedrock-agentcore-samples, 02-guardrails-in-policy), on this hub's gateway.
            const guardrail = `forbid(principal, action == AgentCore::Action::"apps___create_application", resource == AgentCore::Gateway::"${GATEWAY_ARN}")
when guardrails {
  BedrockGuardrails::ContentFilter(["VIOLENCE"], [context.input.message])["VIOLENCE"]
  .confidenceScore
  .greaterThanOrEqual(decimal("0.5"))
};`;
            const run = (policies: { name: string; statement: string }[]) => runUnderMocks(() => {
                new AgentGatewayHub("hub", { gatewayName: "org-tools", allowDefaultProviders: true, targets: [target], policyEngine: { policies } });
            }, { mode: "update", project: "features", stack: "dev" });
            const sids = (stack: Awaited<ReturnType<typeof run>>): string[] => {
                const policy = stack.resources.find((r) => r.type === "aws-native:iam:RolePolicy")!;
                return (toReadValue(policy.inputs.policyDocument) as { Statement: { Sid: string }[] }).Statement.map((st) => st.Sid);
            };
            const withGuardrail = await run([{ name: "block_violence", statement: guardrail }]);
            assert.ok(sids(withGuardrail).includes("InvokeGuardrailChecks"), sids(withGuardrail).join(", "));
            const registered = withGuardrail.resources.find((r) => r.type === "aws-native:bedrockagentcore:Policy")!;
            const definition = toReadValue(registered.inputs.definition) as { policy?: { statement?: string }; cedar?: unknown };
            assert.strictEqual(definition.cedar, undefined);
            assert.match(String(definition.policy?.statement), /when guardrails \{/);
            const plain = await run([{ name: "allow_apps", statement: `permit(principal, action == AgentCore::Action::"apps___create_application", resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { context.input.message like "*" };` }]);
            assert.ok(!sids(plain).includes("InvokeGuardrailChecks"), sids(plain).join(", "));
        });
    });
});
