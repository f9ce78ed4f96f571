import * as assert from "assert";
import { ReadValue } from "../../invariants/policyDocument";
import { UNKNOWN } from "../../invariants/unknown";
import { DEFAULT_CONFIG } from "../../policypack/config";
import { ModelResource, ReadObject } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { gatewayRateLimitResource, gatewayRateLimits } from "../../policypack/policies/rateLimits";
import { violationText } from "../../policypack/policies/framework";

/** Raw aws-native GatewayRateLimit resources, as a hand-written program would declare them. */
const TYPE = "aws-native:bedrockagentcore:GatewayRateLimit";
const PRINCIPAL = "$.context.iam.principal";
const ROLE = "arn:aws:iam::222222222222:role/agentcore-callers/support-agent";

function limit(name: string, props: ReadObject, extra: Partial<ModelResource> = {}): ModelResource {
    return { urn: `urn:pulumi:dev::raw::${TYPE}::${name}`, type: TYPE, name, props, propertyDependencies: {}, dependencies: [], ...extra };
}

function entry(dimensions: { [key: string]: ReadValue }, rate: ReadValue = 60, period: ReadValue = "minute"): ReadObject {
    return { dimensions, requests: [{ rate, period }] };
}

/** A secure per-caller limit: an exact role ARN and the `*` default. */
function secure(): ReadObject {
    return { gatewayIdentifier: "org-tools-abcdefghij", dimensionKeys: [PRINCIPAL], entries: [entry({ [PRINCIPAL]: ROLE }, 600), entry({ [PRINCIPAL]: "*" }, 60)] };
}

function check(props: ReadObject): { violations: string[]; deferred: string[] } {
    const f = gatewayRateLimitResource.check(limit("limits", props), DEFAULT_CONFIG);
    return { violations: f.problems.map((p) => violationText(p.problem)), deferred: f.deferred.map((d) => d.item) };
}

function withEntries(...entries: ReadValue[]): ReadObject {
    return { ...secure(), entries };
}

describe("agentcore-gateway-rate-limit (direct calls on raw GatewayRateLimit resources)", () => {
    it("a secure limit passes: exact role ARN, \"*\" default, per-tool and per-target values", () => {
        assert.deepStrictEqual(check(secure()), { violations: [], deferred: [] });
        assert.deepStrictEqual(check({ dimensionKeys: ["toolName"], entries: [entry({ toolName: "refunds___process_refund" }, 5, "second"), entry({ toolName: "*" }, 0)] }), { violations: [], deferred: [] });
        assert.deepStrictEqual(check({ dimensionKeys: ["targetName", "toolName"], entries: [entry({ targetName: "refunds", toolName: "refunds___process_refund" }), entry({ targetName: "refunds", toolName: "*" }), entry({ targetName: "*", toolName: "*" })] }), { violations: [], deferred: [] });
    });

    it("an assumed-role pattern never binds: the principal is the role's IAM ARN", () => {
        assert.deepStrictEqual(check(withEntries(entry({ [PRINCIPAL]: "arn:aws:sts::222222222222:assumed-role/support-agent/*" }))).violations, [
            "[I12] GatewayRateLimit \"limits\": entries[0].dimensions[\"$.context.iam.principal\"] = \"arn:aws:sts::222222222222:assumed-role/support-agent/*\" has a partial wildcard: AWS matches dimension values exactly, and only the whole value \"*\" is a default, so the entry never matches and the limit fails open. Fix: Use the caller role's exact ARN (arn:aws:iam::<account>:role/<path><name>), or \"*\" for a default that gives each caller its own bucket.",
        ]);
    });

    it("a role session ARN, a non-ARN and an 11-digit account are refused", () => {
        const v = check(withEntries(
            entry({ [PRINCIPAL]: "arn:aws:sts::222222222222:assumed-role/support-agent/s1" }),
            entry({ [PRINCIPAL]: "support-agent" }),
            entry({ [PRINCIPAL]: "arn:aws:iam::22222222222:role/x" }),
        )).violations;
        assert.strictEqual(v.length, 3);
        assert.match(v[0], /entries\[0\].* is an sts ARN, not the IAM principal ARN the gateway resolves/);
        assert.match(v[1], /entries\[1\].* = "support-agent" is not an ARN, so the entry never matches/);
        assert.match(v[2], /entries\[2\].* has account id "22222222222", not 12 digits/);
    });

    it("rates: negative, fractional, too large, a string, a bad period", () => {
        const v = check(withEntries(entry({ [PRINCIPAL]: ROLE }, -1), entry({ [PRINCIPAL]: "*" }, 0.5), { dimensions: { [PRINCIPAL]: "arn:aws:iam::222222222222:role/b" }, requests: [{ rate: 10_000_001, period: "hour" }] }, entry({ [PRINCIPAL]: "arn:aws:iam::222222222222:role/c" }, "60"))).violations;
        assert.deepStrictEqual(v, [
            "[I12] GatewayRateLimit \"limits\": entries[0].requests[0].rate = -1 must be a whole number from 0 to 10,000,000 (0 blocks every matching request). Fix: Set entries[0].requests[0].rate to a whole number from 0 to 10,000,000 (0 blocks every matching request).",
            "[I12] GatewayRateLimit \"limits\": entries[1].requests[0].rate = 0.5 must be a whole number from 0 to 10,000,000 (0 blocks every matching request). Fix: Set entries[1].requests[0].rate to a whole number from 0 to 10,000,000 (0 blocks every matching request).",
            "[I12] GatewayRateLimit \"limits\": entries[2].requests[0].rate = 10000001 must be a whole number from 0 to 10,000,000 (0 blocks every matching request). Fix: Set entries[2].requests[0].rate to a whole number from 0 to 10,000,000 (0 blocks every matching request).",
            "[I12] GatewayRateLimit \"limits\": entries[2].requests[0].period = \"hour\" is not a rate period: AWS accepts \"second\" or \"minute\". Fix: Set entries[2].requests[0].period to \"second\" or \"minute\".",
            "[I12] GatewayRateLimit \"limits\": entries[3].requests[0].rate = \"60\" is a string, not a number. Fix: Set entries[3].requests[0].rate to a whole number from 0 to 10,000,000 (0 blocks every matching request), as a number.",
        ]);
    });

    it("two entries with the same dimensions", () => {
        assert.deepStrictEqual(check(withEntries(entry({ [PRINCIPAL]: ROLE }, 10), entry({ [PRINCIPAL]: ROLE }, 20))).violations, [
            `[I12] GatewayRateLimit "limits": entries[1].dimensions {"$.context.iam.principal":"${ROLE}"} repeats entries[0]: two entries with the same dimensions. Fix: Keep one entry per combination of dimension values.`,
        ]);
    });

    it("more than 1,000 entries", () => {
        const entries = Array.from({ length: 1001 }, (_, i) => entry({ [PRINCIPAL]: `arn:aws:iam::222222222222:role/r${i}` }));
        assert.deepStrictEqual(check(withEntries(...entries)).violations, [
            "[I12] GatewayRateLimit \"limits\": entries has 1001 entries; a rate limit holds at most 1000. Fix: Rate-limit fewer callers individually and give the rest the \"*\" default, or split them across dimension keys.",
        ]);
    });

    it("values: a partial tool wildcard, an empty value, a value over 256 characters", () => {
        const v = check({ dimensionKeys: ["toolName"], entries: [entry({ toolName: "refunds___*" }), entry({ toolName: "" }), entry({ toolName: `refunds___${"t".repeat(250)}` })] }).violations;
        assert.strictEqual(v.length, 3);
        assert.match(v[0], /"refunds___\*" has a partial wildcard/);
        assert.match(v[1], /entries\[1\].dimensions\["toolName"\] = "" has 0 characters; a dimension value has 1 to 256/);
        assert.match(v[2], /has 260 characters; a dimension value has 1 to 256/);
    });

    it("entry keys must be the limit's keys, and \"*\" only in trailing positions", () => {
        const v = check({ dimensionKeys: ["targetName", "toolName"], entries: [entry({ targetName: "refunds" }), entry({ targetName: "*", toolName: "refunds___process_refund" })] }).violations;
        assert.deepStrictEqual(v, [
            "[I12] GatewayRateLimit \"limits\": entries[0].dimensions has keys [\"targetName\"]; they must be exactly the limit's dimensionKeys [\"targetName\",\"toolName\"]. Fix: Give each entry one value per dimension key of the limit.",
            "[I12] GatewayRateLimit \"limits\": entries[1].dimensions sets \"*\" for targetName before an exact value: AWS allows \"*\" only in trailing positions of dimensionKeys. Fix: Order dimensionKeys so the defaulted dimensions come last, or give the earlier dimension an exact value.",
        ]);
    });

    it("an unsupported dimension key", () => {
        assert.match(check({ dimensionKeys: ["sourceIp"], entries: [entry({ sourceIp: "1.2.3.4" })] }).violations[0], /dimensionKeys\[0\] = "sourceIp" is not a dimension key AWS supports/);
    });

    it("unknown values at preview defer by name, and never pass silently", () => {
        assert.deepStrictEqual(check(withEntries(entry({ [PRINCIPAL]: UNKNOWN }), entry({ [PRINCIPAL]: "*" }, UNKNOWN))), {
            violations: [],
            deferred: ["GatewayRateLimit \"limits\": entries[0].dimensions[\"$.context.iam.principal\"] is not known yet", "GatewayRateLimit \"limits\": entries[1].requests[0].rate is not known yet"],
        });
        assert.deepStrictEqual(check({ dimensionKeys: [PRINCIPAL], entries: UNKNOWN }).deferred, ["GatewayRateLimit \"limits\": entries is not known yet"]);
        // Unknown dimension keys: the values are still checked, the key match is deferred.
        const partly = check({ dimensionKeys: UNKNOWN, entries: [entry({ [PRINCIPAL]: "arn:aws:sts::1:assumed-role/r/*" })] });
        assert.deepStrictEqual(partly.deferred, ["GatewayRateLimit \"limits\": dimensionKeys is not known yet"]);
        assert.strictEqual(partly.violations.length, 1);
    });
});

describe("agentcore-gateway-rate-limits (per gateway, direct calls)", () => {
    const GW_URN = "urn:pulumi:dev::raw::aws-native:bedrockagentcore:Gateway::gw";
    const gw: ModelResource = { urn: GW_URN, type: "aws-native:bedrockagentcore:Gateway", name: "gw", props: { gatewayIdentifier: UNKNOWN }, propertyDependencies: {}, dependencies: [] };
    const onGateway = (name: string, dimensionKeys: ReadValue): ModelResource => limit(name, { gatewayIdentifier: UNKNOWN, dimensionKeys, entries: [] }, { propertyDependencies: { gatewayIdentifier: [GW_URN] } });
    const run = (resources: ModelResource[]) => {
        const f = gatewayRateLimits.check(new StackModel(resources), DEFAULT_CONFIG);
        return { violations: f.problems.map((p) => violationText(p.problem)), deferred: f.deferred.map((d) => d.item) };
    };

    it("distinct dimension keys on one gateway pass, found through propertyDependencies at preview", () => {
        assert.deepStrictEqual(run([gw, onGateway("callers", [PRINCIPAL]), onGateway("tools", ["toolName"])]), { violations: [], deferred: [] });
    });

    it("two limits with the same dimensionKeys on one gateway", () => {
        assert.deepStrictEqual(run([gw, onGateway("a", [PRINCIPAL]), onGateway("b", [PRINCIPAL])]).violations, [
            "[I12] GatewayRateLimit \"b\": GatewayRateLimit \"b\" and GatewayRateLimit \"a\" on Gateway \"gw\" both have dimensionKeys [\"$.context.iam.principal\"]; AWS keeps dimensionKeys unique per gateway. Fix: Put all entries for these dimension keys in one rate limit.",
        ]);
    });

    it("more than 50 limits on one gateway (a literal gateway id)", () => {
        const many = Array.from({ length: 51 }, (_, i) => limit(`l${i}`, { gatewayIdentifier: "org-tools-abcdefghij", dimensionKeys: [`$.context.jwt.c${i}`], entries: [] }));
        assert.deepStrictEqual(run(many).violations, [
            "[I12] GatewayRateLimit \"l50\": gateway \"org-tools-abcdefghij\" has 51 rate limits; AWS allows 50 per gateway. Fix: Merge limits that share dimension keys, or drop some.",
        ]);
    });

    it("a limit whose gateway is unknown and from no resource of the stack defers by name", () => {
        assert.deepStrictEqual(run([limit("orphan", { gatewayIdentifier: UNKNOWN, dimensionKeys: [PRINCIPAL], entries: [] })]).deferred, [
            "GatewayRateLimit \"orphan\": gatewayIdentifier is not known yet and comes from no gateway of this stack, so the per-gateway count and dimensionKeys uniqueness are not decided",
        ]);
    });
});
