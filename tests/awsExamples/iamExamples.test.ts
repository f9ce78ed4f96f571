import { strict as assert } from "node:assert";
import { checkGatewayResourcePolicy } from "../../invariants/documents/gatewayGrants";
import { checkGatewayRolePermissions } from "../../invariants/documents/gatewayPermissions";
import { checkGatewayTrustPolicy } from "../../invariants/documents/gatewayTrust";
import { checkLambdaTargetPermission } from "../../invariants/documents/lambdaPermission";
import { checkRestApiResourcePolicy } from "../../invariants/documents/restApiPolicy";
import { CheckResult, InvariantId } from "../../invariants/problems";
import { evaluateStack } from "../../policypack/evaluate";
import { RESOURCE_POLICIES, STACK_POLICIES } from "../../policypack/policies";
import { IamCaller, allowPolicy, decide, roleSession, serviceOnBehalfOf } from "../support/iamEvaluator";
import { PROVIDERS, exampleStack, structured } from "./exampleStack";
import { ExampleKind, IAM_EXAMPLES, IamCallerSpec, IamExample } from "./iamExamples";

/**
 * AWS's published IAM examples (./iamExamples.ts) through our checks as the product applies
 * them: the invariant function of the document's kind, and the pack (every policy, direct calls)
 * over a raw-resource stack holding the document, for both providers. AWS-valid examples pass
 * unless we are deliberately stricter (README, "AWS's published examples"); AWS-rejected ones
 * we reject. Where AWS states what an example allows, the IAM evaluator checks that meaning.
 */

/** The invariant that owns each kind of document (undefined: no invariant reads it; every kind has one today). */
const INVARIANT_OF: Record<ExampleKind, InvariantId | undefined> = {
    trust: "I2",
    rolePermissions: "I3",
    gatewayResourcePolicy: "I7",
    restApiPolicy: "I5",
    lambdaPermission: "I5",
};

/** The invariant function, with the expectations the pack derives from the same stack. */
function direct(e: IamExample): CheckResult | undefined {
    const h = e.hub;
    const document = structured(e.document);
    const gatewayArn = `arn:aws:bedrock-agentcore:${h.region}:${h.accountId}:gateway/${h.gatewayId}`;
    switch (e.kind) {
        case "trust":
            return checkGatewayTrustPolicy(document, { accountId: h.accountId, gatewayName: h.gatewayId.slice(0, -11) });
        case "rolePermissions":
            return checkGatewayRolePermissions(document, { accountId: h.accountId });
        case "gatewayResourcePolicy":
            return checkGatewayResourcePolicy(document, { gatewayArn, allowWholeAccount: false });
        case "restApiPolicy":
            return checkRestApiResourcePolicy(document, { gatewayRoleArns: [h.roleArn] });
        case "lambdaPermission": {
            // The function policy as a program writes it: one permission per statement.
            const s = e.document.Statement[0];
            const principal = typeof s.Principal === "object" ? s.Principal.AWS : s.Principal;
            return checkLambdaTargetPermission(
                { action: typeof s.Action === "string" ? s.Action : String(s.Action), principal: typeof principal === "string" ? principal : String(principal), sourceArn: undefined },
                [{ name: h.gatewayId.slice(0, -11), roleArn: h.roleArn, gatewayArn, accountId: h.accountId, region: h.region }],
                "the Lambda permission",
            );
        }
    }
}

function caller(spec: IamCallerSpec): IamCaller {
    return "roleArn" in spec ? roleSession(spec.roleArn) : serviceOnBehalfOf(spec.service, spec.sourceArn, spec.sourceAccount);
}

/** Where the example's document sits in the request: a trust policy is the role's resource policy; a permission policy is the caller's identity policy. */
async function evaluateClaim(e: IamExample, c: NonNullable<IamExample["claims"]>[number]): Promise<string> {
    const identity = c.identity === "allow" ? [allowPolicy(c.action, "*")] : [];
    const base = { caller: caller(c.caller), action: c.action, resource: c.resource, resourceAccount: c.resourceAccount, context: c.context };
    return e.kind === "rolePermissions" ? decide({ ...base, identityPolicies: [e.document, ...identity] }) : decide({ ...base, identityPolicies: identity, resourcePolicy: e.document });
}

describe("AWS's published IAM examples as test cases", function () {
    this.timeout(300_000);

    it("every example names its page and section, and says which AWS verdict it carries", () => {
        const ids = new Set<string>();
        for (const e of IAM_EXAMPLES) {
            assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
            ids.add(e.id);
            assert.match(e.url, /^https:\/\/docs\.aws\.amazon\.com\/bedrock-agentcore\/latest\/devguide\/[a-z-]+\.html$/, e.id);
            assert.ok(e.section.length > 0 && e.aws.quote.length > 0, e.id);
            // An AWS-rejected example is one we reject; an AWS-valid one never is "rejected".
            assert.equal(e.aws.verdict === "rejected", e.ours.outcome === "rejected", e.id);
        }
        // Every kind of document the brief names is represented.
        assert.deepEqual([...new Set(IAM_EXAMPLES.map((e) => e.kind))].sort(), ["gatewayResourcePolicy", "lambdaPermission", "restApiPolicy", "rolePermissions", "trust"]);
    });

    for (const e of IAM_EXAMPLES) {
        const o = e.ours;
        const invariant = INVARIANT_OF[e.kind];
        // outcome "refused" asserts TODAY's refusal on purpose (no it.skip): when its pendingFix
        // lands, the lead changes the entry to { outcome: "accepted" } and these tests flip with it.
        describe(`${e.id} (${e.kind}; AWS: ${e.aws.verdict}; ours: ${o.outcome}${o.outcome === "refused" ? `, pending ${o.pendingFix}` : ""})`, () => {
            it(`the invariant function (${invariant ?? "none"})`, () => {
                const r = direct(e);
                if (o.outcome === "unchecked") {
                    assert.equal(r, undefined);
                    return;
                }
                assert.ok(r, `${e.id}: no invariant function for ${e.kind}`);
                assert.deepEqual(r.deferred, [], "every value is known: nothing may be deferred");
                if (o.outcome === "accepted") {
                    assert.deepEqual(r.problems.map((p) => p.message), []);
                    return;
                }
                // Stricter, rejected, refused (pending or uncovered): the message names the rule.
                assert.ok(r.problems.length > 0, `${e.id}: expected ${o.invariant} to refuse it`);
                assert.ok(r.problems.every((p) => p.invariant === o.invariant), r.problems.map((p) => `[${p.invariant}] ${p.message}`).join("\n"));
                assert.ok(r.problems.some((p) => p.message.includes(o.messageIncludes)), `no message includes ${JSON.stringify(o.messageIncludes)}:\n${r.problems.map((p) => p.message).join("\n")}`);
                assert.ok(r.problems.every((p) => p.fix.length > 0));
            });

            for (const provider of PROVIDERS) {
                it(`the pack over a raw ${provider} stack holding it`, () => {
                    const { model, holder } = exampleStack(e, provider);
                    const result = evaluateStack(model);
                    const onHolder = result.violations.filter((v) => v.urn === holder.urn);
                    assert.deepEqual(result.deferred.filter((d) => d.urn === holder.urn).map((d) => d.item), [], "nothing about the document is deferred");
                    if (o.outcome === "unchecked") {
                        // Recorded as a gap, not a pass: no policy of the pack reads this resource type.
                        // agentcore-component-declarations only records every modeled type's Analyze inputs
                        // for the stack policies (policypack/model/analyzed.ts); it decides nothing about them.
                        assert.deepEqual(RESOURCE_POLICIES.filter((p) => p.types.includes(holder.type) && p.name !== "agentcore-component-declarations").map((p) => p.name), []);
                        assert.deepEqual(onHolder, []);
                        return;
                    }
                    const mine = onHolder.filter((v) => v.problem.invariant === invariant);
                    if (o.outcome === "accepted") {
                        assert.deepEqual(mine.map((v) => `${v.policy}: ${v.problem.message}`), []);
                        return;
                    }
                    assert.ok(mine.length > 0, `${e.id}: the pack raised no ${invariant} on ${holder.type}`);
                    assert.ok(mine.some((v) => v.problem.message.includes(o.messageIncludes)), mine.map((v) => v.problem.message).join("\n"));
                    // Component and pack never disagree: each problem the invariant function finds is one the pack reports.
                    for (const p of direct(e)?.problems ?? []) {
                        assert.ok(mine.some((v) => v.problem.message.endsWith(p.message)), `the pack does not report: ${p.message}`);
                    }
                    const policies = new Set(mine.map((v) => v.policy));
                    const known = new Set([...RESOURCE_POLICIES, ...STACK_POLICIES].map((p) => p.name));
                    assert.ok([...policies].every((p) => known.has(p)));
                });
            }

            for (const c of e.claims ?? []) {
                it(`evaluator: ${c.claim} -> ${c.expect}`, async () => {
                    assert.equal(await evaluateClaim(e, c), c.expect);
                });
            }
        });
    }

    it("summary: the AWS-valid examples we refuse today, and why", () => {
        const refused = IAM_EXAMPLES.filter((e) => e.aws.verdict === "valid" && e.ours.outcome !== "accepted" && e.ours.outcome !== "unchecked");
        const lines = refused.map((e) => {
            const r = direct(e);
            return `${e.id} [${e.ours.outcome}${e.ours.outcome === "refused" ? `, pending: ${e.ours.pendingFix}` : ""}]: ${r?.problems.map((p) => `[${p.invariant}] ${p.message}`).join(" | ")}`;
        });
        console.log(`      AWS-valid examples refused today (${refused.length} of ${IAM_EXAMPLES.filter((e) => e.aws.verdict === "valid").length}):\n        ${lines.join("\n        ")}`);
        assert.ok(refused.every((e) => (direct(e)?.problems.length ?? 0) > 0));
    });
});
