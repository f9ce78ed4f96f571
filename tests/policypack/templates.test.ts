import * as assert from "assert";
import { GATEWAY_ARN_PLACEHOLDER } from "../../invariants/cedar/validate";
import { compareCedarPolicies } from "../../invariants/cedar/normalize";
import { planGatewayResourcePolicy } from "../../invariants/documents/gatewayGrants";
import { comparePolicyDocuments, roleArnSlot } from "../../invariants/documents/normalize";
import { ReadValue } from "../../invariants/policyDocument";
import { UNKNOWN } from "../../invariants/unknown";
import { DEFAULT_CONFIG, PackConfig } from "../../policypack/config";
import { clearDeclarations, recordDeclaration } from "../../policypack/model/declared";
import { ModelResource } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { COMPONENT_TYPES } from "../../policypack/model/types";
import { cedarPolicies } from "../../policypack/policies/cedar";
import { cedarPolicyResource } from "../../policypack/policies/cedarPolicy";
import { Findings } from "../../policypack/policies/framework";
import { gatewayResourcePolicyResource } from "../../policypack/policies/gatewayResourcePolicy";
import { gatewayConsumerGrants } from "../../policypack/policies/grants";
import { awsLimits } from "../../policypack/policies/limits";
import { awsLimitsResource } from "../../policypack/policies/limitsResource";

/**
 * Declared templates against deployed values, by meaning; declarations that never reached the
 * pack named as undecided; and what one resource decides alone raised by its resource policy
 * (Analyze) and not repeated by the stack policies (AnalyzeStack).
 */
const GW_ARN = "arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/hub-abcdefghij";
const SPOKE_ROLE = "arn:aws:iam::222222222222:role/agentcore-callers/support-agent";
const OTHER_ROLE = "arn:aws:iam::333333333333:role/booking-agent";
const CONFIG: PackConfig = DEFAULT_CONFIG;

type Mode = "preview" | "update";

function gateway(mode: Mode, name = "hub"): ModelResource {
    return {
        urn: "urn:gw",
        type: "aws-native:bedrockagentcore:Gateway",
        name: "hub-gateway",
        props: { name, authorizerType: "AWS_IAM", gatewayArn: mode === "update" ? GW_ARN : UNKNOWN, gatewayIdentifier: mode === "update" ? "hub-abcdefghij" : UNKNOWN },
        propertyDependencies: {},
        dependencies: [],
    };
}

const grantsComponent: ModelResource = { urn: "urn:grants", type: COMPONENT_TYPES.grants, name: "hub-grants", props: {}, propertyDependencies: {}, dependencies: [] };
const hubComponent: ModelResource = { urn: "urn:hub", type: COMPONENT_TYPES.hub, name: "hub", props: {}, propertyDependencies: {}, dependencies: [] };

function resourcePolicy(mode: Mode, policy: ReadValue, parent = "urn:grants"): ModelResource {
    return {
        urn: "urn:rp",
        type: "aws-native:bedrockagentcore:ResourcePolicy",
        name: "hub-grants-policy",
        props: { resourceArn: mode === "update" ? GW_ARN : UNKNOWN, policy: mode === "update" ? policy : UNKNOWN },
        propertyDependencies: { resourceArn: ["urn:gw"], policy: ["urn:gw"] },
        dependencies: ["urn:gw"],
        parent,
    };
}

/** The template GatewayConsumerGrants declares: a spoke role as a slot, an exact role as given. */
function grantsTemplate(): string {
    const plan = planGatewayResourcePolicy(GATEWAY_ARN_PLACEHOLDER, [
        { kind: "role", roleArn: roleArnSlot("/agentcore-callers/", "support-agent") },
        { kind: "role", roleArn: OTHER_ROLE },
    ], { form: "statement-per-consumer" });
    assert.ok(!Array.isArray(plan));
    return JSON.stringify(plan.document);
}

function grantsModel(mode: Mode, deployed: ReadValue): StackModel {
    return new StackModel([gateway(mode), grantsComponent, resourcePolicy(mode, deployed)]);
}

const TEMPLATE = `permit(principal is AgentCore::IamEntity, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}") when { principal.id like "arn:aws:sts::222222222222:assumed-role/support-agent/*" };`;
const rendered = (arn: string) => TEMPLATE.split(GATEWAY_ARN_PLACEHOLDER).join(arn);

function cedarModel(mode: Mode, statement: ReadValue, opts: { gatewayName?: string; policyName?: string } = {}): StackModel {
    const engine: ModelResource = { urn: "urn:engine", type: "aws-native:bedrockagentcore:PolicyEngine", name: "engine", props: { name: "hub_engine", policyEngineArn: mode === "update" ? "arn:aws:bedrock-agentcore:us-east-1:111111111111:policy-engine/hub_engine-abc" : UNKNOWN }, propertyDependencies: {}, dependencies: [], parent: "urn:hub" };
    const gw = gateway(mode, opts.gatewayName);
    gw.props.policyEngineConfiguration = { arn: engine.props.policyEngineArn, mode: "ENFORCE" };
    gw.propertyDependencies = { policyEngineConfiguration: ["urn:engine"] };
    const target: ModelResource = {
        urn: "urn:target",
        type: "aws-native:bedrockagentcore:GatewayTarget",
        name: "refunds",
        props: { name: "refunds", gatewayIdentifier: gw.props.gatewayIdentifier, targetConfiguration: { mcp: { lambda: { lambdaArn: "arn:aws:lambda:us-east-1:111111111111:function:refunds", toolSchema: { inlinePayload: [{ name: "process_refund", description: "Refund", inputSchema: { type: "object", properties: { amount: { type: "number" } } } }] } } } } },
        propertyDependencies: { gatewayIdentifier: ["urn:gw"] },
        dependencies: ["urn:gw"],
        parent: "urn:hub",
    };
    const policy: ModelResource = {
        urn: "urn:policy",
        type: "aws-native:bedrockagentcore:Policy",
        name: "hub-policy-0",
        props: { name: opts.policyName ?? "refunds_support", policyEngineId: engine.props.policyEngineArn, definition: statement === UNKNOWN ? UNKNOWN : { cedar: { statement } } },
        propertyDependencies: { policyEngineId: ["urn:engine"], definition: ["urn:gw"] },
        dependencies: ["urn:engine", "urn:gw"],
        parent: "urn:hub",
    };
    return new StackModel([hubComponent, engine, gw, target, policy]);
}

function messages(f: Findings): string[] {
    return f.problems.map((p) => `[${p.problem.invariant}] ${p.problem.message}`);
}

function deferred(f: Findings): string[] {
    return f.deferred.map((d) => d.item);
}

/** The deployed policy re-serialized: keys reordered, whitespace, single strings for one-element lists. */
const RESERIALIZED = `{
  "Statement": [
    { "Resource": "${GW_ARN}",  "Principal": { "AWS": ["${OTHER_ROLE}"] }, "Action": "bedrock-agentcore:invokegateway", "Effect": "Allow" },
    { "Effect": "Allow", "Action": ["bedrock-agentcore:InvokeGateway"], "Resource": ["${GW_ARN}"], "Principal": { "AWS": "${SPOKE_ROLE}" }, "Sid": "Renamed" }
  ],
  "Version": "2012-10-17"
}`;

describe("declared templates vs deployed values, by meaning", () => {
    beforeEach(() => clearDeclarations());

    describe("IAM documents (invariants/documents/normalize.ts)", () => {
        it("a single Statement object, single-string Action/Resource/principal, reordered keys and whitespace mean the same", () => {
            const declared = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["bedrock-agentcore:InvokeGateway"], Resource: [GW_ARN], Principal: { AWS: [SPOKE_ROLE] }, Condition: { StringEquals: { "aws:SourceAccount": ["111111111111"] } } }] };
            const deployed = `{"Statement":{"Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111"}},"Principal":{"AWS":"${SPOKE_ROLE}"},"Resource":"${GW_ARN}","Action":"bedrock-agentcore:InvokeGateway","Effect":"Allow"},"Version":"2012-10-17"}`;
            assert.deepStrictEqual(comparePolicyDocuments(deployed, declared), { kind: "equal" });
            assert.deepStrictEqual(comparePolicyDocuments({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "x:Y", Resource: "*" }] }, { Version: "2012-10-17", Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: ["x:Y"], Resource: ["*"] } }), { kind: "equal" });
        });

        it("a different action, principal, condition value or an extra statement is a difference", () => {
            const declared = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: GW_ARN, Principal: { AWS: SPOKE_ROLE }, Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } }] };
            const variants: unknown[] = [
                { ...declared, Statement: [{ ...declared.Statement[0], Action: ["bedrock-agentcore:InvokeGateway", "bedrock-agentcore:*"] }] },
                { ...declared, Statement: [{ ...declared.Statement[0], Principal: { AWS: "arn:aws:iam::222222222222:root" } }] },
                { ...declared, Statement: [{ ...declared.Statement[0], Condition: { StringEquals: { "aws:SourceAccount": ["111111111111", "999999999999"] } } }] },
                { ...declared, Statement: [...declared.Statement, { Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: GW_ARN, Principal: { AWS: OTHER_ROLE } }] },
            ];
            for (const v of variants) assert.strictEqual(comparePolicyDocuments(JSON.stringify(v), declared).kind, "different", JSON.stringify(v));
        });

        it("a role-ARN slot matches that role in any account, and no other role", () => {
            const declared = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: GW_ARN, Principal: { AWS: roleArnSlot("/agentcore-callers/", "support-agent") } }] };
            const deployed = (principal: string) => ({ ...declared, Statement: [{ ...declared.Statement[0], Principal: { AWS: principal } }] });
            assert.strictEqual(comparePolicyDocuments(deployed(SPOKE_ROLE), declared).kind, "equal");
            assert.strictEqual(comparePolicyDocuments(deployed("arn:aws:iam::222222222222:role/agentcore-callers/other-agent"), declared).kind, "different");
            assert.strictEqual(comparePolicyDocuments(deployed("arn:aws:iam::222222222222:root"), declared).kind, "different");
        });

        it("an unknown or unreadable side is undecidable, and says which side", () => {
            const declared = JSON.parse(grantsTemplate()) as ReadValue;
            assert.deepStrictEqual(comparePolicyDocuments(UNKNOWN, declared), { kind: "undecidable", side: "deployed", unknown: true, reason: "it is not known yet" });
            const broken = comparePolicyDocuments("{not json", declared);
            assert.ok(broken.kind === "undecidable" && broken.side === "deployed" && !broken.unknown && /not valid JSON/.test(broken.reason), JSON.stringify(broken));
        });
    });

    describe("the gateway resource policy (agentcore-gateway-consumer-grants)", () => {
        it("a re-serialized deployed policy matches its template", () => {
            recordDeclaration("urn:grants", { resourcePolicyTemplate: grantsTemplate() });
            const f = gatewayConsumerGrants.check(grantsModel("update", RESERIALIZED), CONFIG);
            assert.deepStrictEqual([...messages(f), ...deferred(f)], []);
        });

        it("a semantically different deployed policy is a violation, naming the difference", () => {
            recordDeclaration("urn:grants", { resourcePolicyTemplate: grantsTemplate() });
            const widened = RESERIALIZED.replace(`"AWS": ["${OTHER_ROLE}"]`, `"AWS": ["${OTHER_ROLE}", "arn:aws:iam::444444444444:role/intruder"]`);
            const f = gatewayConsumerGrants.check(grantsModel("update", widened), CONFIG);
            assert.strictEqual(f.problems.length, 1, messages(f).join("\n"));
            assert.match(messages(f)[0], /^\[I7\] ResourcePolicy "hub-grants-policy": the deployed policy differs from the one GatewayConsumerGrants "hub-grants" declared: .*intruder/);
        });

        it("an unreadable deployed policy is reported by the comparison and by the resource policy, not skipped", () => {
            recordDeclaration("urn:grants", { resourcePolicyTemplate: grantsTemplate() });
            const model = grantsModel("update", "{not json");
            assert.match(messages(gatewayConsumerGrants.check(model, CONFIG)).join("\n"), /cannot be compared with the one GatewayConsumerGrants "hub-grants" declared: the document is not valid JSON/);
            assert.match(messages(gatewayResourcePolicyResource.check(model.get("urn:rp")!, CONFIG)).join("\n"), /\[I7\].*unreadable/);
        });

        it("at a first preview the template is checked in the policy's place, the spoke role's account left to pulumi up only when accounts are restricted", () => {
            recordDeclaration("urn:grants", { resourcePolicyTemplate: grantsTemplate() });
            const open = gatewayConsumerGrants.check(grantsModel("preview", UNKNOWN), CONFIG);
            assert.deepStrictEqual([...messages(open), ...deferred(open)], []);
            const restricted = gatewayConsumerGrants.check(grantsModel("preview", UNKNOWN), { ...CONFIG, allowedConsumerAccounts: ["333333333333"] });
            assert.deepStrictEqual(messages(restricted), []);
            assert.deepStrictEqual(deferred(restricted).map((d) => /spoke roles \/agentcore-callers\/support-agent .* checked at pulumi up/.test(d)), [true]);
            const bad = grantsTemplate().replace(`"${OTHER_ROLE}"`, '"*"');
            recordDeclaration("urn:grants", { resourcePolicyTemplate: bad });
            assert.match(messages(gatewayConsumerGrants.check(grantsModel("preview", UNKNOWN), CONFIG)).join("\n"), /as declared by GatewayConsumerGrants "hub-grants".*every principal \("\*"\)/);
        });
    });

    describe("Cedar statements (agentcore-cedar-policies)", () => {
        it("Cedar's parsed form ignores formatting, comments and the order of an action set", () => {
            const reformatted = `// support may refund\npermit (\n    principal is AgentCore::IamEntity,\n    action == AgentCore::Action::"refunds___process_refund",\n    resource == AgentCore::Gateway::"${GW_ARN}"\n)\nwhen {\n    principal.id like "arn:aws:sts::222222222222:assumed-role/support-agent/*"\n};`;
            assert.deepStrictEqual(compareCedarPolicies(reformatted, rendered(GW_ARN)), { kind: "equal" });
            const set = (a: string, b: string) => `permit(principal, action in [AgentCore::Action::"${a}", AgentCore::Action::"${b}"], resource == AgentCore::Gateway::"${GW_ARN}");`;
            assert.deepStrictEqual(compareCedarPolicies(set("t___a", "t___b"), set("t___b", "t___a")), { kind: "equal" });
            assert.strictEqual(compareCedarPolicies(rendered(GW_ARN).replace("support-agent/*", "*"), rendered(GW_ARN)).kind, "different");
        });

        it("a re-formatted deployed statement matches its template; a different one is a violation; an unreadable one is reported", () => {
            recordDeclaration("urn:hub", { gatewayName: "hub", cedarPolicyTemplates: [{ name: "refunds_support", statement: TEMPLATE }] });
            const same = cedarPolicies.check(cedarModel("update", rendered(GW_ARN).replace(/ /g, "\n  ")), CONFIG);
            assert.deepStrictEqual([...messages(same), ...deferred(same)], []);
            const widened = cedarPolicies.check(cedarModel("update", rendered(GW_ARN).replace("support-agent/*", "*")), CONFIG);
            assert.match(messages(widened).join("\n"), /\[I10\] Policy "hub-policy-0": the deployed statement differs from the one AgentGatewayHub "hub" declared and validated: parsed, its conditions differ/);
            const broken = cedarPolicies.check(cedarModel("update", "permit(principal"), CONFIG);
            assert.match(messages(broken).join("\n"), /cannot be compared with the one AgentGatewayHub "hub" declared: it does not parse as Cedar/);
        });
    });

    describe("declarations that did not reach the pack are named as undecided", () => {
        const CAUSES = /Node SDK older than 3\.202, PULUMI_NODEJS_SKIP_COMPONENT_INPUTS set, or an SDK that no longer sends component inputs \(pulumi\/pulumi#23961\)/;

        it("no record from Analyze: each check that needed the grants template names the component, the input and the cause", () => {
            const preview = grantsModel("preview", UNKNOWN);
            const grants = deferred(gatewayConsumerGrants.check(preview, CONFIG));
            const limits = deferred(awsLimits.check(preview, CONFIG));
            for (const [items, check] of [[grants, "the I7 check of the policy at this preview"], [limits, "the size of the gateway resource policy at this preview"]] as const) {
                assert.strictEqual(items.length, 1, items.join("\n"));
                assert.ok(items[0].includes(`${check} is undecided: GatewayConsumerGrants "hub-grants" did not declare resourcePolicyTemplate to the pack`), items[0]);
                assert.match(items[0], CAUSES);
            }
            const update = deferred(gatewayConsumerGrants.check(grantsModel("update", RESERIALIZED), CONFIG));
            assert.strictEqual(update.length, 1, update.join("\n"));
            assert.match(update[0], /the comparison of the deployed policy with the declared one is undecided: GatewayConsumerGrants "hub-grants" did not declare resourcePolicyTemplate/);
        });

        it("inputs that reached the pack empty (PULUMI_NODEJS_SKIP_COMPONENT_INPUTS) or a template the component could not declare are named with their cause", () => {
            recordDeclaration("urn:grants", {});
            assert.match(deferred(gatewayConsumerGrants.check(grantsModel("preview", UNKNOWN), CONFIG)).join("\n"), /reached the pack empty \(Node SDK older than 3\.202, PULUMI_NODEJS_SKIP_COMPONENT_INPUTS set/);
            recordDeclaration("urn:grants", { resourcePolicyTemplateOmitted: "a consumer role ARN is given as an output" });
            assert.match(deferred(gatewayConsumerGrants.check(grantsModel("preview", UNKNOWN), CONFIG)).join("\n"), /the component could not declare it: a consumer role ARN is given as an output/);
        });
    });

    describe("what one resource decides alone is a resource policy, not repeated by the stack policies", () => {
        it("I7: a '*' principal on a gateway resource policy is raised by Analyze alone", () => {
            const bad = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "bedrock-agentcore:InvokeGateway", Resource: GW_ARN }] });
            const model = new StackModel([gateway("update"), resourcePolicy("update", bad, "urn:none")]);
            const alone = gatewayResourcePolicyResource.check(model.get("urn:rp")!, CONFIG);
            assert.match(messages(alone).join("\n"), /\[I7\] ResourcePolicy "hub-grants-policy": statement 0 lets every principal \("\*"\) invoke the gateway/);
            assert.deepStrictEqual(messages(gatewayConsumerGrants.check(model, CONFIG)), []);
            const foreign = bad.replace('"Principal":"*"', `"Principal":{"AWS":"${OTHER_ROLE}"}`).replace(GW_ARN, "arn:aws:bedrock-agentcore:us-east-1:999999999999:gateway/other-abcdefghij");
            assert.match(messages(gatewayResourcePolicyResource.check(resourcePolicy("update", foreign, "urn:none"), CONFIG)).join("\n"), /but the policy is attached to/);
        });

        it("I12: a gateway resource policy over 20 KB is raised by Analyze alone", () => {
            const statements = Array.from({ length: 101 }, (_v, i) => ({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::333333333333:role/agent-${i}-${"x".repeat(150)}` }, Action: "bedrock-agentcore:InvokeGateway", Resource: GW_ARN }));
            const model = new StackModel([gateway("update"), resourcePolicy("update", JSON.stringify({ Version: "2012-10-17", Statement: statements }), "urn:none")]);
            const alone = messages(gatewayResourcePolicyResource.check(model.get("urn:rp")!, CONFIG)).filter((m) => m.startsWith("[I12]"));
            assert.strictEqual(alone.length, 2, alone.join("\n"));
            assert.match(alone.join("\n"), /the limit is 20480/);
            assert.match(alone.join("\n"), /101 statements; the limit is 100/);
            assert.deepStrictEqual(messages(awsLimits.check(model, CONFIG)), []);
        });

        it("I10: an unconditional permit-all Cedar policy is raised by Analyze alone", () => {
            const model = cedarModel("update", "permit(principal, action, resource);");
            const alone = messages(cedarPolicyResource.check(model.get("urn:policy")!, CONFIG));
            assert.match(alone.join("\n"), /\[I10\] Policy "hub-policy-0" permits every caller to call every tool on every gateway/);
            assert.deepStrictEqual(messages(cedarPolicies.check(model, CONFIG)).filter((m) => /permits every caller/.test(m)), []);
            assert.match(messages(cedarPolicyResource.check(cedarModel("update", "permit(principal").get("urn:policy")!, CONFIG)).join("\n"), /does not parse as Cedar/);
        });

        it("I12: a gateway name and a Cedar policy name beyond AgentCore's rules are raised by Analyze alone", () => {
            const model = cedarModel("update", rendered(GW_ARN), { gatewayName: "g".repeat(49), policyName: "bad-name" });
            assert.match(messages(awsLimitsResource.check(model.get("urn:gw")!, CONFIG)).join("\n"), /\[I12\] .*is not a valid gateway name/);
            assert.match(messages(cedarPolicyResource.check(model.get("urn:policy")!, CONFIG)).join("\n"), /\[I12\] .*is not a valid Cedar policy name/);
            const stack = [...messages(awsLimits.check(model, CONFIG)), ...messages(cedarPolicies.check(model, CONFIG))];
            assert.deepStrictEqual(stack.filter((m) => /is not a valid/.test(m)), []);
        });

        it("a value wholly unknown at Analyze is left to the stack policy, which names it (never a silent pass)", () => {
            const model = new StackModel([gateway("preview"), resourcePolicy("preview", UNKNOWN, "urn:none")]);
            const alone = gatewayResourcePolicyResource.check(model.get("urn:rp")!, CONFIG);
            assert.deepStrictEqual([...messages(alone), ...deferred(alone)], []);
            assert.match(deferred(gatewayConsumerGrants.check(model, CONFIG)).join("\n"), /the gateway resource policy is unknown/);
            assert.match(deferred(awsLimits.check(model, CONFIG)).join("\n"), /the size of the gateway resource policy is unknown/);
        });
    });
});
