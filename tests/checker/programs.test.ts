import * as assert from "node:assert/strict";
import { CliResult, FIXTURES, assertBuilt, assertExit, jsonReport, runCli } from "./cli";

describe("checker: programs beyond the hub topology", function () {
    this.timeout(300_000);
    let callback: CliResult;

    before(async () => {
        assertBuilt();
        callback = await runCli(["check", `${FIXTURES}/callback-function`, "--format", "json"]);
    });

    it("runs a program that serializes a function (callback Lambda): the SDK modules the checker defers load when used", () => {
        assertExit(callback, 0);
        const report = jsonReport(callback);
        const types = report.resources.flatMap((g) => g.resources.map((r) => r.type));
        assert.ok(types.includes("aws:lambda/function:Function"), types.join(", "));
        assert.deepEqual(report.access, { gateways: [], restApis: [] });
    });

    it("does not invent an account for default providers: their resources are in 'default credentials'", () => {
        const report = jsonReport(callback);
        assert.deepEqual(report.resources.map((g) => [g.component, g.account, g.region]), [[undefined, "default credentials", "us-east-1"]]);
    });
});
