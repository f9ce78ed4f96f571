import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { RESOURCE_POLICIES, STACK_POLICIES } from "../../policypack/policies";
import { DEFERRED_POLICY_NAME } from "../../policypack/policies/deferredReport";

/**
 * The README is read as a user reads it: every ```ts block type-checks against the current
 * sources (as the package's subpaths resolve them), and the policy pack's table lists exactly
 * the policies `policypack/policies/index.ts` registers, each with its invariants and the phase
 * it runs in.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

interface Snippet {
    line: number;
    code: string;
}

function tsBlocks(markdown: string): Snippet[] {
    const blocks: Snippet[] = [];
    const lines = markdown.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const open = /^(\s*)```ts\s*$/.exec(lines[i]);
        if (!open) continue;
        const indent = open[1].length;
        const body: string[] = [];
        let j = i + 1;
        for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(Math.min(indent, lines[j].length - lines[j].trimStart().length)));
        blocks.push({ line: i + 1, code: body.join("\n") });
        i = j;
    }
    return blocks;
}

/**
 * The names the README's abridged snippets use without defining them (the program around an
 * excerpt), declared with the package's own types. A snippet's own declaration shadows them,
 * since its body runs in a function of its own.
 */
const PRELUDE_VALUES: Record<string, string> = {
    hub: "__p.AgentGatewayHub",
    targets: "NonNullable<NonNullable<Parameters<typeof __p.cedarPolicy>[0]>[\"targets\"]>",
    refundsCode: "__pulumi.asset.Archive",
    backend: "__aws.lambda.Function",
    existingFn: "__aws.lambda.Function",
    hubAws: "__aws.Provider",
    hubAwsNative: "__awsNative.Provider",
    supportAws: "__aws.Provider",
    supportAwsNative: "__awsNative.Provider",
};
/** Package exports a snippet may use without importing them (it continues an earlier one). */
const PACKAGE_EXPORTS = ["AgentGatewayHub", "SpokeCaller", "cedarPolicy", "accountProviders", "GATEWAY_ARN"];

function snippetModule(snippet: Snippet): string {
    const lines = snippet.code.split("\n");
    const imports = lines.filter((l) => /^import\s/.test(l));
    const body = lines.filter((l) => !/^import\s/.test(l));
    const imported = new Set(imports.flatMap((l) => /\{([^}]*)\}/.exec(l)?.[1].split(",").map((n) => n.trim().split(/\s+as\s+/).pop() ?? "") ?? []));
    return [
        "import * as __p from \"pulumi-agentcore-hub\";",
        "import * as __pulumi from \"@pulumi/pulumi\";",
        "import * as __aws from \"@pulumi/aws\";",
        "import * as __awsNative from \"@pulumi/aws-native\";",
        ...imports,
        ...PACKAGE_EXPORTS.filter((n) => !imported.has(n)).map((n) => `const ${n} = __p.${n};`),
        ...Object.entries(PRELUDE_VALUES).map(([n, t]) => `declare const ${n}: ${t};`),
        "export async function snippet(): Promise<void> {",
        ...body,
        "}",
        "void [__pulumi, __aws, __awsNative];",
    ].join("\n");
}

describe("README", function () {
    this.timeout(300_000);

    it("every ```ts block type-checks against the sources", () => {
        const snippets = tsBlocks(README);
        assert.ok(snippets.length >= 6, `found ${snippets.length} ts blocks`);
        const files = new Map(snippets.map((s) => [path.join(ROOT, "tests", "package", `__readme_${s.line}.ts`), { snippet: s, text: snippetModule(s) }]));
        const options: ts.CompilerOptions = {
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.CommonJS,
            moduleResolution: ts.ModuleResolutionKind.Node10,
            lib: ["lib.es2022.d.ts"],
            types: ["node"],
            strict: true,
            esModuleInterop: true,
            skipLibCheck: true,
            resolveJsonModule: true,
            noEmit: true,
            baseUrl: ROOT,
            paths: {
                "pulumi-agentcore-hub": ["components/index.ts"],
                "pulumi-agentcore-hub/checker": ["checker/cli/index.ts"],
                "pulumi-agentcore-hub/invariants": ["invariants/index.ts"],
            },
        };
        const host = ts.createCompilerHost(options);
        const getSourceFile = host.getSourceFile.bind(host);
        host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
            const virtual = files.get(path.resolve(fileName));
            return virtual ? ts.createSourceFile(fileName, virtual.text, languageVersion, true) : getSourceFile(fileName, languageVersion, onError, shouldCreate);
        };
        const fileExists = host.fileExists.bind(host);
        host.fileExists = (fileName) => files.has(path.resolve(fileName)) || fileExists(fileName);
        const program = ts.createProgram([...files.keys()], options, host);
        const errors: string[] = [];
        for (const [file, { snippet }] of files) {
            const sf = program.getSourceFile(file);
            assert.ok(sf, file);
            for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
                const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
                const where = d.start === undefined ? "" : `: ${sf.text.split("\n")[sf.getLineAndCharacterOfPosition(d.start).line].trim()}`;
                errors.push(`README.md ts block at line ${snippet.line}: ${message}${where}`);
            }
        }
        assert.deepEqual(errors, []);
    });

    it("the policy pack's table lists every registered policy with its invariants and phase", () => {
        const rows = new Map<string, { invariants: string; phase: string }>();
        const section = README.slice(README.indexOf("## Policy pack"));
        for (const line of section.split("\n")) {
            const m = /^\| `(agentcore-[a-z-]+)` \| ([^|]+) \| ([^|]+) \|/.exec(line);
            if (m) rows.set(m[1], { invariants: m[2].trim(), phase: m[3].trim() });
            else if (rows.size > 0 && !line.startsWith("|")) break;
        }
        const expected = new Map<string, { invariants: string; phase: string }>([
            ...RESOURCE_POLICIES.map((p) => [p.name, { invariants: p.invariants.join(", "), phase: "Analyze" }] as const),
            ...STACK_POLICIES.map((p) => [p.name, { invariants: p.invariants.join(", "), phase: "AnalyzeStack" }] as const),
            [DEFERRED_POLICY_NAME, { invariants: "–", phase: "AnalyzeStack" }],
        ]);
        assert.deepEqual([...rows.keys()].sort(), [...expected.keys()].sort());
        for (const [name, want] of expected) assert.deepEqual(rows.get(name), want, name);
    });
});
