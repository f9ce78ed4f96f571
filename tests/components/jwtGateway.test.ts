import * as assert from "assert";
import { buildAccessSummary } from "../../checker/access/summary";
import { CapturedStack, ProgramRunError, runUnderMocks } from "../../checker/engine/capture";
import { AgentGatewayHub, GATEWAY_ARN, accountProviders } from "../../components";
import { buildJwtGatewayPolicy, checkJwtNetworkScope, checkWildcardNarrowing } from "../../invariants/documents/jwtGatewayPolicy";
import { readPolicyDocument } from "../../invariants/policyDocument";

/** A CUSTOM_JWT hub: its resource-based policy ("*" narrowed to a network) and what the access summary says of it. */
const JWT = { type: "CUSTOM_JWT" as const, discoveryUrl: "https://issuer.example.com/.well-known/openid-configuration", allowedAudiences: ["org-tools"], allowedClients: ["agent-client"] };
const TOOL = { name: "process_refund", description: "Refund", inputSchema: { type: "object" as const, properties: { amount: { type: "integer" as const } } } };

function jwtHub(network: Parameters<AgentGatewayHub["allowJwtCallers"]>[0]): () => void {
    return () => {
        const hub = accountProviders("hub", "111111111111", "us-east-1");
        new AgentGatewayHub("hub", {
            gatewayName: "org-tools",
            inboundAuth: JWT,
            targets: [{ kind: "lambda", name: "refunds", function: { arn: "arn:aws:lambda:us-east-1:111111111111:function:refunds" }, tools: [TOOL] }],
        }, { providers: hub.list }).allowJwtCallers(network);
    };
}

describe("CUSTOM_JWT gateways: Principal * narrowed to a network", function () {
    this.timeout(120_000);
    let stack: CapturedStack;
    before(async () => {
        stack = await runUnderMocks(jwtHub({ sourceVpce: ["vpce-0a1b2c3d4e5f60718"], sourceIp: ["203.0.113.0/24", "198.51.100.7"] }), { mode: "update", project: "jwt", stack: "dev" });
    });

    it("registers one statement per kind of network condition, InvokeGateway on the exact gateway ARN, with the documented operators", () => {
        const rp = stack.resources.find((r) => r.type === "aws-native:bedrockagentcore:ResourcePolicy");
        assert.ok(rp);
        const arn = String(rp.inputs.resourceArn);
        assert.match(arn, /^arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway\/org-tools-[a-z0-9]{10}$/);
        assert.deepStrictEqual(JSON.parse(String(rp.inputs.policy)), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "JwtCallersSourceVpce", Effect: "Allow", Principal: "*", Action: "bedrock-agentcore:InvokeGateway", Resource: arn, Condition: { StringEquals: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" } } },
                { Sid: "JwtCallersSourceIp", Effect: "Allow", Principal: "*", Action: "bedrock-agentcore:InvokeGateway", Resource: arn, Condition: { IpAddress: { "aws:SourceIp": ["198.51.100.7", "203.0.113.0/24"] } } },
            ],
        });
    });

    it("the access summary says what holds for a JWT gateway: the token's issuer, audiences and clients, and the networks; no IAM-only note", () => {
        const [gateway] = buildAccessSummary(stack).gateways;
        assert.strictEqual(gateway.inboundAuth, "CUSTOM_JWT");
        assert.deepStrictEqual(gateway.jwt, { discoveryUrl: JWT.discoveryUrl, audiences: ["org-tools"], clients: ["agent-client"] });
        assert.deepStrictEqual(gateway.invokers.principals.map((p) => [p.kind, p.principal, p.conditions]), [
            ["anyone", "*", ["StringEquals aws:sourcevpce=vpce-0a1b2c3d4e5f60718"]],
            ["anyone", "*", ["IpAddress aws:sourceip=198.51.100.7|203.0.113.0/24"]],
        ]);
        const notes = gateway.invokers.notes.join("\n");
        assert.match(notes, /Inbound CUSTOM_JWT: a caller needs a bearer token from issuer https:\/\/issuer\.example\.com\/\.well-known\/openid-configuration; audiences org-tools; clients agent-client/);
        assert.match(notes, /Token holders are admitted only from: StringEquals aws:sourcevpce=vpce-0a1b2c3d4e5f60718; IpAddress aws:sourceip=198\.51\.100\.7\|203\.0\.113\.0\/24\./);
        assert.doesNotMatch(notes, /IAM.s same-account rule: principals of the gateway.s own account/);
        assert.match(gateway.cedar?.notes.join("\n") ?? "", /AgentCore::OAuthUser/);
        assert.deepStrictEqual(gateway.cedar?.decisions, []);
    });

    it("refuses bad network values at construction, naming each argument", async () => {
        await assert.rejects(runUnderMocks(jwtHub({ sourceVpc: ["vpc-1"], sourceIp: ["0.0.0.0/0"] }), { mode: "preview", project: "jwt", stack: "dev" }), (e: unknown) => {
            assert.ok(e instanceof ProgramRunError);
            const text = e.errors.join("\n");
            assert.match(text, /\[I7\] network\.sourceVpc\[0\] = "vpc-1" is not a VPC id \(vpc-…\)\./);
            assert.match(text, /\[I7\] network\.sourceIp\[0\] = "0\.0\.0\.0\/0" is not a CIDR narrower than \/0\./);
            return true;
        });
    });

    it("the pack's reading of a narrowed '*' and the component's builder agree on the documented forms", () => {
        const scope = { sourceVpc: ["vpc-0123456789abcdef0"] };
        assert.deepStrictEqual(checkJwtNetworkScope(scope), []);
        const parsed = readPolicyDocument(JSON.stringify(buildJwtGatewayPolicy("arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/g-abcdefghij", scope)));
        assert.ok(parsed.ok);
        assert.deepStrictEqual(checkWildcardNarrowing(parsed.statements[0]), { problems: [], deferred: [] });
        // StringEqualsIfExists lets a request without the key in: not a narrowing.
        const ifExists = readPolicyDocument({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "bedrock-agentcore:InvokeGateway", Resource: "x", Condition: { StringEqualsIfExists: { "aws:SourceVpc": "vpc-0123456789abcdef0" } } }] });
        assert.ok(ifExists.ok);
        assert.match(checkWildcardNarrowing(ifExists.statements[0]).problems[0].message, /lets every principal \("\*"\) invoke the gateway with no network condition/);
    });
});

describe("one rule, one place: exact construction errors", function () {
    this.timeout(120_000);
    async function errorsOf(program: () => void, config: Record<string, string> = {}): Promise<string> {
        try {
            await runUnderMocks(program, { mode: "preview", project: "jwt", stack: "dev", config });
        } catch (e) {
            if (e instanceof ProgramRunError) return e.errors.join("\n");
            throw e;
        }
        return "";
    }
    const providers = () => accountProviders("hub", "111111111111", "us-east-1").list;
    const target = { kind: "lambda" as const, name: "refunds", function: { arn: "arn:aws:lambda:us-east-1:111111111111:function:refunds" }, tools: [TOOL] };

    it("grantInvoke on a CUSTOM_JWT hub", async () => {
        const text = await errorsOf(() => new AgentGatewayHub("hub", { gatewayName: "org-tools", inboundAuth: JWT, targets: [target] }, { providers: providers() }).grantInvoke([{ roleArn: "arn:aws:iam::222222222222:role/agent" }]));
        assert.ok(text.includes('AgentGatewayHub "hub" has 1 problem:\n  - [I7] grantInvoke names IAM consumers, but the gateway\'s inboundAuth is CUSTOM_JWT: its callers present a bearer token, not an IAM identity, so an IAM principal in its resource policy never matches them (AWS: OAuth gateways must use "Principal": "*" narrowed by conditions). Fix: Use allowJwtCallers({ sourceVpce | sourceVpc | sourceIp }) and let the token\'s issuer, audiences and clients say who calls; or keep inboundAuth AWS_IAM for IAM consumers.'), text);
    });

    it("a LOG_ONLY policy in a production stack", async () => {
        const statement = `permit(principal is AgentCore::IamEntity, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"${GATEWAY_ARN}") when { principal.id like "arn:aws:sts::222222222222:assumed-role/agent/*" };`;
        const text = await errorsOf(() => new AgentGatewayHub("hub", { gatewayName: "org-tools", targets: [target], policyEngine: { policies: [{ name: "p1", statement, enforcement: "LOG_ONLY" }] } }, { providers: providers() }));
        assert.ok(text.includes('  - [I9] policyEngine.policies[0].enforcement is "LOG_ONLY" in a production stack: what the policy forbids is only logged, what it permits is not granted. Fix: Use "ACTIVE" (the default) once the staged rollout is over, or stage it in a stack with agentcore-hub:production = false.'), text);
        assert.strictEqual(await errorsOf(() => new AgentGatewayHub("hub", { gatewayName: "org-tools", targets: [target], policyEngine: { policies: [{ name: "p1", statement, enforcement: "LOG_ONLY" }] } }, { providers: providers() }), { "agentcore-hub:production": "false" }), "");
    });

    it("a production argument that disagrees with the stack's setting, and a setting that is not a boolean", async () => {
        const text = await errorsOf(() => new AgentGatewayHub("hub", { gatewayName: "org-tools", targets: [target], production: true }, { providers: providers() }), { "agentcore-hub:production": "false" });
        assert.ok(text.includes("  - [I9] production = true, but the stack's production mode (agentcore-hub:production) is false: the production mode is one setting of the stack, read by the components and given to the policy pack. Fix: Remove the argument and set the stack's mode: pulumi config set agentcore-hub:production true; give the pack the same value (README \"Production mode\")."), text);
        const bad = await errorsOf(() => new AgentGatewayHub("hub", { gatewayName: "org-tools", targets: [target] }, { providers: providers() }), { "agentcore-hub:production": "no" });
        assert.ok(bad.includes('  - [I9] Stack config agentcore-hub:production = "no" is not true or false. Fix: pulumi config set agentcore-hub:production false (or true, or leave it unset for production).'), bad);
    });
});
