import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, CapturedStack, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { runProgramFile } from "../../checker/engine/programFile";
import { WireObject, WireValue, unwrapSecrets } from "../../checker/engine/wire";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const STACK_URN = "urn:pulumi:stack::project::pulumi:pulumi:Stack::project-stack";

function byName(stack: CapturedStack, name: string): CapturedResource {
    const found = stack.resources.find((r) => r.name === name);
    assert.ok(found, `no resource named ${name} in ${stack.resources.map((r) => r.urn).join(", ")}`);
    return found;
}

function at(value: WireValue | undefined, ...keys: (string | number)[]): WireValue | undefined {
    let current: WireValue | undefined = value;
    for (const key of keys) {
        if (current === null || typeof current !== "object") return undefined;
        current = Array.isArray(current) ? current[key as number] : (current as WireObject)[key as string];
    }
    return current;
}

async function rejection(promise: Promise<unknown>): Promise<ProgramRunError> {
    try {
        await promise;
    } catch (err) {
        assert.ok(err instanceof ProgramRunError, `expected a ProgramRunError, got ${String(err)}`);
        return err;
    }
    assert.fail("expected the run to reject");
}

/** A lambda in the spoke account whose ARN feeds one leaf of an aws-native role's inline policy. */
function roleWithForeignLeaf(): void {
    const spoke = new aws.Provider("spoke", {
        region: "eu-west-1",
        assumeRoles: [{ roleArn: "arn:aws:iam::222222222222:role/deployer" }],
    });
    const nativeSpoke = new awsnative.Provider("native-spoke", {
        region: "eu-west-1",
        assumeRole: { roleArn: "arn:aws:iam::222222222222:role/deployer" },
    });
    const fn = new aws.lambda.Function(
        "target",
        {
            name: "target-fn",
            role: "arn:aws:iam::222222222222:role/lambda-exec",
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }),
        },
        { provider: spoke },
    );
    new awsnative.iam.Role(
        "gateway-role",
        {
            roleName: "gw-role",
            assumeRolePolicyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole" }],
            },
            policies: [
                {
                    policyName: "invoke",
                    policyDocument: {
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [fn.arn, "arn:aws:lambda:eu-west-1:222222222222:function:fixed"] }],
                    },
                },
            ],
        },
        { provider: nativeSpoke },
    );
}

describe("engine/capture: runUnderMocks", function () {
    this.timeout(60_000);

    describe("preview mode (a first preview)", () => {
        let stack: CapturedStack;
        before(async () => {
            stack = await runUnderMocks(roleWithForeignLeaf, { mode: "preview" });
        });

        it("leaves exactly the leaf that comes from another resource unknown", () => {
            const statement = at(byName(stack, "gateway-role").inputs, "policies", 0, "policyDocument", "Statement", 0);
            assert.deepEqual(statement, {
                Effect: "Allow",
                Action: "lambda:InvokeFunction",
                Resource: [UNKNOWN, "arn:aws:lambda:eu-west-1:222222222222:function:fixed"],
            });
            assert.equal(at(byName(stack, "gateway-role").inputs, "policies", 0, "policyName"), "invoke");
        });

        it("names the resource the unknown came from in propertyDependencies and dependencies", () => {
            const role = byName(stack, "gateway-role");
            const fnUrn = "urn:pulumi:stack::project::aws:lambda/function:Function::target";
            assert.deepEqual(role.propertyDependencies, { policies: [fnUrn] });
            assert.deepEqual(role.dependencies, [fnUrn]);
        });

        it("keeps ids and computed outputs unknown", () => {
            const role = byName(stack, "gateway-role");
            assert.equal(role.id, undefined);
            assert.equal(role.outputs.arn, UNKNOWN);
            assert.equal(role.outputs.roleId, UNKNOWN);
            assert.equal(role.outputs.roleName, "gw-role");
            assert.equal(byName(stack, "target").outputs.arn, UNKNOWN);
        });

        it("records the root stack, explicit providers and provider references", () => {
            // Registrations arrive as their inputs resolve, so only the root stack's place is fixed.
            assert.equal(stack.resources[0].urn, STACK_URN);
            assert.deepEqual(
                stack.resources.map((r) => [r.type, r.name, r.custom, r.origin]).sort(),
                [
                    ["aws-native:iam:Role", "gateway-role", true, "program"],
                    ["aws:lambda/function:Function", "target", true, "program"],
                    ["pulumi:providers:aws", "spoke", true, "program"],
                    ["pulumi:providers:aws-native", "native-spoke", true, "program"],
                    ["pulumi:pulumi:Stack", "project-stack", false, "program"],
                ],
            );
            const spoke = byName(stack, "spoke");
            assert.equal(spoke.parent, STACK_URN);
            assert.equal(spoke.inputs.region, "eu-west-1");
            assert.equal(spoke.inputs.assumeRoles, '[{"roleArn":"arn:aws:iam::222222222222:role/deployer"}]');
            assert.equal(byName(stack, "target").provider?.urn, spoke.urn);
            assert.equal(byName(stack, "target").provider?.ref, `${spoke.urn}::${spoke.id}`);
        });
    });

    describe("update mode", () => {
        let stack: CapturedStack;
        before(async () => {
            stack = await runUnderMocks(roleWithForeignLeaf, { mode: "update" });
        });

        it("synthesizes ARNs in the account and Region of the resource's provider", () => {
            assert.equal(byName(stack, "target").outputs.arn, "arn:aws:lambda:eu-west-1:222222222222:function:target-fn");
            assert.equal(byName(stack, "target").id, "target-fn");
            const role = byName(stack, "gateway-role");
            assert.equal(role.id, "gw-role");
            assert.equal(role.outputs.arn, "arn:aws:iam::222222222222:role/gw-role");
            assert.match(String(role.outputs.roleId), /^AROA[A-Z0-9]{17}$/);
        });

        it("feeds synthesized outputs into the inputs that consume them", () => {
            assert.deepEqual(at(byName(stack, "gateway-role").inputs, "policies", 0, "policyDocument", "Statement", 0, "Resource"), [
                "arn:aws:lambda:eu-west-1:222222222222:function:target-fn",
                "arn:aws:lambda:eu-west-1:222222222222:function:fixed",
            ]);
        });

        it("gives AgentCore gateways ids of the real shape, the same on every run", async () => {
            const program = () => {
                new awsnative.bedrockagentcore.Gateway("hub", { name: "HubGateway", authorizerType: "AWS_IAM", protocolType: "MCP", roleArn: "arn:aws:iam::111111111111:role/gw" });
            };
            const first = byName(await runUnderMocks(program, { mode: "update" }), "hub");
            const second = byName(await runUnderMocks(program, { mode: "update" }), "hub");
            const id = String(first.outputs.gatewayIdentifier);
            assert.match(id, /^hubgateway-[0-9a-z]{10}$/);
            assert.equal(first.id, id);
            assert.equal(first.outputs.gatewayArn, `arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${id}`);
            assert.equal(first.outputs.gatewayUrl, `https://${id}.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp`);
            assert.equal(second.outputs.gatewayIdentifier, id);
        });

        it("builds API Gateway stage URLs and resource paths from the ids it assigned", async () => {
            const stackOut = await runUnderMocks(
                () => {
                    const api = new aws.apigateway.RestApi("api", { name: "tools" });
                    const items = new aws.apigateway.Resource("items", { restApi: api.id, parentId: api.rootResourceId, pathPart: "items" });
                    new aws.apigateway.Resource("item", { restApi: api.id, parentId: items.id, pathPart: "{id}" });
                    const deployment = new aws.apigateway.Deployment("deployment", { restApi: api.id });
                    new aws.apigateway.Stage("prod", { restApi: api.id, deployment: deployment.id, stageName: "prod" });
                },
                { mode: "update", config: { "aws:region": "eu-west-1" } },
            );
            const apiId = String(byName(stackOut, "api").id);
            assert.match(apiId, /^[0-9a-z]{10}$/);
            assert.equal(byName(stackOut, "api").outputs.executionArn, `arn:aws:execute-api:eu-west-1:111111111111:${apiId}`);
            assert.equal(byName(stackOut, "item").outputs.path, "/items/{id}");
            assert.equal(byName(stackOut, "prod").outputs.invokeUrl, `https://${apiId}.execute-api.eu-west-1.amazonaws.com/prod`);
        });
    });

    describe("values as the engine hands them to analyzers", () => {
        it("downgrades a resource passed as input to its id: unknown at preview, the name at update", async () => {
            const program = () => {
                const role = new aws.iam.Role("exec", { name: "exec-role", assumeRolePolicy: "{}" });
                new aws.iam.RolePolicy("inline", { role, policy: "{}" });
            };
            const previewed = byName(await runUnderMocks(program, { mode: "preview" }), "inline");
            assert.equal(previewed.inputs.role, UNKNOWN);
            assert.deepEqual(previewed.propertyDependencies, { role: ["urn:pulumi:stack::project::aws:iam/role:Role::exec"] });
            const updated = byName(await runUnderMocks(program, { mode: "update" }), "inline");
            assert.equal(updated.inputs.role, "exec-role");
        });

        it("keeps secrets wrapped as the engine does (KeepSecrets)", async () => {
            const stack = await runUnderMocks(() => void new aws.iam.Role("r", { name: pulumi.secret("hidden"), assumeRolePolicy: "{}" }), { mode: "preview" });
            assert.deepEqual(byName(stack, "r").inputs.name, {
                "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                value: "hidden",
            });
            assert.deepEqual(unwrapSecrets(byName(stack, "r").inputs), { name: "hidden", assumeRolePolicy: "{}" });
        });

        it("echoes inputs with id '<name>-id' for a type it has no rule for", async () => {
            const stack = await runUnderMocks(() => void new aws.sns.Topic("alerts", { name: "alerts" }), { mode: "update" });
            const topic = byName(stack, "alerts");
            assert.equal(topic.id, "alerts-id");
            assert.deepEqual(topic.outputs, { name: "alerts" });
        });

        it("answers StackReference reads from the given outputs and marks them as reads", async () => {
            const stack = await runUnderMocks(
                () => ({ hub: new pulumi.StackReference("org/hub/prod").getOutput("gatewayArn") }),
                { mode: "preview", stackReferences: { "org/hub/prod": { gatewayArn: "arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/hub-abcdefghij" } } },
            );
            assert.deepEqual(stack.stackOutputs, { hub: "arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/hub-abcdefghij" });
            const reference = byName(stack, "org/hub/prod");
            assert.equal(reference.origin, "read");
            assert.equal(reference.type, "pulumi:pulumi:StackReference");
        });
    });

    describe("invokes", () => {
        it("answers caller identity and Region from the invoke's provider", async () => {
            const stack = await runUnderMocks(
                async () => {
                    const spoke = new aws.Provider("spoke", { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::222222222222:role/deployer" }] });
                    const me = await aws.getCallerIdentity({}, { provider: spoke });
                    const region = await aws.getRegion({}, { provider: spoke });
                    const partition = await awsnative.getPartition();
                    return { account: me.accountId, arn: me.arn, region: region.region, partition: partition.partition };
                },
                { mode: "preview" },
            );
            assert.deepEqual(stack.stackOutputs, {
                account: "222222222222",
                arn: "arn:aws:sts::222222222222:assumed-role/deployer/offline-checker",
                region: "eu-west-1",
                partition: "aws",
            });
            assert.deepEqual(stack.unsupportedInvokes, []);
        });

        it("rejects an invoke that needs the cloud, naming its token", async () => {
            const err = await rejection(
                runUnderMocks(async () => {
                    await aws.ec2.getVpc({ default: true });
                }, { mode: "preview" }),
            );
            assert.deepEqual(err.unsupportedInvokes, ["aws:ec2/getVpc:getVpc"]);
            assert.equal(err.errors.length, 1);
            assert.match(err.message, /^invoke 'aws:ec2\/getVpc:getVpc' cannot be emulated offline/);
        });

        it("still reports an unsupported invoke that the program caught", async () => {
            const stack = await runUnderMocks(async () => {
                const vpc = await aws.ec2.getVpc({ default: true }).catch((e: Error) => e.message);
                return { vpc };
            }, { mode: "update" });
            assert.deepEqual(stack.unsupportedInvokes, ["aws:ec2/getVpc:getVpc"]);
            assert.equal(stack.invokes[0].token, "aws:ec2/getVpc:getVpc");
            assert.match(String(stack.invokes[0].error), /cannot be emulated offline/);
        });
    });

    describe("program failures", () => {
        it("rejects with the message of an exception thrown by the program", async () => {
            const err = await rejection(
                runUnderMocks(() => {
                    new aws.iam.Role("r", { assumeRolePolicy: "{}" });
                    throw new Error("boom in program");
                }, { mode: "preview" }),
            );
            assert.deepEqual(err.errors, ["boom in program"]);
            assert.deepEqual(err.captured.resources.map((r) => r.name), ["project-stack", "default_7_48_0", "r"]);
        });

        it("rejects with the message of an exception thrown inside apply", async () => {
            const err = await rejection(
                runUnderMocks(() => {
                    const a = new aws.iam.Role("a", { assumeRolePolicy: "{}" });
                    new aws.iam.Role("b", { assumeRolePolicy: a.arn.apply(() => { throw new Error("boom in apply"); }) });
                }, { mode: "update" }),
            );
            assert.deepEqual(err.errors, ['error serializing property "assumeRolePolicy": boom in apply']);
        });

        it("rejects on ResourceError, RunError and logged errors", async () => {
            const resourceError = await rejection(
                runUnderMocks(() => {
                    throw new pulumi.ResourceError("bad resource", new aws.iam.Role("r", { assumeRolePolicy: "{}" }));
                }, { mode: "preview" }),
            );
            assert.deepEqual(resourceError.errors, ["bad resource"]);
            const runError = await rejection(runUnderMocks(async () => { throw new pulumi.RunError("run error"); }, { mode: "preview" }));
            assert.deepEqual(runError.errors, ["run error"]);
            const logged = await rejection(runUnderMocks(() => { void pulumi.log.error("logged error"); }, { mode: "preview" }));
            assert.deepEqual(logged.errors, ["logged error"]);
        });

        it("rejects duplicate URNs, as the engine does", async () => {
            const err = await rejection(
                runUnderMocks(() => {
                    new aws.iam.Role("same", { assumeRolePolicy: "{}" });
                    new aws.iam.Role("same", { assumeRolePolicy: "{}" });
                }, { mode: "preview" }),
            );
            assert.match(err.message, /Duplicate resource URN 'urn:pulumi:stack::project::aws:iam\/role:Role::same'/);
        });
    });

    describe("runtime state", () => {
        it("does not leak resources, config or names from one run into the next", async () => {
            const first = await runUnderMocks(
                () => {
                    new aws.iam.Role("a1", { assumeRolePolicy: "{}" });
                    new aws.iam.Role("a2", { assumeRolePolicy: "{}" });
                    return { seen: new pulumi.Config().get("x") ?? "none" };
                },
                { mode: "preview", project: "first", stack: "one", config: { x: "set" } },
            );
            const second = await runUnderMocks(
                () => {
                    new aws.iam.Role("b1", { assumeRolePolicy: "{}" });
                    return { seen: new pulumi.Config().get("x") ?? "none" };
                },
                { mode: "preview" },
            );
            assert.deepEqual(first.stackOutputs, { seen: "set" });
            assert.deepEqual(second.stackOutputs, { seen: "none" });
            assert.deepEqual(second.resources.map((r) => r.urn), [
                STACK_URN,
                "urn:pulumi:stack::project::pulumi:providers:aws::default_7_48_0",
                "urn:pulumi:stack::project::aws:iam/role:Role::b1",
            ]);
            assert.ok(first.resources.every((r) => r.urn.startsWith("urn:pulumi:one::first::")));
        });

        it("records components, their children and registered outputs", async () => {
            class Hub extends pulumi.ComponentResource {
                constructor(name: string) {
                    super("test:index:Hub", name, {}, {});
                    const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: "{}" }, { parent: this });
                    this.registerOutputs({ roleArn: role.arn, size: 1 });
                }
            }
            const stack = await runUnderMocks(() => void new Hub("hub"), { mode: "preview" });
            const hub = byName(stack, "hub");
            assert.equal(hub.custom, false);
            assert.equal(hub.provider, undefined);
            assert.deepEqual(hub.outputs, { roleArn: UNKNOWN, size: 1 });
            const child = byName(stack, "hub-role");
            assert.equal(child.urn, "urn:pulumi:stack::project::test:index:Hub$aws:iam/role:Role::hub-role");
            assert.equal(child.parent, hub.urn);
        });

        it("makes config visible to pulumi.Config and to default providers", async () => {
            const stack = await runUnderMocks(
                () => ({ greeting: new pulumi.Config().require("greeting"), region: new pulumi.Config("aws").require("region") }),
                { mode: "update", project: "proj", config: { greeting: "hi", "aws:region": "eu-west-1" } },
            );
            assert.deepEqual(stack.stackOutputs, { greeting: "hi", region: "eu-west-1" });
        });
    });

    describe("runProgramFile", () => {
        const dir = path.join(__dirname, "fixtures", "program");

        it("runs a project directory with Pulumi.yaml and Pulumi.<stack>.yaml config", async () => {
            const stack = await runProgramFile(dir, { mode: "update", stack: "dev" });
            assert.equal(stack.project, "engine-fixture");
            const role = byName(stack, "fixture-role");
            assert.equal(role.urn, "urn:pulumi:dev::engine-fixture::aws:iam/role:Role::fixture-role");
            assert.equal(role.outputs.arn, "arn:aws:iam::111111111111:role/from-stack-file");
            assert.deepEqual(stack.stackOutputs, { greeting: "hello", maxTargets: 5, roleArn: "arn:aws:iam::111111111111:role/from-stack-file" });
            assert.equal(byName(stack, "default_7_48_0").inputs.region, "eu-west-1");
        });

        it("re-executes the program on every run and lets options override file config", async () => {
            const stack = await runProgramFile(dir, { mode: "preview", stack: "dev", config: { roleName: "overridden" } });
            assert.equal(byName(stack, "fixture-role").inputs.name, "overridden");
            assert.equal(stack.stackOutputs?.roleArn, UNKNOWN);
        });
    });
});
