import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ReadValue } from "../../invariants/policyDocument";
import { UNKNOWN } from "../../invariants/unknown";
import { DEFAULT_CONFIG } from "../../policypack/config";
import { Deferral, Violation, evaluateStack } from "../../policypack/evaluate";
import { OPTIONAL_COMPUTED } from "../../policypack/model/optionalComputed.generated";
import { ModelResource, ReadObject } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { T } from "../../policypack/model/types";
import { gatewayRoleAlone } from "../../policypack/policies/gatewayRoleAlone";
import { spokeCallerAlone } from "../../policypack/policies/spokeCallerAlone";
import { gatewayInboundAuth } from "../../policypack/policies/gateway";

/**
 * The pack never passes silently on a value it cannot read, counts permissions that reach a
 * role by any path, and judges a value where it lives. Direct calls through evaluateStack on
 * hand-built ModelResources: `props` are what AnalyzeStack sees (outputs; for a create at a
 * first preview the provider's plan), `inputs` what Analyze saw.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const derivation = require("../../scripts/derive-optional-computed.js") as { derive(): Record<string, string[]> };

const HUB = "111111111111";
const SPOKE = "222222222222";
const FN_ARN = `arn:aws:lambda:us-east-1:${HUB}:function:refunds`;
const GATEWAY_ARN = `arn:aws:bedrock-agentcore:us-east-1:${HUB}:gateway/org-tools-abcde12345`;
const ROLE_ARN = `arn:aws:iam::${HUB}:role/org-tools-gateway`;

let counter = 0;
function res(type: string, name: string, props: ReadObject, extra: Partial<ModelResource> = {}): ModelResource {
    counter++;
    return { urn: `urn:pulumi:dev::p::${type}::${name}-${counter}`, type, name, props, propertyDependencies: {}, dependencies: [], ...extra };
}

function doc(...statements: ReadValue[]): ReadObject {
    return { Version: "2012-10-17", Statement: statements };
}

const TRUST = doc({
    Effect: "Allow",
    Principal: { Service: "bedrock-agentcore.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": HUB }, ArnLike: { "aws:SourceArn": `arn:aws:bedrock-agentcore:us-east-1:${HUB}:gateway/org-tools-??????????` } },
});
const INVOKE_FN = doc({ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: FN_ARN });
const WILDCARD = doc({ Effect: "Allow", Action: "*", Resource: "*" });

/** A gateway (aws-native) with one Lambda target, running as `role`. */
function hub(role: ModelResource): ModelResource[] {
    const gateway = res("aws-native:bedrockagentcore:Gateway", "gw", { name: "org-tools", roleArn: ROLE_ARN, authorizerType: "AWS_IAM" }, { propertyDependencies: { roleArn: [role.urn] } });
    const target = res(
        "aws-native:bedrockagentcore:GatewayTarget",
        "refunds",
        { name: "refunds", gatewayIdentifier: UNKNOWN, targetConfiguration: { mcp: { lambda: { lambdaArn: FN_ARN, toolSchema: { inlinePayload: [] } } } } },
        { propertyDependencies: { gatewayIdentifier: [gateway.urn] } },
    );
    return [gateway, target];
}

/** A bridged gateway role as the first-preview plan shows it when the program sets no inline or managed policies. */
function plannedBridgedRole(recorded: boolean): ModelResource {
    const inputs: ReadObject = { name: "org-tools-gateway", assumeRolePolicy: JSON.stringify(TRUST) };
    return res("aws:iam/role:Role", "gateway-role", { ...inputs, arn: UNKNOWN, inlinePolicies: UNKNOWN, managedPolicyArns: UNKNOWN }, recorded ? { inputs } : {});
}

function nativeRole(name: string, props: ReadObject): ModelResource {
    return res("aws-native:iam:Role", name, { roleName: name, assumeRolePolicyDocument: TRUST, ...props });
}

/** The policies these stacks are about (the hand-built gateways have no policy engine, which I9 rightly refuses). */
const JUDGED = new Set(["agentcore-gateway-role-alone", "agentcore-gateway-role-trust", "agentcore-gateway-role-permissions", "agentcore-rest-method-iam-auth", "agentcore-rest-api-resource-policy", "agentcore-spoke-caller-roles", "agentcore-spoke-caller-alone"]);

function run(resources: ModelResource[]): { violations: Violation[]; deferred: Deferral[] } {
    const all = evaluateStack(new StackModel(resources), DEFAULT_CONFIG);
    return { violations: all.violations.filter((v) => JUDGED.has(v.policy)), deferred: all.deferred.filter((d) => JUDGED.has(d.policy)) };
}

const PERMISSIONS = "agentcore-gateway-role-permissions";

describe("values the pack cannot read are named, never empty", () => {
    it("an unknown inline-policy list of a gateway role is deferred by name", () => {
        const role = nativeRole("gw-role", { policies: UNKNOWN });
        const { violations, deferred } = run([role, ...hub(role)]);
        assert.deepStrictEqual(violations, []);
        const items = deferred.filter((d) => d.policy === PERMISSIONS).map((d) => d.item);
        assert.ok(items.some((i) => i.startsWith('Role "gw-role" (inline policies ("policies" is unknown until the resource exists)') && i.includes("entirely unknown")), items.join("\n"));
    });

    it("an unknown Statement (whole list, or one entry) is deferred by name", () => {
        const role = nativeRole("gw-role", {});
        const whole = res("aws-native:iam:RolePolicy", "whole", { roleName: "gw-role", policyName: "whole", policyDocument: { Version: "2012-10-17", Statement: UNKNOWN } });
        const entry = res("aws-native:iam:RolePolicy", "entry", { roleName: "gw-role", policyName: "entry", policyDocument: doc(UNKNOWN) });
        const { violations, deferred } = run([role, whole, entry, ...hub(role)]);
        assert.deepStrictEqual(violations, []);
        const items = deferred.filter((d) => d.policy === PERMISSIONS).map((d) => d.item);
        assert.ok(items.some((i) => i.startsWith('RolePolicy "whole" (role policy "whole" of Role "gw-role"') && i.endsWith("entirely unknown (a JSON string built from unknown ARNs)")), items.join("\n"));
        assert.ok(items.some((i) => i.startsWith('RolePolicy "entry" (role policy "entry" of Role "gw-role"') && i.endsWith("statement 0: an Action is unknown")), items.join("\n"));
    });

    it("unknown tool filters of a REST target are deferred by name (I4), not read as no methods", () => {
        const role = nativeRole("gw-role", { policies: [{ policyName: "invoke", policyDocument: INVOKE_FN }] });
        const [gateway] = hub(role);
        const api = res("aws-native:apigateway:RestApi", "api", { name: "api", restApiId: "abc123", policy: doc() });
        const target = res(
            "aws-native:bedrockagentcore:GatewayTarget",
            "reservations",
            { name: "reservations", gatewayIdentifier: UNKNOWN, targetConfiguration: { mcp: { apiGateway: { restApiId: "abc123", stage: "prod", apiGatewayToolConfiguration: { toolFilters: UNKNOWN } } } } },
            { propertyDependencies: { gatewayIdentifier: [gateway.urn], targetConfiguration: [api.urn] } },
        );
        const { deferred } = run([role, gateway, api, target]);
        const items = deferred.filter((d) => d.policy === "agentcore-rest-method-iam-auth").map((d) => d.item);
        assert.deepStrictEqual(items, [
            'GatewayTarget "reservations": the methods it exposes from RestApi "api" cannot be listed: its tool overrides or tool filters ("targetConfiguration.mcp.apiGateway.apiGatewayToolConfiguration") are not known yet (they derive from 1 resource of this stack that does not exist yet)',
        ]);
        // The role check cannot tell "beyond its targets" either, and says so.
        assert.ok(deferred.some((d) => d.policy === PERMISSIONS && d.item.startsWith('GatewayTarget "reservations": whether the role of Gateway "gw" reaches more than this target cannot be told')));
    });

    it("unknown allowed audiences of a CUSTOM_JWT gateway are deferred, not counted as set (I1)", () => {
        const gw = res("aws-native:bedrockagentcore:Gateway", "gw", { authorizerType: "CUSTOM_JWT", authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: "https://id.example.com/.well-known/openid-configuration", allowedAudience: UNKNOWN } } });
        const f = gatewayInboundAuth.check(gw, DEFAULT_CONFIG);
        assert.deepStrictEqual(f.problems, []);
        assert.deepStrictEqual(f.deferred.map((d) => d.item), ['Gateway "gw": the gateway\'s allowed audiences and clients are unknown']);
    });
});

describe("a bridged role's plan: judged where the value lives", () => {
    it("inlinePolicies/managedPolicyArns unknown in the plan, none set at Analyze: decided, and a RolePolicy in the stack is judged", () => {
        for (const [policyDoc, expected] of [[INVOKE_FN, 0], [WILDCARD, 1]] as const) {
            const role = plannedBridgedRole(true);
            const rp = res("aws:iam/rolePolicy:RolePolicy", "invoke", { name: "invoke", role: UNKNOWN, policy: JSON.stringify(policyDoc) }, { propertyDependencies: { role: [role.urn] } });
            const { violations, deferred } = run([role, rp, ...hub(role)]);
            assert.deepStrictEqual(deferred.filter((d) => d.policy === PERMISSIONS), []);
            const hits = violations.filter((v) => v.policy === PERMISSIONS);
            assert.ok(hits.every((v) => v.urn === rp.urn && v.problem.invariant === "I3"), JSON.stringify(hits));
            assert.strictEqual(hits.length > 0 ? 1 : 0, expected, JSON.stringify(violations));
        }
    });

    it("the same plan without the Analyze record is deferred by name, never read as none", () => {
        const role = plannedBridgedRole(false);
        const { violations, deferred } = run([role, ...hub(role)]);
        assert.deepStrictEqual(violations.filter((v) => v.policy === PERMISSIONS), []);
        const items = deferred.filter((d) => d.policy === PERMISSIONS).map((d) => d.item);
        const reason = "is unknown: the provider computes it when the program sets none, and the inputs the engine analyzed for this resource were not recorded";
        assert.ok(items.some((i) => i.startsWith(`Role "gateway-role" (inline policies ("inlinePolicies" ${reason}`)), items.join("\n"));
        assert.ok(items.some((i) => i.startsWith(`Role "gateway-role": the managed policies it attaches cannot be listed: "managedPolicyArns" ${reason}`)), items.join("\n"));
    });
});

describe("permissions that reach a role by any path", () => {
    it("an AWS-managed policy ARN on a gateway role is refused on the role alone (Analyze), and not reported twice by the stack policy", () => {
        const props: ReadObject = { roleName: "gw-role", assumeRolePolicyDocument: TRUST, managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] };
        const role = res("aws-native:iam:Role", "gw-role", props, { inputs: props });
        const alone = gatewayRoleAlone.check(role, DEFAULT_CONFIG);
        assert.strictEqual(alone.problems.length, 1);
        assert.match(alone.problems[0].problem.message, /^Role "gw-role" \(managed policy "arn:aws:iam::aws:policy\/AdministratorAccess"; the role trusts bedrock-agentcore.amazonaws.com: a gateway service role\): attaches the AWS-managed policy/);
        const { violations } = run([role, ...hub(role)]);
        assert.deepStrictEqual(violations.map((v) => v.policy), ["agentcore-gateway-role-alone"]);
        // Without the Analyze record (no resource policy ran on it) the stack policy reports it itself.
        const unrecorded = { ...role, inputs: undefined };
        assert.ok(run([unrecorded, ...hub(unrecorded)]).violations.some((v) => v.policy === PERMISSIONS && v.urn === role.urn && /AWS-managed policy/.test(v.problem.message)));
    });

    it("a customer policy created elsewhere on a spoke caller role is refused (I8)", () => {
        const caller = res("aws:iam/role:Role", "caller", {
            name: "caller",
            assumeRolePolicy: JSON.stringify(doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${SPOKE}:role/agent` }, Action: "sts:AssumeRole" })),
            inlinePolicies: [{ name: "invoke", policy: JSON.stringify(doc({ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: GATEWAY_ARN })) }],
            managedPolicyArns: [`arn:aws:iam::${SPOKE}:policy/shared-agent-policy`],
        });
        const { violations } = run([caller]);
        const hits = violations.filter((v) => v.policy === "agentcore-spoke-caller-roles");
        assert.strictEqual(hits.length, 1, JSON.stringify(violations));
        assert.strictEqual(hits[0].problem.invariant, "I8");
        assert.match(hits[0].problem.message, /^Role "caller" \(of gateway caller Role "caller"\): attaches the managed policy "arn:aws:iam::222222222222:policy\/shared-agent-policy", which is not created in this stack/);
    });

    /** A customer-managed policy of this stack, attached by one path; a wildcard in it must reach the gateway role check. */
    const attachPaths: [string, (role: ModelResource, policy: ModelResource) => ModelResource[]][] = [
        ["RolePolicyAttachment", (role, p) => [res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", { role: "gw-role", policyArn: UNKNOWN }, { propertyDependencies: { policyArn: [p.urn], role: [role.urn] } })]],
        ["PolicyAttachment", (_role, p) => [res("aws:iam/policyAttachment:PolicyAttachment", "a", { roles: ["gw-role"], policyArn: UNKNOWN }, { propertyDependencies: { policyArn: [p.urn] } })]],
        // By the policy's known ARN this time.
        ["RolePolicyAttachmentsExclusive", () => [res("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "a", { roleName: "gw-role", policyArns: [`arn:aws:iam::${HUB}:policy/extra`] })]],
    ];
    for (const [name, attach] of attachPaths) {
        it(`a policy attached by ${name} counts`, () => {
            const role = nativeRole("gw-role", { policies: [{ policyName: "invoke", policyDocument: INVOKE_FN }] });
            const policy = res("aws:iam/policy:Policy", "extra", { name: "extra", arn: `arn:aws:iam::${HUB}:policy/extra`, policy: JSON.stringify(WILDCARD) });
            const { violations } = run([role, policy, ...attach(role, policy), ...hub(role)]);
            const hits = violations.filter((v) => v.policy === PERMISSIONS && v.urn === policy.urn);
            assert.ok(hits.some((v) => /allows the wildcard action "\*"/.test(v.problem.message)), JSON.stringify(violations.map((v) => v.problem.message)));
        });
    }

    it("a policy attached by the role's managedPolicyArns (by dependency) and by aws-native ManagedPolicy.roles counts", () => {
        const role = nativeRole("gw-role", { policies: [{ policyName: "invoke", policyDocument: INVOKE_FN }], managedPolicyArns: [UNKNOWN] });
        const byArn = res("aws-native:iam:ManagedPolicy", "by-arn", { policyArn: UNKNOWN, policyDocument: WILDCARD });
        role.propertyDependencies.managedPolicyArns = [byArn.urn];
        const byRoles = res("aws-native:iam:ManagedPolicy", "by-roles", { policyArn: UNKNOWN, roles: [UNKNOWN], policyDocument: WILDCARD }, { propertyDependencies: { roles: [role.urn] } });
        const { violations, deferred } = run([role, byArn, byRoles, ...hub(role)]);
        for (const p of [byArn, byRoles]) assert.ok(violations.some((v) => v.policy === PERMISSIONS && v.urn === p.urn), p.name);
        assert.deepStrictEqual(deferred.filter((d) => d.policy === PERMISSIONS), []);
    });

    it("an unknown managed-policy ARN that derives from nothing in the stack is deferred by name", () => {
        const role = nativeRole("gw-role", { policies: [{ policyName: "invoke", policyDocument: INVOKE_FN }], managedPolicyArns: [UNKNOWN] });
        const items = run([role, ...hub(role)]).deferred.filter((d) => d.policy === PERMISSIONS).map((d) => d.item);
        assert.deepStrictEqual(items, ['Role "gw-role": an entry of "managedPolicyArns" is unknown and derives from no managed policy in this stack, so the policy it attaches cannot be read (of Role "gw-role", service role of Gateway "gw")']);
    });

    it("an AWS-managed policy attached by a RolePolicyAttachment is refused on the attachment", () => {
        const role = nativeRole("gw-role", { policies: [{ policyName: "invoke", policyDocument: INVOKE_FN }] });
        const a = res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "admin", { role: "gw-role", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
        const hits = run([role, a, ...hub(role)]).violations.filter((v) => v.policy === PERMISSIONS);
        assert.deepStrictEqual(hits.map((v) => v.urn), [a.urn]);
        assert.match(hits[0].problem.message, /AWS-managed policy "arn:aws:iam::aws:policy\/AdministratorAccess"/);
    });
});

describe("a REST API's policy set by a separate RestApiPolicy", () => {
    function restHub(apiRecorded: boolean, policy?: ReadObject): { resources: ModelResource[]; api: ModelResource; rap?: ModelResource } {
        const role = nativeRole("gw-role", { policies: [{ policyName: "invoke", policyDocument: INVOKE_FN }] });
        const [gateway] = hub(role);
        const inputs: ReadObject = { name: "api", endpointConfiguration: { types: "REGIONAL" } };
        const api = res("aws:apigateway/restApi:RestApi", "api", { ...inputs, id: UNKNOWN, policy: UNKNOWN }, apiRecorded ? { inputs } : {});
        const target = res(
            "aws-native:bedrockagentcore:GatewayTarget",
            "reservations",
            { name: "reservations", gatewayIdentifier: UNKNOWN, targetConfiguration: { mcp: { apiGateway: { restApiId: UNKNOWN, stage: "prod", apiGatewayToolConfiguration: { toolFilters: [] } } } } },
            { propertyDependencies: { gatewayIdentifier: [gateway.urn], targetConfiguration: [api.urn] } },
        );
        const rap = policy ? res("aws:apigateway/restApiPolicy:RestApiPolicy", "api-policy", { restApiId: UNKNOWN, policy: JSON.stringify(policy) }, { propertyDependencies: { restApiId: [api.urn] } }) : undefined;
        return { resources: [role, gateway, api, target, ...(rap ? [rap] : [])], api, rap };
    }
    const POLICY = "agentcore-rest-api-resource-policy";

    it("governs the API: judged on the RestApiPolicy, the API's unknown own policy is no deferral", () => {
        const { resources, rap } = restHub(true, doc({ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }));
        const { violations, deferred } = run(resources);
        const hits = violations.filter((v) => v.policy === POLICY);
        assert.ok(hits.length > 0 && hits.every((v) => v.urn === rap?.urn && v.problem.invariant === "I5"), JSON.stringify(hits));
        assert.deepStrictEqual(deferred.filter((d) => d.policy === POLICY), []);
    });

    it("governs the API even without the API's Analyze record", () => {
        const { resources, rap } = restHub(false, doc({ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }));
        const { violations, deferred } = run(resources);
        assert.ok(violations.some((v) => v.policy === POLICY && v.urn === rap?.urn));
        assert.deepStrictEqual(deferred.filter((d) => d.policy === POLICY), []);
    });

    it("with no RestApiPolicy and none set on the API at Analyze, the API has no resource policy (I5)", () => {
        const { resources, api } = restHub(true);
        const hits = run(resources).violations.filter((v) => v.policy === POLICY);
        assert.deepStrictEqual(hits.map((v) => v.urn), [api.urn]);
        assert.match(hits[0].problem.message, /has no resource policy/);
    });

    it("with no RestApiPolicy and no Analyze record, the API's unknown policy is deferred by name", () => {
        const { resources } = restHub(false);
        const items = run(resources).deferred.filter((d) => d.policy === POLICY).map((d) => d.item);
        assert.deepStrictEqual(items, ['RestApi "api" (resource policy of RestApi "api"; "policy" is unknown: the provider computes it when the program sets none, and the inputs the engine analyzed for this resource were not recorded (no Analyze call reached the pack), so whether the program set it cannot be told): the REST API resource policy is unknown (a JSON string built from unknown values)']);
    });
});

describe("the gateway role decided alone", () => {
    const noSourceArn = doc({ Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": HUB } } });

    it("a role trusting AgentCore without aws:SourceArn is refused at Analyze (I2), once", () => {
        const props: ReadObject = { roleName: "gw-role", assumeRolePolicyDocument: noSourceArn, policies: [{ policyName: "invoke", policyDocument: INVOKE_FN }] };
        const role = res("aws-native:iam:Role", "gw-role", props, { inputs: props });
        const { violations } = run([role, ...hub(role)]);
        const i2 = violations.filter((v) => v.problem.invariant === "I2");
        assert.deepStrictEqual(i2.map((v) => v.policy), ["agentcore-gateway-role-alone"]);
        assert.match(i2[0].problem.message, /no aws:SourceArn condition/);
    });

    it("a caller role that AgentCore Runtime assumes is not taken for a gateway role", () => {
        const caller = res("aws-native:iam:Role", "caller", {
            roleName: "caller",
            assumeRolePolicyDocument: noSourceArn,
            policies: [{ policyName: "invoke", policyDocument: doc({ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: GATEWAY_ARN }) }],
        });
        assert.deepStrictEqual(gatewayRoleAlone.check(caller, DEFAULT_CONFIG).problems, []);
    });
});

describe("the gateway caller role decided alone", () => {
    const trustStar = doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" });
    const invoke = (resource: ReadValue) => doc({ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: resource });

    it("a caller role trusting '*' or invoking Resource '*' is refused at Analyze (I8), once", () => {
        const props: ReadObject = { roleName: "caller", assumeRolePolicyDocument: trustStar, policies: [{ policyName: "invoke", policyDocument: invoke("*") }] };
        const role = res("aws-native:iam:Role", "caller", props, { inputs: props });
        const i8 = run([role]).violations.filter((v) => v.problem.invariant === "I8");
        assert.ok(i8.length >= 2, JSON.stringify(i8));
        assert.deepStrictEqual([...new Set(i8.map((v) => v.policy))], ["agentcore-spoke-caller-alone"]);
        assert.ok(i8.some((v) => /Resource "\*"/.test(v.problem.message)), JSON.stringify(i8));
    });

    it("an invoke policy with an unknown gateway ARN is left to the stack policy (where the unknown comes from); the known trust is judged", () => {
        const role = res("aws-native:iam:Role", "caller", { roleName: "caller", assumeRolePolicyDocument: trustStar, policies: [{ policyName: "invoke", policyDocument: invoke(UNKNOWN) }] });
        const messages = spokeCallerAlone.check(role, DEFAULT_CONFIG).problems.map((p) => p.problem.message);
        assert.strictEqual(messages.length, 1, JSON.stringify(messages));
        assert.match(messages[0], /trust policy.*lets anyone/);
    });

    it("an AWS-managed policy on a caller role is refused alone", () => {
        const role = res("aws-native:iam:Role", "caller", {
            roleName: "caller",
            assumeRolePolicyDocument: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${HUB}:role/agent` }, Action: "sts:AssumeRole" }),
            policies: [{ policyName: "invoke", policyDocument: invoke(GATEWAY_ARN) }],
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        });
        const problems = spokeCallerAlone.check(role, DEFAULT_CONFIG).problems;
        assert.strictEqual(problems.length, 1, JSON.stringify(problems));
        assert.match(problems[0].problem.message, /AWS-managed policy "arn:aws:iam::aws:policy\/AdministratorAccess"/);
    });
});

describe("per-type facts come from the installed SDKs", () => {
    it("the Optional+Computed table is what the installed declarations say", () => {
        assert.deepStrictEqual(OPTIONAL_COMPUTED, derivation.derive());
        assert.ok(OPTIONAL_COMPUTED["aws:iam/role:Role"]?.includes("inlinePolicies") && OPTIONAL_COMPUTED["aws:apigateway/restApi:RestApi"]?.includes("policy"));
    });

    it("every resource token the pack models is a __pulumiType of the installed SDK", () => {
        for (const token of Object.values(T).flat()) {
            const [provider, module, name] = token.split(":");
            const dir = path.dirname(require.resolve(`@pulumi/${provider}/package.json`));
            const rel = provider === "aws" ? module : `${module}/${name.charAt(0).toLowerCase()}${name.slice(1)}`;
            const js = path.join(dir, `${rel}.js`);
            assert.ok(fs.existsSync(js) && fs.readFileSync(js, "utf8").includes(`__pulumiType = '${token}'`), token);
        }
    });
});
