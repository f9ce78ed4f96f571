import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { LOG_RETENTION_DAYS, checkLogRetention } from "../../invariants/observability";

/** The retention list is read from the installed SDK declarations, not retyped. */
function declaredRetention(file: string): number[] {
    const text = fs.readFileSync(path.join(path.dirname(require.resolve(`${file.split("/").slice(0, 2).join("/")}/package.json`)), file.split("/").slice(2).join("/")), "utf8");
    const m = /Possible values are: ([0-9, and]+)\./.exec(text);
    assert.ok(m, `${file} documents the retention values`);
    return m[1].replace(/and /g, "").split(",").map((v) => Number(v.trim()));
}

describe("I14: log retention values", () => {
    it("are the values @pulumi/aws-native declares for AWS::Logs::LogGroup", () => {
        assert.deepStrictEqual([...LOG_RETENTION_DAYS], declaredRetention("@pulumi/aws-native/logs/logGroup.d.ts"));
    });

    it("are the bridged provider's values without 0 (never expire), which the hub refuses", () => {
        assert.deepStrictEqual(declaredRetention("@pulumi/aws/cloudwatch/logGroup.d.ts"), [...LOG_RETENTION_DAYS, 0]);
        assert.match(checkLogRetention(0)!.message, /logs\.retentionInDays = 0 is not a retention/);
        assert.strictEqual(checkLogRetention(3653), undefined);
        assert.match(checkLogRetention("365")!.message, /logs\.retentionInDays = "365" is not a retention/);
    });
});
