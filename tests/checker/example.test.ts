import * as assert from "node:assert/strict";
import type { GatewayAccess } from "../../checker/access/types";
import type { CheckReport } from "../../checker/report/types";
import { CliResult, EXAMPLE, assertBuilt, assertExit, jsonReport, runAll } from "./cli";

const SUPPORT_ROLE = "arn:aws:iam::222222222222:role/agentcore-callers/support-agent";
const BOOKING_ROLE = "arn:aws:iam::333333333333:role/agentcore-callers/booking-agent";
const REFUNDS_LAMBDA = "arn:aws:lambda:us-east-1:111111111111:function:org-tools-refunds";
const HUB_ADMIN = "arn:aws:iam::111111111111:role/Admin";

function onlyGateway(report: CheckReport): GatewayAccess {
    assert.equal(report.access.gateways.length, 1, "the example has one gateway");
    return report.access.gateways[0];
}

function decisionsOf(gateway: GatewayAccess, who: (principal: string, invoker?: string) => boolean): Record<string, string> {
    const rows = gateway.cedar?.decisions.filter((d) => who(d.principal, d.invoker)) ?? [];
    return Object.fromEntries(rows.map((d) => [d.tool, d.decision]));
}

/** Who may invoke, as both reports must say: the two declared spoke roles, no one of the hub account. */
function assertInvokers(gateway: GatewayAccess): void {
    const principals = gateway.invokers.principals.map((p) => p.principal).sort();
    assert.deepEqual(principals, [SUPPORT_ROLE, BOOKING_ROLE].sort());
    assert.ok(gateway.invokers.principals.every((p) => p.kind === "role" && p.identityPolicy === "allows"), JSON.stringify(gateway.invokers.principals));
    assert.ok(!principals.includes(HUB_ADMIN) && principals.every((p) => !p.includes(":111111111111:")), "no principal of the hub account is named");
}

/** Cedar's answers: support may refund (below a limit), booking may book, an undeclared caller nothing. */
function assertCedar(gateway: GatewayAccess): void {
    assert.equal(gateway.cedar?.mode, "ENFORCE");
    assert.deepEqual(decisionsOf(gateway, (_p, invoker) => invoker === SUPPORT_ROLE), {
        refunds___process_refund: "conditional",
        reservations___CheckReservation: "denied",
        reservations___CreateReservation: "denied",
    });
    assert.deepEqual(decisionsOf(gateway, (_p, invoker) => invoker === BOOKING_ROLE), {
        refunds___process_refund: "denied",
        reservations___CheckReservation: "allowed",
        reservations___CreateReservation: "conditional",
    });
    const undeclared = decisionsOf(gateway, (_p, invoker) => invoker === undefined);
    assert.deepEqual(Object.keys(undeclared).sort(), gateway.tools.map((t) => t.action).sort());
    assert.ok(Object.values(undeclared).every((d) => d === "denied"), `an undeclared caller gets a tool: ${JSON.stringify(undeclared)}`);
    const forbid = gateway.cedar?.policies.find((p) => p.name === "no_large_parties");
    assert.deepEqual({ effect: forbid?.effect, tools: forbid?.tools, principals: forbid?.principals, input: forbid?.inputConditions }, {
        effect: "forbid",
        tools: ["reservations___CreateReservation"],
        principals: ["*"],
        input: true,
    });
}

describe("checker: agentcore-hub check on the reference example (examples/hub-and-spoke)", function () {
    this.timeout(300_000);
    let runs: Record<"text" | "preview" | "update", CliResult>;

    before(async () => {
        assertBuilt();
        runs = await runAll({
            text: ["check", EXAMPLE],
            preview: ["check", EXAMPLE, "--format", "json"],
            update: ["check", EXAMPLE, "--format", "json", "--mode", "update"],
        });
    });

    it("exits 0 with a report readable at a glance (text on stdout, nothing on a non-terminal stderr)", () => {
        const { stdout, stderr } = runs.text;
        assertExit(runs.text, 0);
        assert.equal(stderr, "", "no progress indicator when stderr is not a terminal");
        for (const expected of [
            /^agentcore-hub check examples\/hub-and-spoke$/m,
            /stack dev, first preview/,
            /policy pack agentcore-hub@\d+\.\d+\.\d+ \(\d+ policies\) over the Analyzer protocol/,
            /^Resources: \d+ in 3 accounts$/m,
            /^ {2}AgentGatewayHub "hub" +111111111111 +us-east-1 +\d+ +.*Gateway/m,
            /^ {2}SpokeCaller "support-agent" +222222222222 +us-east-1 +1 +Role$/m,
            /^ {2}SpokeCaller "booking-agent" +333333333333 +us-east-1 +1 +Role$/m,
            /^✓ No mandatory violation$/m,
            /^ {2}Gateway "org-tools" \(account 111111111111, inbound AWS_IAM/m,
            /✓ role arn:aws:iam::222222222222:role\/agentcore-callers\/support-agent/,
            /→ booking-agent \(333333333333\): ✓ reservations___CheckReservation/,
            /→ any undeclared caller .*: ✗ no tool/,
            /^ {4}Tool calls audited: ✓ InvokeGateway data events recorded by Trail "hub-audit-trail"$/m,
            /^Result: PASS/m,
        ]) {
            assert.match(stdout, expected);
        }
    });

    it("reports in JSON: program, pack, resources per component and account, no violation", () => {
        assertExit(runs.preview, 0);
        const report = jsonReport(runs.preview);
        assert.equal(report.schemaVersion, 1);
        assert.deepEqual({ project: report.program.project, stack: report.program.stack, mode: report.program.mode }, { project: "agentcore-hub-and-spoke", stack: "dev", mode: "preview" });
        assert.match(report.program.entry, /examples\/hub-and-spoke\/index\.ts$/);
        assert.equal(report.policyPack.name, "agentcore-hub");
        assert.ok(report.policyPack.policies.some((p) => p.name === "agentcore-deferred-to-update" && p.enforcementLevel === "advisory"));
        assert.equal(report.passed, true);
        assert.deepEqual(report.violations, []);
        const byComponent = Object.fromEntries(report.resources.map((g) => [`${g.component?.name ?? "(program)"}@${g.account}`, g.resources.length]));
        assert.equal(byComponent["support-agent@222222222222"], 1);
        assert.equal(byComponent["booking-agent@333333333333"], 1);
        assert.ok(byComponent["hub@111111111111"] > 10, JSON.stringify(byComponent));
        assert.equal(report.counts.resources, report.resources.reduce((n, g) => n + g.resources.length, 0));
        for (const d of report.deferred) assert.ok(d.policy !== "" && d.items.length > 0 && d.resource.urn.startsWith("urn:pulumi:dev::"), JSON.stringify(d));
        // The components look up account, Region and partition: the only functions answered offline.
        assert.deepEqual(report.emulatedInvokes.filter((t) => !/^aws(-native)?:index[:/]get(CallerIdentity|Region|Partition|AccountId)/.test(t)), []);
        for (const key of ["totalMs", "programMs", "packStartMs", "analyzeMs", "accessMs"] as const) assert.ok(report.timings[key] >= 0, key);
    });

    it("at preview, reads the gateway's callers from the template the grants component declared, and says so", () => {
        const gateway = onlyGateway(jsonReport(runs.preview));
        assert.equal(gateway.invokers.source, "declared");
        assert.ok(gateway.invokers.notes.some((n) => /unknown at this preview; read from the template GatewayConsumerGrants "hub-grants" declared/.test(n)), gateway.invokers.notes.join("\n"));
        assert.equal(gateway.arn, undefined, "the gateway ARN is unknown at a first preview");
        assertInvokers(gateway);
        assertCedar(gateway);
        assert.ok(gateway.cedar?.policies.every((p) => p.source === "declared"));
        const [role] = gateway.serviceRoles;
        assert.deepEqual(role.lambdaFunctions, [REFUNDS_LAMBDA]);
        assert.ok(role.unknown.some((u) => /execute-api:Invoke .*RestApi "hub-reservations-api"/.test(u)), role.unknown.join("\n"));
    });

    it("at update: the support-agent and booking-agent roles can invoke the gateway, the hub admin and undeclared roles cannot", () => {
        assertExit(runs.update, 0);
        const gateway = onlyGateway(jsonReport(runs.update));
        assert.equal(gateway.invokers.source, "deployed");
        assert.match(gateway.arn ?? "", /^arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway\/org-tools-[a-z0-9]{10}$/);
        assertInvokers(gateway);
        assertCedar(gateway);
        assert.deepEqual(gateway.tools.map((t) => t.action), ["refunds___process_refund", "reservations___CheckReservation", "reservations___CreateReservation"]);
        assert.deepEqual({ audited: gateway.toolCallAudit?.audited, trails: gateway.toolCallAudit?.trails.map((t) => t.name) }, { audited: "yes", trails: ["hub-audit-trail"] });
    });

    it("at update: the gateway role reaches exactly the refunds Lambda and the reservations API methods", () => {
        const report = jsonReport(runs.update);
        const [role] = onlyGateway(report).serviceRoles;
        assert.equal(role.arn, "arn:aws:iam::111111111111:role/agentcore-hub/org-tools-gateway");
        assert.deepEqual(role.lambdaFunctions, [REFUNDS_LAMBDA]);
        const api = report.access.restApis.find((a) => a.api.name === "hub-reservations-api");
        assert.ok(api?.id, "the REST API id is known at update");
        assert.deepEqual(role.apiMethods.sort(), [
            `arn:aws:execute-api:us-east-1:111111111111:${api.id}/v1/GET/reservations/*`,
            `arn:aws:execute-api:us-east-1:111111111111:${api.id}/v1/POST/reservations`,
        ]);
        assert.ok(role.policyEngine.every((r) => r.startsWith("arn:aws:bedrock-agentcore:us-east-1:111111111111:")), role.policyEngine.join(", "));
        assert.deepEqual([role.other, role.unknown], [[], []]);
        // The hub's own customer-managed key (I15), created in the same program.
        assert.equal(role.kmsKeys.length, 1);
        assert.match(role.kmsKeys[0], /^arn:aws:kms:us-east-1:111111111111:key\/[0-9a-f-]{36}$/);
    });

    it("names who the REST API admits: the gateway role and AgentCore for this gateway; everyone else is denied", () => {
        const [api] = jsonReport(runs.update).access.restApis;
        assert.deepEqual(api.exposedBy.map((g) => g.name), ["hub-gateway"]);
        assert.deepEqual(api.allows.map((a) => `${a.principal.kind}:${a.principal.principal}`).sort(), [
            "role:arn:aws:iam::111111111111:role/agentcore-hub/org-tools-gateway",
            "service:bedrock-agentcore.amazonaws.com",
        ]);
        assert.deepEqual(api.denies.map((d) => d.principal.kind), ["anyone"]);
        assert.ok(api.methods.every((m) => m.authorization === "AWS_IAM"), JSON.stringify(api.methods));
    });
});
