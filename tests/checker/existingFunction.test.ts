import * as assert from "node:assert/strict";
import * as path from "node:path";
import { runCheck } from "../../checker/cli/runCheck";
import type { CheckReport } from "../../checker/report/types";
import { REPO, assertBuilt } from "./cli";

/**
 * A Lambda target whose function the program creates itself (`aws.lambda.Function`, or an
 * `aws-native:lambda:Function` passed by ARN) checks clean at a first preview: the pack models
 * Lambda functions, so the gateway role's unknown `lambda:InvokeFunction` resource and the
 * target's `lambdaArn` are matched through propertyDependencies; a role that reaches another
 * function is a violation. In-process with the compiled pack (`npm run build` first).
 */

const DIR = path.join(REPO, "tests/fixtures/checker/existing-function");
const OTHER = "arn:aws:lambda:us-east-1:111111111111:function:other-fn";

function check(config: Record<string, string>): Promise<CheckReport> {
    return runCheck({ programDir: DIR, config });
}

function summary(report: CheckReport): string {
    return JSON.stringify({ violations: report.violations, deferred: report.deferred }, null, 1);
}

describe("checker: an existing Lambda function passed as a target", function () {
    this.timeout(600_000);
    before(assertBuilt);

    for (const [label, config] of [
        ["aws.lambda.Function", { functionProvider: "aws" }],
        ["aws-native:lambda:Function by ARN only", { functionProvider: "aws-native", passName: "false" }],
        ["aws-native:lambda:Function by ARN and name", { functionProvider: "aws-native" }],
    ] as const) {
        it(`${label}: checks clean at a first preview, nothing deferred`, async () => {
            const report = await check(config);
            assert.equal(report.passed, true, summary(report));
            assert.deepEqual(report.deferred, [], summary(report));
            const types = report.resources.flatMap((g) => g.resources.map((r) => r.type));
            assert.ok(types.some((t) => /lambda(\/function:|:)Function$/.test(t)), types.join(", "));
        });
    }

    for (const fp of ["aws", "aws-native"]) {
        it(`${fp}: a gateway role that may invoke another function is a violation at a first preview`, async () => {
            const report = await check({ functionProvider: fp, extraFunctionArn: OTHER });
            assert.equal(report.passed, false);
            assert.deepEqual(report.violations.map((v) => [v.policy, v.resource.name, v.message]), [[
                "agentcore-gateway-role-permissions",
                "gateway-extra",
                `RolePolicy "gateway-extra" (role policy "gateway-extra" of Role "hub-gateway-role", service role of Gateway "hub-gateway"): allows "${OTHER}", which is not one of the gateway's targets.`,
            ]]);
        });
    }
});
