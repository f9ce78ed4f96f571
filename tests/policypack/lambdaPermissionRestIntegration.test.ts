import { strict as assert } from "node:assert";
import { TargetGateway, buildApiGatewayIntegrationPermission, checkLambdaTargetPermission } from "../../invariants/documents/lambdaPermission";
import { UNKNOWN } from "../../invariants/unknown";
import { CliResult, FIXTURES, assertBuilt, assertExit, jsonReport, runAll } from "../checker/cli";

/**
 * A function that is a gateway's Lambda target AND the Lambda integration of a REST API target
 * of the same gateway (issue 11): the REST API target's `apigateway.amazonaws.com` permission on
 * it is a call through the gateway (the API admits only the gateway), so I5 admits it; API
 * Gateway for any other API stays refused. The rule directly, then the pack on the components
 * (tests/fixtures/checker/shared-function) through `agentcore-hub check` (`npm run build` first).
 */

const HUB = "111111111111";
const REGION = "us-east-1";
const API_ID = "a1b2c3d4e5";
const METHOD_ARN = `arn:aws:execute-api:${REGION}:${HUB}:${API_ID}/*/GET/orders/*`;
const FIX =
    'Grant only the gateway: principal = the gateway\'s service role ARN, action = "lambda:InvokeFunction" (LambdaTarget writes exactly this); or bedrock-agentcore.amazonaws.com with sourceArn = this gateway; ' +
    "or apigateway.amazonaws.com with sourceArn = a method of a REST API target of this gateway (RestApiTarget writes this). Let other callers reach the tool through the gateway.";
const GATEWAY: TargetGateway = {
    name: "org-tools",
    roleArn: `arn:aws:iam::${HUB}:role/agentcore/org-tools-gateway`,
    gatewayArn: UNKNOWN,
    accountId: HUB,
    region: REGION,
    restApis: [{ restApiId: API_ID }],
};
const ofApiGateway = (sourceArn: string | typeof UNKNOWN | undefined, gateway: Partial<TargetGateway> = {}) =>
    checkLambdaTargetPermission({ action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", sourceArn }, [{ ...GATEWAY, ...gateway }], "p");

describe("Lambda target permissions (I5): a target function that is also a REST API target's integration", function () {
    this.timeout(300_000);

    describe("the rule", () => {
        it("what RestApiTarget writes (buildApiGatewayIntegrationPermission) for this gateway's REST API target is admitted", () => {
            const built = buildApiGatewayIntegrationPermission({ functionArn: `arn:aws:lambda:${REGION}:${HUB}:function:orders`, methodSourceArn: METHOD_ARN });
            assert.deepEqual(built, { action: "lambda:InvokeFunction", function: `arn:aws:lambda:${REGION}:${HUB}:function:orders`, principal: "apigateway.amazonaws.com", sourceArn: METHOD_ARN });
            assert.deepEqual(checkLambdaTargetPermission({ action: built.action, principal: built.principal, sourceArn: built.sourceArn }, [GATEWAY], "p"), { problems: [], deferred: [] });
        });

        it("refuses API Gateway for another API, another account, an API wildcard, or without sourceArn, with the fix", () => {
            const notTarget = (arn: string) =>
                `p: allows apigateway.amazonaws.com with sourceArn "${arn}", which is not a REST API target of the gateway that targets this function (only the hub gateway can invoke a target).`;
            for (const arn of [`arn:aws:execute-api:${REGION}:${HUB}:zzzzzzzzzz/*/GET/orders/*`, `arn:aws:execute-api:${REGION}:444455556666:${API_ID}/*/GET/orders/*`, `arn:aws:execute-api:${REGION}:${HUB}:*/*/GET/orders/*`]) {
                assert.deepEqual(ofApiGateway(arn), { problems: [{ invariant: "I5", message: notTarget(arn), fix: FIX }], deferred: [] });
            }
            assert.deepEqual(ofApiGateway(undefined).problems, [
                { invariant: "I5", message: "p: allows apigateway.amazonaws.com to invoke a gateway target function without sourceArn: every API Gateway API in every account could invoke it.", fix: FIX },
            ]);
        });

        it("defers by name: an unknown sourceArn, or a REST API target whose id is unknown", () => {
            assert.deepEqual(ofApiGateway(UNKNOWN), { problems: [], deferred: ["p: its sourceArn is unknown, so whether it names a REST API target of this gateway is checked at pulumi up"] });
            assert.deepEqual(ofApiGateway(METHOD_ARN, { restApis: [{ restApiId: UNKNOWN }] }), {
                problems: [],
                deferred: [`p: whether sourceArn "${METHOD_ARN}" is a REST API target of this gateway cannot be told until the ids of its REST API targets (and its account and Region) are known`],
            });
        });

        it("a gateway without REST API targets: API Gateway on its target function is refused as before", () => {
            assert.deepEqual(ofApiGateway(METHOD_ARN, { restApis: [] }).problems, [
                { invariant: "I5", message: 'p: allows "apigateway.amazonaws.com" to invoke a gateway target function; only the hub gateway (its service role) can invoke a target.', fix: FIX },
            ]);
        });
    });

    describe("the pack on AgentGatewayHub (agentcore-hub check)", () => {
        const OTHER_API = `arn:aws:execute-api:${REGION}:${HUB}:abcdef1234/*/GET/orders/*`;
        let runs: Record<"preview" | "update" | "otherApi", CliResult>;

        before(async () => {
            assertBuilt();
            runs = await runAll({
                preview: ["check", `${FIXTURES}/shared-function`, "--format", "json"],
                update: ["check", `${FIXTURES}/shared-function`, "--mode", "update", "--format", "json"],
                otherApi: ["check", `${FIXTURES}/shared-function`, "--mode", "update", "--format", "json", "--config", `otherApiSourceArn=${OTHER_API}`],
            });
        });

        it("first preview: no violation (it was refused before); the REST API's unknown sourceArn is deferred by name", () => {
            assertExit(runs.preview, 0);
            const report = jsonReport(runs.preview);
            assert.deepEqual(report.violations, []);
            assert.deepEqual(report.deferred.map((d) => [d.policy, d.resource.name, d.items]), [
                [
                    "agentcore-lambda-target-permission",
                    "hub-orders-http-get-GetOrder",
                    [
                        'Permission "hub-orders-http-get-GetOrder" (on the function of GatewayTarget "hub-orders-target"): its sourceArn is unknown, so whether it names a REST API target of this gateway is checked at pulumi up ("sourceArn" is unknown until the resources it derives from exist (1 in this stack))',
                    ],
                ],
            ]);
        });

        it("update: admitted, nothing deferred", () => {
            assertExit(runs.update, 0);
            const report = jsonReport(runs.update);
            assert.deepEqual([report.violations, report.deferred], [[], []]);
        });

        it("update: API Gateway for an API that is not a target of this gateway, on the same function, is refused", () => {
            assertExit(runs.otherApi, 1);
            const report = jsonReport(runs.otherApi);
            assert.deepEqual(report.violations.map((v) => [v.policy, v.resource.name, v.message, v.fix]), [
                [
                    "agentcore-lambda-target-permission",
                    "other-api",
                    `Permission "other-api" (on the function of GatewayTarget "hub-orders-target"): allows apigateway.amazonaws.com with sourceArn "${OTHER_API}", which is not a REST API target of the gateway that targets this function (only the hub gateway can invoke a target).`,
                    FIX,
                ],
            ]);
        });
    });
});
