import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { CapturedStack, EngineMode, runUnderMocks } from "../../checker/engine/capture";
import { stackModelOf } from "../../checker/stackModel";
import { AgentGatewayHub, LambdaTarget, accountProviders } from "../../components";
import { TargetGateway, buildLambdaTargetPermission, checkLambdaTargetPermission, lambdaFunctionRef, sameFunction } from "../../invariants/documents/lambdaPermission";
import { UNKNOWN } from "../../invariants/unknown";
import { evaluateStack } from "../../policypack/evaluate";
import { clearDeclarations } from "../../policypack/model/declared";
import { STACK_POLICIES } from "../../policypack/policies";
import { PROVIDERS, exampleStack } from "../awsExamples/exampleStack";
import { IAM_EXAMPLES } from "../awsExamples/iamExamples";

/**
 * I5 for Lambda targets (invariants/documents/lambdaPermission.ts): a permission on a function a
 * gateway targets lets only that gateway invoke it. The rule directly, the component's builder
 * through it, and the pack (agentcore-lambda-target-permission) over raw `@pulumi/aws` and
 * `@pulumi/aws-native` programs and our components, at a first preview and at `pulumi up`.
 */

const POLICY = "agentcore-lambda-target-permission";
const HUB = "111111111111";
const OTHER = "444455556666";
const REGION = "us-east-1";
const ROLE_ARN = `arn:aws:iam::${HUB}:role/agentcore/org-tools-gateway`;
const GATEWAY_ARN = `arn:aws:bedrock-agentcore:${REGION}:${HUB}:gateway/org-tools-a1b2c3d4e5`;
const PATTERN = `arn:aws:bedrock-agentcore:${REGION}:${HUB}:gateway/org-tools-??????????`;
const GATEWAY: TargetGateway = { name: "org-tools", roleArn: ROLE_ARN, gatewayArn: GATEWAY_ARN, accountId: HUB, region: REGION };
const INVOKE = "lambda:InvokeFunction";

describe("Lambda target permissions (I5)", function () {
    this.timeout(300_000);

    describe("the rule", () => {
        const check = (principal: string | typeof UNKNOWN, extra: { action?: string; sourceArn?: string | typeof UNKNOWN; gateway?: Partial<TargetGateway> } = {}) =>
            checkLambdaTargetPermission({ action: extra.action ?? INVOKE, principal, sourceArn: extra.sourceArn }, [{ ...GATEWAY, ...extra.gateway }], "p");

        it("what LambdaTarget writes (buildLambdaTargetPermission) is admitted", () => {
            const built = buildLambdaTargetPermission({ functionArn: `arn:aws:lambda:${REGION}:${HUB}:function:refunds`, gatewayRoleArn: ROLE_ARN, gatewayName: "org-tools" });
            assert.deepEqual(built, { action: INVOKE, function: `arn:aws:lambda:${REGION}:${HUB}:function:refunds`, principal: ROLE_ARN, statementId: "agentcore-gateway-org-tools" });
            assert.deepEqual(checkLambdaTargetPermission({ action: built.action, principal: built.principal, sourceArn: undefined }, [GATEWAY], "p"), { problems: [], deferred: [] });
        });

        it("admits AgentCore with sourceArn = this gateway (exact ARN or the ten-? pattern of its name)", () => {
            assert.deepEqual(check("bedrock-agentcore.amazonaws.com", { sourceArn: GATEWAY_ARN }), { problems: [], deferred: [] });
            assert.deepEqual(check("bedrock-agentcore.amazonaws.com", { sourceArn: PATTERN }), { problems: [], deferred: [] });
            // At a first preview the gateway's ARN is unknown: the pattern of its name still decides.
            assert.deepEqual(check("bedrock-agentcore.amazonaws.com", { sourceArn: PATTERN, gateway: { gatewayArn: UNKNOWN } }), { problems: [], deferred: [] });
        });

        const refused: [string, string, { action?: string; sourceArn?: string }, RegExp][] = [
            ["anyone", "*", {}, /allows "\*" to invoke a gateway target function/],
            ["another account", `arn:aws:iam::${OTHER}:root`, {}, /allows "arn:aws:iam::444455556666:root"/],
            ["an account id", OTHER, {}, /allows "444455556666"/],
            ["another role of the hub account", `arn:aws:iam::${HUB}:role/Admin`, {}, /the role "arn:aws:iam::111111111111:role\/Admin", not the gateway's service role/],
            ["AgentCore without sourceArn", "bedrock-agentcore.amazonaws.com", {}, /without sourceArn: every gateway in every account/],
            ["AgentCore for another gateway", "bedrock-agentcore.amazonaws.com", { sourceArn: `arn:aws:bedrock-agentcore:${REGION}:${HUB}:gateway/other-??????????` }, /which is not the gateway that targets this function/],
            ["AgentCore for any gateway", "bedrock-agentcore.amazonaws.com", { sourceArn: `arn:aws:bedrock-agentcore:${REGION}:${HUB}:gateway/*` }, /which is not the gateway/],
            ["another service", "apigateway.amazonaws.com", { sourceArn: "arn:aws:execute-api:us-east-1:111111111111:abc/*" }, /allows "apigateway.amazonaws.com"/],
            ["the gateway role, another action", ROLE_ARN, { action: "lambda:*" }, /grants "lambda:\*" on a gateway target function/],
            ["a function URL for anyone", "*", { action: "lambda:InvokeFunctionUrl" }, /grants "lambda:InvokeFunctionUrl"/],
        ];
        for (const [what, principal, extra, message] of refused) {
            it(`refuses ${what}`, () => {
                const r = check(principal, extra);
                assert.deepEqual(r.deferred, []);
                assert.equal(r.problems.length, 1);
                assert.equal(r.problems[0].invariant, "I5");
                assert.match(r.problems[0].message, message);
                assert.ok(r.problems[0].fix.includes("service role ARN"));
            });
        }

        it("defers by name what is unknown", () => {
            assert.match(check(UNKNOWN).deferred.join(), /its principal is unknown/);
            assert.match(check("bedrock-agentcore.amazonaws.com", { sourceArn: UNKNOWN }).deferred.join(), /its sourceArn is unknown/);
            assert.match(check(ROLE_ARN, { gateway: { roleArn: UNKNOWN } }).deferred.join(), /the gateway's role ARN is unknown/);
            // An exact ARN of this gateway's name, while the gateway's id is not assigned yet.
            assert.match(check("bedrock-agentcore.amazonaws.com", { sourceArn: GATEWAY_ARN, gateway: { gatewayArn: UNKNOWN } }).deferred.join(), /cannot be told until the gateway exists/);
            for (const r of [check(UNKNOWN), check(ROLE_ARN, { gateway: { roleArn: UNKNOWN } })]) assert.deepEqual(r.problems, []);
        });

        it("a function is named by its name, a partial ARN or an ARN, with or without a qualifier", () => {
            const arn = lambdaFunctionRef(`arn:aws:lambda:${REGION}:${HUB}:function:refunds`)!;
            for (const v of ["refunds", "refunds:live", `${HUB}:function:refunds`, `arn:aws:lambda:${REGION}:${HUB}:function:refunds:3`]) assert.ok(sameFunction(lambdaFunctionRef(v)!, arn), v);
            for (const v of ["orders", `${OTHER}:function:refunds`, `arn:aws:lambda:eu-west-1:${HUB}:function:refunds`]) assert.ok(!sameFunction(lambdaFunctionRef(v)!, arn), v);
        });
    });

    describe("the pack over AWS's example stack", () => {
        const example = IAM_EXAMPLES.find((e) => e.id === "prereq-lambda-resource-policy")!;
        for (const provider of PROVIDERS) {
            it(`${provider}: the example is judged (accepted), and the same stack with Principal "*" is refused`, () => {
                const secure = exampleStack(example, provider);
                assert.deepEqual(evaluateStack(secure.model).violations.filter((v) => v.policy === POLICY), []);
                const open = exampleStack({ ...example, document: { ...example.document, Statement: [{ ...example.document.Statement[0], Principal: { AWS: "*" } }] } }, provider);
                const found = evaluateStack(open.model).violations.filter((v) => v.policy === POLICY);
                assert.equal(found.length, 1);
                assert.equal(found[0].urn, open.holder.urn);
                assert.match(found[0].problem.message, /^Permission "gateway-invoke" \(on the function of AgentcoreGatewayTarget "fn0"|^Permission "gateway-invoke" \(on the function of GatewayTarget "fn0"/);
            });
        }
    });

    describe("the pack over programs", () => {
        type Variant = { principal?: "role" | "star" | "otherRoot" | "serviceNoSource" | "servicePattern" | "roleOutput"; fn?: "name" | "arn" | "resource" | "other" };

        /** A hand-written hub: gateway, role, one function and its Lambda target, and one permission on a function. */
        function rawHub(native: boolean, v: Variant): void {
            const hub = new aws.Provider("hub-aws", { region: REGION, allowedAccountIds: [HUB] });
            const hubNative = new awsnative.Provider("hub-aws-native", { region: REGION, allowedAccountIds: [HUB] });
            const role = new aws.iam.Role("gateway-role", {
                name: "org-tools-gateway",
                path: "/agentcore/",
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": HUB }, ArnLike: { "aws:SourceArn": PATTERN } } }] }),
            }, { provider: hub });
            const execRole = new aws.iam.Role("exec", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, { provider: hub });
            const code = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") });
            const fn = new aws.lambda.Function("refunds", { name: "org-tools-refunds", runtime: "nodejs20.x", handler: "index.handler", role: execRole.arn, code }, { provider: hub });
            const other = new aws.lambda.Function("unrelated", { name: "unrelated", runtime: "nodejs20.x", handler: "index.handler", role: execRole.arn, code }, { provider: hub });
            const gateway = new aws.bedrock.AgentcoreGateway("gateway", { name: "org-tools", roleArn: ROLE_ARN, protocolType: "MCP", authorizerType: "AWS_IAM" }, { provider: hub, dependsOn: [role] });
            new aws.bedrock.AgentcoreGatewayTarget("refunds-target", {
                gatewayIdentifier: gateway.gatewayId,
                name: "refunds",
                credentialProviderConfiguration: { gatewayIamRole: {} },
                targetConfiguration: { mcp: { lambda: { lambdaArn: fn.arn, toolSchema: { inlinePayloads: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object" } }] } } } },
            }, { provider: hub });
            const principal = {
                role: ROLE_ARN,
                roleOutput: role.arn,
                star: "*",
                otherRoot: `arn:aws:iam::${OTHER}:root`,
                serviceNoSource: "bedrock-agentcore.amazonaws.com",
                servicePattern: "bedrock-agentcore.amazonaws.com",
            }[v.principal ?? "role"];
            const sourceArn = v.principal === "servicePattern" ? PATTERN : undefined;
            const target = { name: "org-tools-refunds", arn: `arn:aws:lambda:${REGION}:${HUB}:function:org-tools-refunds`, resource: fn.arn, other: other.arn }[v.fn ?? "name"];
            if (native) new awsnative.lambda.Permission("refunds-invoke", { action: INVOKE, functionName: target, principal, sourceArn }, { provider: hubNative });
            else new aws.lambda.Permission("refunds-invoke", { action: INVOKE, function: target, principal, sourceArn }, { provider: hub });
        }

        async function verdict(program: () => void, mode: EngineMode): Promise<{ violations: string[]; deferred: string[] }> {
            const stack: CapturedStack = await runUnderMocks(program, { mode, project: "lambda-permission", stack: "dev" });
            clearDeclarations();
            const result = evaluateStack(stackModelOf(stack));
            return { violations: result.violations.filter((x) => x.policy === POLICY).map((x) => x.problem.message), deferred: result.deferred.filter((x) => x.policy === POLICY).map((x) => x.item) };
        }

        it("is registered as a stack policy of the pack", () => {
            assert.ok(STACK_POLICIES.some((p) => p.name === POLICY && p.invariants.includes("I5")));
        });

        for (const native of [false, true]) {
            const kind = native ? "aws-native:lambda:Permission" : "aws.lambda.Permission";
            for (const mode of ["preview", "update"] as EngineMode[]) {
                for (const fn of ["name", "arn", "resource"] as const) {
                    it(`${kind}, ${mode}: the gateway role on the target function (named by ${fn}) is admitted, nothing deferred`, async () => {
                        assert.deepEqual(await verdict(() => rawHub(native, { fn }), mode), { violations: [], deferred: [] });
                    });
                }
                it(`${kind}, ${mode}: AgentCore with sourceArn = the gateway's pattern is admitted`, async () => {
                    assert.deepEqual(await verdict(() => rawHub(native, { principal: "servicePattern" }), mode), { violations: [], deferred: [] });
                });
                for (const principal of ["star", "otherRoot", "serviceNoSource"] as const) {
                    it(`${kind}, ${mode}: principal ${principal} on the target function is refused`, async () => {
                        const r = await verdict(() => rawHub(native, { principal }), mode);
                        assert.equal(r.violations.length, 1, r.violations.join("\n"));
                        assert.match(r.violations[0], /^Permission "refunds-invoke" \(on the function of AgentcoreGatewayTarget "refunds-target"\)/);
                    });
                }
                it(`${kind}, ${mode}: principal "*" on a function no gateway targets is not this policy's`, async () => {
                    assert.deepEqual(await verdict(() => rawHub(native, { principal: "star", fn: "other" }), mode), { violations: [], deferred: [] });
                });
            }
            it(`${kind}: the gateway role's unknown ARN at a first preview is deferred by name, decided at update`, async () => {
                const preview = await verdict(() => rawHub(native, { principal: "roleOutput" }), "preview");
                assert.deepEqual(preview.violations, []);
                assert.equal(preview.deferred.length, 1);
                assert.match(preview.deferred[0], /its principal is unknown.*"principal" is unknown until the resources it derives from exist/);
                assert.deepEqual(await verdict(() => rawHub(native, { principal: "roleOutput" }), "update"), { violations: [], deferred: [] });
            });
        }

        for (const mode of ["preview", "update"] as EngineMode[]) {
            for (const open of [false, true]) it(`AgentGatewayHub's Lambda targets (created and existing functions), ${mode}: ${open ? "a hand-written \"*\" permission on the created function is refused" : "admitted, nothing deferred"}`, async () => {
                const r = await verdict(() => {
                    const hub = accountProviders("hub", HUB, REGION);
                    const fn = new aws.lambda.Function("existing", { name: "existing", runtime: "nodejs20.x", handler: "index.handler", role: `arn:aws:iam::${HUB}:role/exec`, code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") }) }, { provider: hub.aws });
                    const tool = { name: "process_refund", description: "Refund", inputSchema: { type: "object" as const } };
                    const h = new AgentGatewayHub("hub", {
                        gatewayName: "org-tools",
                        targets: [
                            { kind: "lambda", name: "refunds", create: { code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") }), handler: "index.handler" }, tools: [tool] },
                            { kind: "lambda", name: "existing", function: fn, tools: [tool] },
                        ],
                    }, { providers: hub.list });
                    if (open) new aws.lambda.Permission("open", { action: INVOKE, function: (h.targets[0] as LambdaTarget).functionArn, principal: "*" }, { provider: hub.aws });
                }, mode);
                if (!open) assert.deepEqual(r, { violations: [], deferred: [] });
                else {
                    assert.deepEqual(r.deferred, []);
                    assert.equal(r.violations.length, 1, r.violations.join("\n"));
                    assert.match(r.violations[0], /^Permission "open" \(on the function of GatewayTarget "hub-refunds[^"]*"\): allows "\*"/);
                }
            });
        }
    });
});
