import { strict as assert } from "node:assert";
import * as path from "path";
import { PolicyDiagnostic, PolicyPackSession, startPolicyPack } from "../../checker/engine/analyzerClient";
import { EngineMode, runUnderMocks } from "../../checker/engine/capture";
import { RawCase, rawPerimeter } from "./support/rawPerimeter";

/**
 * The perimeter rules over the real Analyzer protocol (the compiled pack in dist/policypack, as
 * the CLI starts it), on raw programs at a first preview and at update: mandatory, and naming
 * the resource. The rules' exact messages are tested directly in tests/components/perimeter.test.ts.
 */
const PACK = path.resolve(__dirname, "../../dist/policypack");

function perimeter(diags: PolicyDiagnostic[]): string[] {
    return diags
        .filter((d) => d.enforcementLevel === "mandatory" && (d.policyName === "agentcore-gateway-waf" || d.policyName === "agentcore-gateway-endpoint-policy"))
        // The CLI's message is the policy's description, then the violation (its last line).
        .map((d) => `${d.policyName} ${d.urn?.split("::").pop()}: ${d.message.split("\n").pop()!.split(" Fix:")[0]}`);
}

for (const mode of ["preview", "update"] as EngineMode[]) {
    describe(`perimeter rules over gRPC (${mode})`, function () {
        this.timeout(600_000);
        let session: PolicyPackSession;
        before(async () => {
            session = await startPolicyPack(PACK, { stack: { project: "project", stack: "dev", dryRun: mode === "preview" } });
        });
        after(async () => session?.close());

        const run = async (c: RawCase): Promise<string[]> => {
            const stack = await runUnderMocks(() => rawPerimeter(c), { mode, project: "raw-perimeter", stack: "dev" });
            const r = await session.analyzeEvery(stack);
            return perimeter([...r.resources, ...r.stack]);
        };

        it("registers both rules as mandatory stack policies", () => {
            const levels = new Map(session.info.policies.map((p) => [p.name, p.enforcementLevel]));
            assert.equal(levels.get("agentcore-gateway-waf"), "mandatory");
            assert.equal(levels.get("agentcore-gateway-endpoint-policy"), "mandatory");
        });

        it("a fail-closed aws-native gateway with a web ACL, and a caller-only endpoint: nothing", async () => {
            assert.deepEqual(await run({ gateway: "native", waf: "failClose", ...(mode === "update" ? { endpointPolicy: "caller" as const } : {}) }), []);
        });

        it("no web ACL in production", async () => {
            assert.deepEqual(await run({ gateway: "native", waf: "none" }), ['agentcore-gateway-waf gateway: [I13] Gateway "gateway": no WAF web ACL is associated with this gateway in a production stack.']);
        });

        it("a web ACL on the @pulumi/aws gateway, which cannot fail closed", async () => {
            assert.deepEqual(await run({ gateway: "bridged", waf: "unset" }), ['agentcore-gateway-waf gateway: [I13] AgentcoreGateway "gateway": the gateway has a web ACL, but its resource type cannot set wafConfiguration.failureMode (the @pulumi/aws gateway has no such property) and AWS documents no default.']);
        });

        it("an endpoint policy allowing *", async () => {
            assert.deepEqual(await run({ gateway: "native", waf: "failClose", endpointPolicy: "star" }), [
                'agentcore-gateway-endpoint-policy to-hub: [I8] VpcEndpoint "to-hub": statement 0 allows Principal "*" with no exact aws:PrincipalArn condition: anyone with network access to the endpoint.',
                `agentcore-gateway-endpoint-policy to-hub: [I8] VpcEndpoint "to-hub": statement 0 allows Resource "*": every gateway in every account, not only the hub's.`,
            ]);
        });
    });
}
