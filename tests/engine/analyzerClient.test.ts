import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { PolicyDiagnostic, PolicyPackSession, analyzedResources, startPolicyPack, startPolicyPackFor } from "../../checker/engine/analyzerClient";
import { CapturedStack, runUnderMocks } from "../../checker/engine/capture";

const REPO = path.resolve(__dirname, "..", "..");
const ECHO_PACK = path.join(REPO, "tests", "fixtures", "echo-pack");
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ROLE_URN = "urn:pulumi:stack::project::test:index:Hub$aws-native:iam:Role::bad";
const STACK_URN = "urn:pulumi:stack::project::pulumi:pulumi:Stack::project-stack";

/**
 * A component holding an aws-native role named "bad" whose inline policy names another role's
 * ARN: unknown at a first preview, synthesized at update.
 */
function hubProgram(): void {
    class Hub extends pulumi.ComponentResource {
        constructor(name: string) {
            super("test:index:Hub", name, {}, {});
            this.registerOutputs({});
        }
    }
    const other = new aws.iam.Role("other", { name: "other-role", assumeRolePolicy: "{}" });
    const hub = new Hub("hub");
    new awsnative.iam.Role(
        "bad",
        {
            roleName: "bad",
            assumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] },
            policies: [{ policyName: "p", policyDocument: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: [other.arn, "fixed"] }] } }],
        },
        { parent: hub },
    );
}

function only(diagnostics: PolicyDiagnostic[], policyName: string): PolicyDiagnostic {
    const found = diagnostics.filter((d) => d.policyName === policyName);
    assert.equal(found.length, 1, `expected one '${policyName}' diagnostic, got ${JSON.stringify(diagnostics, null, 2)}`);
    return found[0];
}

/** A throwaway pack directory that resolves packages from the repository's node_modules. */
function tempPack(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-pack-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** The echo pack compiled to JavaScript, as a published pack would ship. */
function compiledEchoPack(): string {
    const source = fs.readFileSync(path.join(ECHO_PACK, "index.ts"), "utf8");
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
    return tempPack({
        "index.js": js,
        "package.json": fs.readFileSync(path.join(ECHO_PACK, "package.json"), "utf8"),
        "PulumiPolicy.yaml": fs.readFileSync(path.join(ECHO_PACK, "PulumiPolicy.yaml"), "utf8"),
    });
}

describe("engine/analyzerClient: a policy pack over the Analyzer gRPC protocol", function () {
    this.timeout(120_000);
    let session: PolicyPackSession;
    let preview: CapturedStack;
    let update: CapturedStack;
    const temporary: string[] = [];

    before(async () => {
        session = await startPolicyPack(ECHO_PACK);
        preview = await runUnderMocks(hubProgram, { mode: "preview" });
        update = await runUnderMocks(hubProgram, { mode: "update" });
    });

    after(async () => {
        await session?.close();
        for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("reads the pack's name, version and policies with GetAnalyzerInfo", () => {
        assert.equal(session.info.name, "echo-pack");
        assert.equal(session.info.version, "0.0.1");
        assert.deepEqual(
            session.info.policies.map((p) => [p.name, p.enforcementLevel]),
            [
                ["no-bad-role-name", "mandatory"],
                ["count-resources", "advisory"],
                ["echo-policy-resource", "mandatory"],
            ],
        );
    });

    it("returns a mandatory violation for roleName 'bad' from Analyze", async () => {
        const role = preview.resources.find((r) => r.urn === ROLE_URN);
        assert.ok(role);
        const diagnostic = only(await session.analyze(role, preview.resources), "no-bad-role-name");
        assert.deepEqual(diagnostic, {
            policyName: "no-bad-role-name",
            policyPackName: "echo-pack",
            policyPackVersion: "0.0.1",
            description: "Role names must not be 'bad'.",
            message: "Role names must not be 'bad'.\nroleName of bad is \"bad\"",
            enforcementLevel: "mandatory",
            urn: ROLE_URN,
        });
    });

    it("delivers an unknown leaf as unknown: @pulumi/policy makes the policy that reads it advisory", async () => {
        const role = preview.resources.find((r) => r.urn === ROLE_URN);
        assert.ok(role);
        const statement = (role.inputs.policies as { policyDocument: { Statement: { Resource: string[] }[] } }[])[0].policyDocument.Statement[0];
        assert.deepEqual(statement.Resource, [UNKNOWN, "fixed"]);
        const diagnostic = only(await session.analyze(role, preview.resources), "echo-policy-resource");
        assert.equal(diagnostic.enforcementLevel, "advisory");
        assert.equal(
            diagnostic.message,
            "can't run policy 'echo-policy-resource' from policy pack 'echo-pack@v0.0.1' during preview: " +
                "string value at .policies.0.policyDocument.Statement.0.Resource.0 can't be known during preview",
        );
    });

    it("lets the same policy decide at update, when the leaf is known", async () => {
        const role = update.resources.find((r) => r.urn === ROLE_URN);
        assert.ok(role);
        const diagnostic = only(await session.analyze(role, update.resources), "echo-policy-resource");
        assert.equal(diagnostic.enforcementLevel, "mandatory");
        assert.equal(diagnostic.message, "Echoes an inline policy Resource.\nResource[0]=arn:aws:iam::111111111111:role/other-role");
    });

    it("turns a policy that reads an unknown top-level input into an advisory diagnostic", async () => {
        const stack = await runUnderMocks(() => {
            const other = new aws.iam.Role("other", { name: "other-role", assumeRolePolicy: "{}" });
            new awsnative.iam.Role("late", { roleName: other.arn, assumeRolePolicyDocument: {} });
        }, { mode: "preview" });
        const late = stack.resources.find((r) => r.name === "late");
        assert.ok(late);
        assert.equal(late.inputs.roleName, UNKNOWN);
        const diagnostic = only(await session.analyze(late, stack.resources), "no-bad-role-name");
        assert.equal(diagnostic.enforcementLevel, "advisory");
        assert.match(diagnostic.message, /^can't run policy 'no-bad-role-name' from policy pack 'echo-pack@v0\.0\.1' during preview: string value at \.roleName can't be known during preview$/);
    });

    it("shows policies secrets as plain values, as @pulumi/policy unwraps them", async () => {
        const stack = await runUnderMocks(() => void new awsnative.iam.Role("secretive", { roleName: pulumi.secret("bad"), assumeRolePolicyDocument: {} }), { mode: "update" });
        const role = stack.resources.find((r) => r.name === "secretive");
        assert.ok(role);
        const diagnostic = only(await session.analyze(role, stack.resources), "no-bad-role-name");
        assert.equal(diagnostic.enforcementLevel, "mandatory");
        assert.equal(diagnostic.message, "Role names must not be 'bad'.\nroleName of secretive is \"bad\"");
    });

    it("gives AnalyzeStack every registered resource: root stack, components, providers (default ones too)", async () => {
        const diagnostic = only(await session.analyzeStack(analyzedResources(preview)), "count-resources");
        assert.equal(diagnostic.enforcementLevel, "advisory");
        assert.equal(diagnostic.urn, STACK_URN);
        assert.equal(
            diagnostic.message,
            "Counts the resources of the stack.\ncount=6 types=aws-native:iam:Role,aws:iam/role:Role,pulumi:providers:aws,pulumi:providers:aws-native,pulumi:pulumi:Stack,test:index:Hub",
        );
    });

    it("runs what the CLI runs with check(): Analyze per registered resource, then AnalyzeStack (a preview)", async () => {
        const result = await session.check(preview);
        assert.deepEqual(
            result.resources.map((d) => [d.policyName, d.enforcementLevel, d.urn]),
            [
                ["no-bad-role-name", "mandatory", ROLE_URN],
                ["echo-policy-resource", "advisory", ROLE_URN],
            ],
        );
        assert.deepEqual(result.stack.map((d) => [d.policyName, d.urn]), [["count-resources", STACK_URN]]);
        assert.equal(result.outcome.result, "failed");
    });

    it("check() at update stops at the mandatory Analyze violation: no AnalyzeStack (tests/engine/deployment.test.ts)", async () => {
        const result = await session.check(update);
        assert.deepEqual(
            result.resources.map((d) => [d.policyName, d.enforcementLevel, d.urn]),
            [
                ["no-bad-role-name", "mandatory", ROLE_URN],
                ["echo-policy-resource", "mandatory", ROLE_URN],
            ],
        );
        assert.deepEqual(result.stack, []);
        assert.equal(result.outcome.stoppedAt, ROLE_URN);
    });

    it("starts a compiled JavaScript pack, applies policy config and enforcement levels", async () => {
        const dir = compiledEchoPack();
        temporary.push(dir);
        const js = await startPolicyPackFor(dir, update, { config: { "no-bad-role-name": "advisory", "count-resources": { enforcementLevel: "disabled" } } });
        try {
            console.log(`      run-policy-pack startup: TypeScript pack ${session.startupMs} ms, compiled JavaScript pack ${js.startupMs} ms`);
            // Every policy runs (the update would stop at the role before AnalyzeStack): `disabled` is what empties the stack.
            const result = await js.analyzeEvery(update);
            assert.deepEqual(
                result.resources.map((d) => [d.policyName, d.enforcementLevel]),
                [
                    ["no-bad-role-name", "advisory"],
                    ["echo-policy-resource", "mandatory"],
                ],
            );
            assert.deepEqual(result.stack, []);
        } finally {
            await js.close();
        }
    });

    it("fails to start with the pack's stderr when its TypeScript does not compile", async () => {
        const dir = tempPack({
            "index.ts": 'import { PolicyPack } from "@pulumi/policy";\nconst n: number = "not a number";\nnew PolicyPack("broken", { policies: [] });\n',
            "package.json": '{ "name": "broken-pack", "version": "0.0.1" }\n',
            "PulumiPolicy.yaml": "runtime: nodejs\n",
        });
        temporary.push(dir);
        await assert.rejects(startPolicyPack(dir, { startupTimeoutMs: 60_000 }), (err: Error) => {
            assert.match(err.message, /exited \(code \d+, signal null\) before it printed its port/);
            assert.match(err.message, /TS2322: Type 'string' is not assignable to type 'number'/);
            return true;
        });
    });
});
