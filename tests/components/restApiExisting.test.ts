import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { CapturedResource, CapturedStack, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { WireObject, WireValue, isUnknownValue, toReadValue } from "../../checker/engine/wire";
import { AgentGatewayHub } from "../../components";
import { buildRestApiResourcePolicy, checkRestApiResourcePolicy } from "../../invariants";

/**
 * RestApiTarget with `existing`: the program builds its own REST API from raw `@pulumi/aws`
 * resources and hands it to the hub, which adds the gateway-only resource policy (I5), a
 * deployment redeployed on change (I6), the stage, the gateway target, and the gateway role's
 * execute-api permissions (I3). A method that is not AWS_IAM must stop the deployment (I4).
 */

type Mode = "preview" | "update";

const ACCOUNT = "111111111111";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/agentcore-hub/org-tools-gateway`;
const SOURCE_ARN = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/org-tools-??????????`;
const EXPOSED = [
    { stage: "v1", method: "GET", path: "/orders/{id}" },
    { stage: "v1", method: "POST", path: "/orders" },
];

interface ProgramOptions {
    /** Authorization of GET /orders/{id}. @default "AWS_IAM" */
    getAuthorization?: string;
    apiKeyRequired?: boolean;
    /** A third method (DELETE /orders/{id}, not exposed) in `methods`: a change to the API's methods. */
    extraMethod?: boolean;
}

/** An API the program builds itself: two resources, two methods with MOCK integrations. */
function existingApiProgram(o: ProgramOptions = {}): () => void {
    return () => {
        const api = new aws.apigateway.RestApi("orders-api", { name: "orders-api", endpointConfiguration: { types: "REGIONAL" } });
        const orders = new aws.apigateway.Resource("orders", { restApi: api.id, parentId: api.rootResourceId, pathPart: "orders" });
        const order = new aws.apigateway.Resource("order", { restApi: api.id, parentId: orders.id, pathPart: "{id}" });
        const method = (name: string, resource: aws.apigateway.Resource, httpMethod: string, authorization = "AWS_IAM", apiKeyRequired?: boolean) => {
            const m = new aws.apigateway.Method(name, { restApi: api.id, resourceId: resource.id, httpMethod, authorization, apiKeyRequired });
            const i = new aws.apigateway.Integration(name, { restApi: api.id, resourceId: resource.id, httpMethod: m.httpMethod, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
            return { m, i };
        };
        const get = method("get-order", order, "GET", o.getAuthorization ?? "AWS_IAM", o.apiKeyRequired);
        const post = method("create-order", orders, "POST");
        const extra = o.extraMethod ? [method("delete-order", order, "DELETE")] : [];
        new AgentGatewayHub("hub", {
            gatewayName: "org-tools",
            allowDefaultProviders: true,
            targets: [
                {
                    kind: "restApi",
                    name: "orders",
                    existing: {
                        restApi: api,
                        methods: [get.m, post.m, ...extra.map((e) => e.m)],
                        integrations: [get.i, post.i, ...extra.map((e) => e.i)],
                        operations: [
                            { path: "/orders/{id}", method: "GET", toolName: "GetOrder", description: "Read one order" },
                            { path: "/orders", method: "POST", toolName: "CreateOrder", description: "Place an order", inputSchema: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] } },
                        ],
                    },
                },
            ],
        });
    };
}

function ofType(stack: CapturedStack, type: string): CapturedResource[] {
    return stack.resources.filter((r) => r.type === type);
}

function only(stack: CapturedStack, type: string, name?: string): CapturedResource {
    const found = ofType(stack, type).filter((r) => name === undefined || r.name === name);
    assert.strictEqual(found.length, 1, `expected one ${type}${name ? ` "${name}"` : ""}, got ${found.map((r) => r.name).join(", ") || "none"}`);
    return found[0];
}

function at(value: WireValue | undefined, ...keys: (string | number)[]): WireValue | undefined {
    let current = value;
    for (const key of keys) {
        if (current === null || typeof current !== "object") return undefined;
        current = Array.isArray(current) ? current[key as number] : (current as WireObject)[key as string];
    }
    return current;
}

function urnOf(stack: CapturedStack, type: string, name: string): string {
    return only(stack, type, name).urn;
}

function trigger(stack: CapturedStack): WireValue | undefined {
    return at(only(stack, "aws:apigateway/deployment:Deployment").inputs, "triggers", "redeployment");
}

async function failure(run: Promise<CapturedStack>): Promise<ProgramRunError> {
    try {
        await run;
    } catch (e) {
        assert.ok(e instanceof ProgramRunError, `expected a ProgramRunError, got ${String(e)}`);
        return e;
    }
    assert.fail("expected the program to fail");
}

for (const mode of ["preview", "update"] as Mode[]) {
    describe(`RestApiTarget with an existing REST API (${mode} mode)`, () => {
        let stack: CapturedStack;
        let apiId: string | undefined;
        before(async () => {
            stack = await runUnderMocks(existingApiProgram(), { mode, project: "existing-api", stack: mode });
            apiId = only(stack, "aws:apigateway/restApi:RestApi").id;
        });

        it("adopts the program's API: no API, Lambda permission or OpenAPI body of its own", () => {
            assert.deepStrictEqual(ofType(stack, "aws-native:apigateway:RestApi"), []);
            assert.deepStrictEqual(ofType(stack, "aws:lambda/permission:Permission"), []);
            if (mode === "preview") assert.strictEqual(apiId, undefined, "the API id is unknown at a first preview");
            else assert.match(String(apiId), /^[0-9a-z]{10}$/);
        });

        it("I5: an aws.apigateway.RestApiPolicy with the gateway-only document, decided at preview", () => {
            const rp = only(stack, "aws:apigateway/restApiPolicy:RestApiPolicy");
            if (mode === "preview") assert.ok(isUnknownValue(rp.inputs.restApiId));
            else assert.strictEqual(rp.inputs.restApiId, apiId);
            // Built from account, role path and gateway name only: a known JSON string even at a first preview.
            const policy = JSON.parse(String(rp.inputs.policy)) as unknown;
            assert.deepStrictEqual(policy, buildRestApiResourcePolicy({ gatewayRoleArn: ROLE_ARN, gatewaySourceArn: SOURCE_ARN, hubAccountId: ACCOUNT, exposed: EXPOSED }));
            assert.deepStrictEqual(checkRestApiResourcePolicy(toReadValue(rp.inputs.policy), { gatewayRoleArns: [ROLE_ARN] }), { problems: [], deferred: [] });
        });

        it("I6: the deployment waits for the policy, every method and integration, and has a redeployment trigger", () => {
            const dep = only(stack, "aws:apigateway/deployment:Deployment");
            for (const [type, name] of [
                ["aws:apigateway/restApiPolicy:RestApiPolicy", "hub-orders-policy"],
                ["aws:apigateway/method:Method", "get-order"],
                ["aws:apigateway/method:Method", "create-order"],
                ["aws:apigateway/integration:Integration", "get-order"],
                ["aws:apigateway/integration:Integration", "create-order"],
            ]) {
                assert.ok(dep.dependencies.includes(urnOf(stack, type, name)), `the deployment depends on ${type} ${name}`);
            }
            if (mode === "preview") {
                // The trigger hashes the methods' facts, and their resource ids are not known yet.
                assert.ok(isUnknownValue(trigger(stack)));
                assert.ok(isUnknownValue(dep.inputs.restApi));
            } else {
                assert.match(String(trigger(stack)), /^[0-9a-f]{64}$/);
                assert.strictEqual(dep.inputs.restApi, apiId);
            }
            const stage = only(stack, "aws:apigateway/stage:Stage");
            assert.strictEqual(stage.inputs.stageName, "v1");
            if (mode === "update") assert.strictEqual(stage.inputs.deployment, dep.id);
        });

        it("the gateway target names every exposed operation: tool filters and overrides", () => {
            const target = only(stack, "aws-native:bedrockagentcore:GatewayTarget");
            const apiGateway = at(target.inputs, "targetConfiguration", "mcp", "apiGateway") as WireObject;
            if (mode === "preview") assert.ok(isUnknownValue(apiGateway.restApiId));
            else assert.strictEqual(apiGateway.restApiId, apiId);
            assert.strictEqual(apiGateway.stage, "v1");
            assert.deepStrictEqual(apiGateway.apiGatewayToolConfiguration, {
                toolFilters: [
                    { filterPath: "/orders/{id}", methods: ["GET"] },
                    { filterPath: "/orders", methods: ["POST"] },
                ],
                toolOverrides: [
                    { name: "GetOrder", path: "/orders/{id}", method: "GET", description: "Read one order" },
                    { name: "CreateOrder", path: "/orders", method: "POST", description: "Place an order" },
                ],
            });
            assert.deepStrictEqual(target.inputs.credentialProviderConfigurations, [{ credentialProviderType: "GATEWAY_IAM_ROLE" }]);
        });

        it("I3: the gateway role may invoke exactly the exposed methods of the adopted API", () => {
            const rolePolicy = only(stack, "aws-native:iam:RolePolicy");
            const statements = at(rolePolicy.inputs, "policyDocument", "Statement") as WireObject[];
            const invoke = statements.find((s) => s.Sid === "Invokeorders");
            assert.ok(invoke, "a statement for the orders target");
            assert.strictEqual(invoke.Action, "execute-api:Invoke");
            if (mode === "preview") {
                assert.deepStrictEqual((invoke.Resource as WireValue[]).map(isUnknownValue), [true, true], "one unknown leaf per method (the API id)");
                const from = (rolePolicy.propertyDependencies.policyDocument ?? []).map((urn) => stack.resources.find((r) => r.urn === urn)!.type);
                assert.ok(from.includes("aws:apigateway/restApi:RestApi"), `the unknown leaves derive from the adopted API (${from.join(", ")})`);
            } else {
                assert.deepStrictEqual(invoke.Resource, [
                    `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/v1/GET/orders/*`,
                    `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/v1/POST/orders`,
                ]);
            }
        });
    });
}

describe("RestApiTarget with an existing REST API: I6 trigger and I4 enforcement", () => {
    it("I6: the trigger is stable for the same API and changes when its methods change", async () => {
        const first = trigger(await runUnderMocks(existingApiProgram(), { mode: "update" }));
        const again = trigger(await runUnderMocks(existingApiProgram(), { mode: "update" }));
        const changed = trigger(await runUnderMocks(existingApiProgram({ extraMethod: true }), { mode: "update" }));
        assert.strictEqual(again, first);
        assert.notStrictEqual(changed, first);
    });

    it('I4: a method with authorization "NONE" fails the update before the deployment is registered', async () => {
        const err = await failure(runUnderMocks(existingApiProgram({ getAuthorization: "NONE" }), { mode: "update" }));
        assert.match(err.message, /RestApiTarget "hub-orders": \[I4\] Method GET .* uses authorization "NONE": it is open/);
        assert.match(err.message, /Fix: Set authorization: "AWS_IAM" on every method the gateway exposes/);
        const types = err.captured.resources.map((r) => r.type);
        for (const t of ["aws:apigateway/deployment:Deployment", "aws:apigateway/stage:Stage", "aws-native:bedrockagentcore:GatewayTarget"]) {
            assert.ok(!types.includes(t), `${t} must not be registered`);
        }
    });

    it("I4: a method that also requires an API key fails the update (AgentCore would skip it)", async () => {
        const err = await failure(runUnderMocks(existingApiProgram({ apiKeyRequired: true }), { mode: "update" }));
        assert.match(err.message, /\[I4\] Method GET .* requires an API key as well as AWS_IAM/);
    });

    it('I4: at a first preview the "NONE" method is deferred (its resource id is unknown), not passed: the trigger stays unknown', async () => {
        const stack = await runUnderMocks(existingApiProgram({ getAuthorization: "NONE" }), { mode: "preview" });
        assert.ok(isUnknownValue(trigger(stack)));
        assert.strictEqual(only(stack, "aws:apigateway/method:Method", "get-order").inputs.authorization, "NONE", "visible to the policy pack at preview");
    });
});
