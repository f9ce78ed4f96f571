import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, CapturedStack, runUnderMocks } from "../../checker/engine/capture";
import { DeclarationStore, ProviderModel } from "../../checker/engine/providerModel";
import { FakeValues } from "../../checker/engine/synthesize";
import { WireObject } from "../../checker/engine/wire";

/*
 * Fidelity tests for the providers' Check and create-preview. Each names the upstream line it
 * follows, at the mirrors' HEAD:
 *   pulumi/pulumi                        1b5949891b3cefcb9974752b24a5ecef0acc86c8
 *   pulumi/pulumi-terraform-bridge       59de6c661df1e7561e6ece7ad7f1c835c63010c4
 *   pulumi/pulumi-aws-native             43eed3b017fff3b41e0ceeae37ee943afce53275
 */

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const model = new ProviderModel(new DeclarationStore());

function urnOf(type: string, name: string): string {
    return `urn:pulumi:stack::project::${type}::${name}`;
}

function check(type: string, name: string, inputs: WireObject): WireObject {
    return model.check({ type, name, urn: urnOf(type, name) }, inputs);
}

function preview(type: string, name: string, inputs: WireObject): WireObject {
    const outputs = model.previewOutputs(type, check(type, name, inputs));
    assert.ok(outputs, `no preview model for ${type}`);
    return outputs;
}

const TRUST = {
    Version: "2012-10-17" as const,
    Statement: [{ Effect: "Allow" as const, Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

describe("engine/providerModel: the providers' Check and preview, from the SDK declarations", function () {
    this.timeout(60_000);

    describe("bridged @pulumi/aws Check", () => {
        it("JSON-encodes a document given as an object, as Go's json.Marshal does (terraform-bridge pkg/tfbridge/transforms.go:34)", () => {
            const checked = check("aws:iam/role:Role", "gw", { assumeRolePolicy: TRUST, name: "gw" });
            assert.equal(
                checked.assumeRolePolicy,
                '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"bedrock-agentcore.amazonaws.com"}}],"Version":"2012-10-17"}',
            );
            assert.deepEqual(JSON.parse(String(checked.assumeRolePolicy)), TRUST);
        });

        it("escapes <, > and & the way Go's encoder does (transforms.go:36 json.Marshal)", () => {
            const checked = check("aws:iam/policy:Policy", "p", { policy: { Condition: "a<b&c>d" } });
            assert.equal(checked.policy, '{"Condition":"a\\u003cb\\u0026c\\u003ed"}');
        });

        it("makes the whole document unknown when any leaf is unknown (transforms.go:28)", () => {
            const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: UNKNOWN }] };
            assert.equal(check("aws:iam/rolePolicy:RolePolicy", "rp", { role: "r", policy: document }).policy, UNKNOWN);
        });

        it("keeps a document given as a string as it is (transforms.go:32)", () => {
            const text = JSON.stringify(TRUST, null, 2);
            assert.equal(check("aws:iam/role:Role", "gw", { assumeRolePolicy: text, name: "gw" }).assumeRolePolicy, text);
        });

        it("treats as a document only what the SDK declares as `string | inputs.<Type>` (RestApi.policy is `Input<string>`)", () => {
            const store = new DeclarationStore();
            assert.equal(store.get("aws:iam/role:Role")?.inputs.get("assumeRolePolicy")?.acceptsDocument, true);
            assert.equal(store.get("aws:apigateway/restApi:RestApi")?.inputs.get("policy")?.acceptsDocument, false);
            assert.equal(store.get("aws:apigateway/restApiPolicy:RestApiPolicy")?.inputs.get("policy")?.acceptsDocument, false);
        });

        it("auto-names `name` when the program leaves it out (pkg/tfbridge/info/autonaming.go:49-58, schema.go:786)", () => {
            const checked = check("aws:iam/role:Role", "gateway-role", { assumeRolePolicy: "{}" });
            assert.equal(checked.name, new FakeValues(urnOf("aws:iam/role:Role", "gateway-role")).autoName("gateway-role"));
            assert.match(String(checked.name), /^gateway-role-[0-9a-f]{7}$/);
        });

        it("skips the auto-name when the ConflictsWith partner namePrefix is set (schema.go:775)", () => {
            const checked = check("aws:iam/role:Role", "r", { assumeRolePolicy: "{}", namePrefix: "hub-" });
            assert.equal("name" in checked, false);
            assert.equal(checked.namePrefix, "hub-");
        });

        it("keeps an unknown name as given: an unknown is a value, not an absence (schema.go:786 `!has`)", () => {
            assert.equal(check("aws:iam/role:Role", "r", { assumeRolePolicy: "{}", name: UNKNOWN }).name, UNKNOWN);
        });

        it("drops null inputs, as Check unmarshals with SkipNulls (pkg/tfbridge/provider.go:989)", () => {
            assert.equal("description" in check("aws:iam/role:Role", "r", { assumeRolePolicy: "{}", description: null }), false);
        });
    });

    describe("bridged @pulumi/aws preview of a create (the Terraform plan)", () => {
        it("leaves Optional+Computed RestApi.policy unknown when the inputs do not set it (objchange.go:366, tfgen generate.go:798)", () => {
            const outputs = preview("aws:apigateway/restApi:RestApi", "api", { name: "api" });
            assert.equal(outputs.policy, UNKNOWN);
            assert.equal(outputs.arn, UNKNOWN);
            assert.equal(outputs.executionArn, UNKNOWN);
            assert.equal(outputs.tagsAll, UNKNOWN);
            assert.equal(outputs.id, UNKNOWN);
            assert.equal(outputs.name, "api");
            // Optional and not Computed (`Output<string | undefined>`): null in the plan, absent here.
            assert.equal("body" in outputs, false);
        });

        it("leaves a Role's inlinePolicies and managedPolicyArns unknown when not given, and keeps them when given", () => {
            const bare = preview("aws:iam/role:Role", "r", { assumeRolePolicy: TRUST, name: "r" });
            assert.equal(bare.inlinePolicies, UNKNOWN);
            assert.equal(bare.managedPolicyArns, UNKNOWN);
            assert.equal(typeof bare.assumeRolePolicy, "string");
            assert.equal("description" in bare, false);
            const given = preview("aws:iam/role:Role", "r", { assumeRolePolicy: TRUST, name: "r", managedPolicyArns: [], inlinePolicies: [] });
            assert.deepEqual(given.managedPolicyArns, []);
            assert.deepEqual(given.inlinePolicies, []);
        });
    });

    describe("aws-native Check and preview of a create", () => {
        it("keeps JSON-typed properties structured with only the unknown leaf unknown (aws-native provider.go:769-774)", () => {
            const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [UNKNOWN, "arn:x"] }] };
            const checked = check("aws-native:iam:Role", "r", { roleName: "r", assumeRolePolicyDocument: TRUST, policies: [{ policyName: "p", policyDocument: document }] });
            assert.deepEqual(checked.assumeRolePolicyDocument, TRUST);
            assert.deepEqual(checked.policies, [{ policyName: "p", policyDocument: document }]);
        });

        it("auto-names the `<TypeName>Name` property (aws-native provider/pkg/autonaming/spec.go:67, application.go:62)", () => {
            const role = check("aws-native:iam:Role", "gw-role", { assumeRolePolicyDocument: TRUST });
            assert.equal(role.roleName, new FakeValues(urnOf("aws-native:iam:Role", "gw-role")).autoName("gw-role"));
            const policy = check("aws-native:iam:ManagedPolicy", "mp", { policyDocument: TRUST });
            assert.match(String(policy.managedPolicyName), /^mp-[0-9a-f]{7}$/);
        });

        it("marks every read-only property unknown and echoes the inputs (aws-native provider/pkg/outputs/previewOutputs.go:55-62)", () => {
            const outputs = preview("aws-native:iam:Role", "r", { roleName: "r", assumeRolePolicyDocument: TRUST });
            assert.equal(outputs.arn, UNKNOWN);
            assert.equal(outputs.roleId, UNKNOWN);
            assert.deepEqual(outputs.assumeRolePolicyDocument, TRUST);
            assert.equal(outputs.roleName, "r");
            // A writable property the inputs leave out is absent, not unknown (previewOutputs.go:61 readOnly only).
            assert.equal("policies" in outputs, false);
        });
    });

    describe("facts derived from declarations, for a type the project does not use (aws:s3/bucket:Bucket)", () => {
        it("finds the document input, the string-enum input that is not one, and the required outputs", () => {
            const bucket = new DeclarationStore().get("aws:s3/bucket:Bucket");
            assert.ok(bucket);
            assert.equal(bucket.flavour, "bridged");
            assert.equal(bucket.inputs.get("policy")?.acceptsDocument, true);
            assert.equal(bucket.inputs.get("acl")?.acceptsDocument, false);
            assert.equal(bucket.outputs.get("arn")?.required, true);
            assert.equal(bucket.outputs.get("policy")?.required, true);
            assert.equal(bucket.outputs.get("forceDestroy")?.required, false);
        });

        it("Checks and previews it like any other bridged type", () => {
            const outputs = preview("aws:s3/bucket:Bucket", "b", { bucket: "b", policy: { Version: "2012-10-17", Statement: [] } });
            assert.equal(outputs.policy, '{"Statement":[],"Version":"2012-10-17"}');
            assert.equal(outputs.arn, UNKNOWN);
            assert.equal(outputs.bucketDomainName, UNKNOWN);
        });

        it("caches one declaration per type and knows nothing of packages it does not model", () => {
            const store = new DeclarationStore();
            assert.equal(store.get("aws:iam/role:Role"), store.get("aws:iam/role:Role"));
            assert.equal(store.get("random:index/randomId:RandomId"), undefined);
            assert.equal(store.get("aws:iam/noSuchThing:NoSuchThing"), undefined);
            assert.equal(store.stats().types, 3);
        });
    });

    describe("wired into the mock engine", () => {
        function program(): void {
            const fn = new aws.lambda.Function("target", {
                role: "arn:aws:iam::111111111111:role/exec",
                runtime: "nodejs20.x",
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }),
            });
            const role = new aws.iam.Role("gw", { assumeRolePolicy: TRUST });
            new aws.iam.RolePolicy("invoke", {
                role: role.name,
                policy: { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "lambda:InvokeFunction", Resource: fn.arn }] },
            });
            new awsnative.iam.Role("native", { assumeRolePolicyDocument: TRUST });
            new pulumi.ComponentResource("pkg:index:Hub", "hub", { document: TRUST } as pulumi.Inputs);
            new aws.Provider("spoke", { region: "eu-west-1" });
        }

        function byName(stack: CapturedStack, name: string): CapturedResource {
            const found = stack.resources.find((r) => r.name === name);
            assert.ok(found, `no resource ${name}`);
            return found;
        }

        describe("preview", () => {
            let stack: CapturedStack;
            before(async () => {
                stack = await runUnderMocks(program, { mode: "preview" });
            });

            it("Analyze sees post-Check inputs: an unknown leaf makes the bridged document unknown (step_generator.go:1343, :1412)", () => {
                const policy = byName(stack, "invoke");
                assert.equal(policy.inputs.policy, UNKNOWN);
                assert.equal((policy.programInputs?.policy as WireObject).Version, "2012-10-17");
            });

            it("AnalyzeStack sees the provider's preview of a create (step.go:366-372)", () => {
                const role = byName(stack, "gw");
                assert.equal(role.outputs.inlinePolicies, UNKNOWN);
                assert.equal(role.outputs.managedPolicyArns, UNKNOWN);
                assert.match(String(role.outputs.name), /^gw-[0-9a-f]{7}$/);
                assert.equal(byName(stack, "native").outputs.arn, UNKNOWN);
                assert.match(String(byName(stack, "native").inputs.roleName), /^native-[0-9a-f]{7}$/);
            });

            it("does not Check components: they reach Analyze with the inputs the SDK sent (step_generator.go:1310)", () => {
                const hub = byName(stack, "hub");
                assert.deepEqual(hub.inputs.document, TRUST);
                assert.equal(hub.programInputs, undefined);
            });

            it("does not Check providers with a resource provider's Check, nor preview them as creates", () => {
                const spoke = byName(stack, "spoke");
                assert.equal(spoke.programInputs, undefined);
                assert.equal(spoke.inputs.region, "eu-west-1");
                assert.deepEqual(spoke.outputs, spoke.inputs);
            });
        });

        describe("update", () => {
            let stack: CapturedStack;
            before(async () => {
                stack = await runUnderMocks(program, { mode: "update" });
            });

            it("encodes the known document and auto-names with the synthesizer's name, so the ARN agrees", () => {
                const role = byName(stack, "gw");
                assert.equal(typeof role.inputs.assumeRolePolicy, "string");
                assert.equal(role.outputs.arn, `arn:aws:iam::111111111111:role/${String(role.inputs.name)}`);
                const policy = byName(stack, "invoke");
                const document = JSON.parse(String(policy.inputs.policy)) as { Statement: { Resource: string }[] };
                assert.equal(document.Statement[0].Resource, byName(stack, "target").outputs.arn);
            });
        });
    });
});
