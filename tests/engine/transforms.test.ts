import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { startPolicyPack } from "../../checker/engine/analyzerClient";
import { CapturedResource, CapturedStack, EngineMode, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { stackModelOf } from "../../checker/stackModel";
import { evaluateStack } from "../../policypack/evaluate";
import { exampleProgram } from "../policypack/support/exampleMutations";

/**
 * Fidelity of resource, parent, stack and invoke transforms in the checker engine. Each case
 * cites the line of pulumi/pulumi (at 1b5949891b3cefcb9974752b24a5ecef0acc86c8) it follows;
 * "source_eval.go" is pkg/resource/deploy/source_eval.go.
 */
const MODES: EngineMode[] = ["preview", "update"];
const TRUST = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };

function find(stack: CapturedStack, name: string): CapturedResource {
    const found = stack.resources.find((r) => r.name === name);
    assert.ok(found, `no resource '${name}' among ${stack.resources.map((r) => r.name).join(", ")}`);
    return found;
}

/** Resolves when an output has a value: the registration that produced it has completed. */
function settled<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** A transform appending `mark` to a role's description: the order transforms ran in is readable. */
function mark(label: string): pulumi.ResourceTransform {
    return ({ type, props, opts }) => (type === "aws:iam/role:Role" ? { props: { ...props, description: `${props.description as string}|${label}` }, opts } : undefined);
}

class Group extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions, build?: (parent: Group) => void) {
        super("test:index:Group", name, {}, opts);
        build?.(this);
        this.registerOutputs({});
    }
}

for (const mode of MODES) {
    describe(`engine transforms (${mode === "preview" ? "first preview" : "update"})`, function () {
        this.timeout(300_000);
        const run = (program: () => unknown) => runUnderMocks(program, { mode, config: { "aws:region": "us-east-1" } });

        it("a resource transform's properties are what the engine records and returns (source_eval.go:2505-2511)", async () => {
            let returned: string | undefined;
            const stack = await run(() => {
                const role = new aws.iam.Role("r", { name: "declared", assumeRolePolicy: JSON.stringify(TRUST) }, {
                    transforms: [({ props, opts }) => ({ props: { ...props, name: "transformed" }, opts })],
                });
                role.name.apply((n) => (returned = n));
            });
            const role = find(stack, "r");
            assert.equal(role.inputs.name, "transformed");
            assert.equal(role.outputs.name, "transformed");
            // The program gets the engine's (post-transform) state back.
            assert.equal(returned, "transformed");
        });

        it("a transform returning undefined leaves the registration unchanged (sdk/nodejs/runtime/callbacks.ts:299-301)", async () => {
            const stack = await run(() => {
                const a = new aws.iam.Role("a", { assumeRolePolicy: JSON.stringify(TRUST) });
                new aws.iam.Role("b", { assumeRolePolicy: JSON.stringify(TRUST), description: a.arn }, { transforms: [() => undefined] });
            });
            const a = find(stack, "a");
            const b = find(stack, "b");
            // The property dependency travelled through the transform as an output value (source_eval.go:2408-2411, 3474-3520).
            assert.deepEqual(b.propertyDependencies.description, [a.urn]);
            assert.ok(b.dependencies.includes(a.urn));
            assert.equal(b.inputs.description, a.outputs.arn);
        });

        it("new properties from a resource's own transform drop property dependencies but keep dependsOn (source_eval.go:2631-2650)", async () => {
            const stack = await run(() => {
                const a = new aws.iam.Role("a", { assumeRolePolicy: JSON.stringify(TRUST) });
                new aws.iam.Role("b", { assumeRolePolicy: JSON.stringify(TRUST), description: a.arn }, {
                    transforms: [({ props, opts }) => ({ props: { ...props, name: "renamed" }, opts })],
                });
            });
            const a = find(stack, "a");
            const b = find(stack, "b");
            // The SDK serializes the result without output values (callbacks.ts:303), so no property keeps its dependency.
            assert.deepEqual(b.propertyDependencies, {});
            assert.ok(b.dependencies.includes(a.urn), JSON.stringify(b.dependencies));
        });

        it("a stack transform alone does not rebuild property dependencies (source_eval.go:2652-2661)", async () => {
            const stack = await run(() => {
                const a = new aws.iam.Role("a", { assumeRolePolicy: JSON.stringify(TRUST) });
                pulumi.runtime.registerResourceTransform(({ name, props, opts }) => (name === "b" ? { props: { ...props, name: "renamed" }, opts } : undefined));
                new aws.iam.Role("b", { assumeRolePolicy: JSON.stringify(TRUST), description: a.arn });
            });
            const b = find(stack, "b");
            assert.equal(b.inputs.name, "renamed");
            assert.deepEqual(b.propertyDependencies.description, [find(stack, "a").urn]);
        });

        it("a stack transform reaches registrations after it, not those already registered (source_eval.go:1767, 2496-2501)", async () => {
            const stack = await run(async () => {
                const early = new aws.iam.Role("early", { description: "d", assumeRolePolicy: JSON.stringify(TRUST) });
                // The SDK waits for pending stack-transform registrations before it sends a resource
                // (sdk/nodejs/runtime/resource.ts:568), so "earlier" means registered, not merely constructed.
                await settled(early.urn);
                pulumi.runtime.registerResourceTransform(mark("stack"));
                new aws.iam.Role("late", { description: "d", assumeRolePolicy: JSON.stringify(TRUST) });
            });
            assert.equal(find(stack, "early").inputs.description, "d");
            assert.equal(find(stack, "late").inputs.description, "d|stack");
        });

        it("order: the resource's own transforms, then each ancestor's from the parent up, then the stack's (source_eval.go:2441-2511)", async () => {
            const stack = await run(() => {
                pulumi.runtime.registerResourceTransform(mark("stack"));
                new Group("outer", { transforms: [mark("outer")] }, (outer) => {
                    new Group("inner", { parent: outer, transforms: [mark("inner")] }, (inner) => {
                        new aws.iam.Role("child", { description: "d", assumeRolePolicy: JSON.stringify(TRUST) }, { parent: inner, transforms: [mark("own-1"), mark("own-2")] });
                    });
                });
            });
            assert.equal(find(stack, "child").inputs.description, "d|own-1|own-2|inner|outer|stack");
        });

        it("a component's transforms rewrite its children's properties and options (source_eval.go:2474-2492)", async () => {
            const stack = await run(() => {
                const eu = new aws.Provider("eu", { region: "eu-west-1" });
                new Group("group", {
                    transforms: [({ type, props, opts }) => (type === "aws:iam/role:Role"
                        ? { props: { ...props, assumeRolePolicy: JSON.stringify({ ...TRUST, Statement: [{ ...TRUST.Statement[0], Principal: { AWS: "*" } }] }) }, opts: { ...opts, provider: eu, protect: true, ignoreChanges: ["tags"], deleteBeforeReplace: true } }
                        : undefined)],
                }, (group) => {
                    new aws.iam.Role("child", { assumeRolePolicy: JSON.stringify(TRUST) }, { parent: group });
                });
            });
            const child = find(stack, "child");
            assert.deepEqual(JSON.parse(String(child.inputs.assumeRolePolicy)).Statement[0].Principal, { AWS: "*" });
            assert.equal(child.provider?.urn, find(stack, "eu").urn);
            assert.equal(child.options.protect, true);
            assert.deepEqual(child.options.ignoreChanges, ["tags"]);
            assert.equal(child.options.deleteBeforeReplace, true);
            // The component itself went through its own transform, unchanged (it is not a Role).
            assert.equal(find(stack, "group").options.protect, false);
        });

        it("a transform cannot change type, name or parent: TransformResponse carries properties and options only (source_eval.go:1612-1629)", async () => {
            const stack = await run(() => {
                new Group("group", {}, (group) => {
                    new aws.iam.Role("child", { assumeRolePolicy: JSON.stringify(TRUST) }, {
                        parent: group,
                        transforms: [({ props, opts }) => ({ props, opts: { ...opts, parent: undefined } })],
                    });
                });
            });
            const child = find(stack, "child");
            assert.equal(child.parent, find(stack, "group").urn);
            assert.equal(child.urn, "urn:pulumi:stack::project::test:index:Group$aws:iam/role:Role::child");
        });

        it("a failing transform fails the registration (source_eval.go:2507-2509)", async () => {
            await assert.rejects(
                run(() => new aws.iam.Role("r", { assumeRolePolicy: JSON.stringify(TRUST) }, { transforms: [() => { throw new Error("no roles here"); }] })),
                (err: unknown) => err instanceof ProgramRunError && err.errors.some((e) => /invoke transform: .*no roles here/.test(e)),
            );
        });

        it("a stack invoke transform rewrites the invoke's arguments and provider before the provider is chosen (source_eval.go:1090-1113)", async () => {
            let region: string | undefined;
            const stack = await run(async () => {
                const eu = new aws.Provider("eu", { region: "eu-west-1" });
                pulumi.runtime.registerInvokeTransform(({ token, args, opts }) => (token === "aws:index/getRegion:getRegion" ? { args: { ...args, id: "asked" }, opts: { ...opts, provider: eu } } : undefined));
                region = (await aws.getRegion({})).name;
            });
            const invoke = stack.invokes.find((i) => i.token === "aws:index/getRegion:getRegion");
            assert.equal(invoke?.args.id, "asked");
            assert.equal(invoke?.provider?.urn, find(stack, "eu").urn);
            assert.equal(region, "eu-west-1");
        });

        it("a stack transform that makes the gateway's aws-native:iam:Role trust '*' is what the pack sees, and fails I2", async () => {
            const anyone = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] };
            const program = exampleProgram();
            const stack = await runUnderMocks(() => {
                pulumi.runtime.registerResourceTransform(({ type, name, props, opts }) =>
                    type === "aws-native:iam:Role" && name === "hub-gateway-role" ? { props: { ...props, assumeRolePolicyDocument: anyone }, opts } : undefined);
                return program();
            }, { mode, project: "agentcore-hub-and-spoke", stack: "dev" });
            const role = stack.resources.find((r) => r.type === "aws-native:iam:Role" && r.name === "hub-gateway-role");
            assert.ok(role);
            assert.deepEqual(role.inputs.assumeRolePolicyDocument, anyone);
            const violations = evaluateStack(stackModelOf(stack)).violations.filter((v) => v.policy === "agentcore-gateway-role-trust");
            assert.ok(violations.some((v) => v.urn === role.urn), JSON.stringify(violations, null, 2));
        });
    });
}

describe("engine transforms over the Analyzer protocol", function () {
    this.timeout(300_000);

    it("Analyze receives the transformed inputs: a stack transform naming an aws-native role 'bad' trips the echo pack (source_eval.go:2505-2511, 2981-3008)", async () => {
        const session = await startPolicyPack(path.resolve(__dirname, "..", "fixtures", "echo-pack"));
        try {
            for (const mode of MODES) {
                const stack = await runUnderMocks(() => {
                    pulumi.runtime.registerResourceTransform(({ type, props, opts }) => (type === "aws-native:iam:Role" ? { props: { ...props, roleName: "bad" }, opts } : undefined));
                    new awsnative.iam.Role("renamed", { roleName: "fine", assumeRolePolicyDocument: TRUST });
                }, { mode });
                const role = find(stack, "renamed");
                const diagnostics = await session.analyze(role, stack.resources);
                assert.ok(diagnostics.some((d) => d.policyName === "no-bad-role-name" && d.enforcementLevel === "mandatory"), `${mode}: ${JSON.stringify(diagnostics)}`);
            }
        } finally {
            await session.close();
        }
    });
});
