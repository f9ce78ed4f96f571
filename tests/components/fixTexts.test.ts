import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/**
 * Every fix text our invariants and components give (the third argument of `problem(…)`) names
 * only arguments that exist: each dotted argument path in it (`inboundAuth.allowedAudiences`,
 * `targets[0].create.memorySize`, a raw resource's `authorizerConfiguration.customJwtAuthorizer…`)
 * is made of property names declared in the components' argument types or the aws-native SDK's
 * input types, and no fix shows the internal Cedar placeholder instead of `GATEWAY_ARN`.
 */
const ROOT = path.resolve(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return sourceFiles(full);
        return e.name.endsWith(".ts") ? [full] : [];
    });
}

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** Property names declared in interfaces and type literals (and class fields) of the files. */
function declaredProperties(files: readonly string[]): Set<string> {
    const names = new Set<string>();
    for (const file of files) {
        const visit = (n: ts.Node): void => {
            if ((ts.isPropertySignature(n) || ts.isPropertyDeclaration(n) || ts.isMethodDeclaration(n) || ts.isMethodSignature(n)) && n.name && ts.isIdentifier(n.name)) names.add(n.name.text);
            ts.forEachChild(n, visit);
        };
        visit(parse(file));
    }
    return names;
}

interface FixText {
    at: string;
    /** The literal parts of the fix (a template's expressions are left out). */
    text: string;
    /** The source of the expression, to catch a placeholder constant interpolated into it. */
    source: string;
}

function fixTexts(files: readonly string[]): FixText[] {
    const out: FixText[] = [];
    for (const file of files) {
        const sf = parse(file);
        const literal = (n: ts.Node): string[] => {
            if (ts.isStringLiteralLike(n)) return [n.text];
            if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.map((s) => s.literal.text)];
            const parts: string[] = [];
            ts.forEachChild(n, (c) => void parts.push(...literal(c)));
            return parts;
        };
        const visit = (n: ts.Node): void => {
            if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "problem" && n.arguments.length >= 3) {
                const fix = n.arguments[2];
                const { line } = sf.getLineAndCharacterOfPosition(fix.getStart(sf));
                out.push({ at: `${path.relative(ROOT, file)}:${line + 1}`, text: literal(fix).join(" "), source: fix.getText(sf) });
            }
            ts.forEachChild(n, visit);
        };
        visit(sf);
    }
    return out;
}

/** Dotted paths that start a word: `a.b`, `a[0].b.c` (not domains, file names or `e.g.`). */
function argumentPaths(text: string): string[][] {
    const paths: string[][] = [];
    for (const m of text.matchAll(/(?<![\w\-/:.@])([a-z][A-Za-z0-9]*(?:\[\d*\])?(?:\.[a-z][A-Za-z0-9]*(?:\[\d*\])?)+)(?![\w\-/])/g)) {
        const segments = m[1].split(".").map((s) => s.replace(/\[\d*\]$/, ""));
        if (["e", "i"].includes(segments[0])) continue;
        paths.push(segments);
    }
    return paths;
}

/** References in fix texts that are not arguments of ours, each with why it is named. */
const NOT_ARGUMENTS = new Map<string, string>([["config.requireNumber", "Pulumi's Config API, for a number read from stack config"]]);

describe("fix texts name arguments that exist", () => {
    const ours = [...sourceFiles(path.join(ROOT, "invariants")), ...sourceFiles(path.join(ROOT, "components"))];
    const fixes = fixTexts(ours);
    const nativeDeclarations = [path.join(ROOT, "node_modules", "@pulumi", "aws-native", "types", "input.d.ts"), ...sourceFiles(path.join(ROOT, "node_modules", "@pulumi", "aws-native", "bedrockagentcore")).filter((f) => f.endsWith(".d.ts"))];
    const known = new Set([...declaredProperties(sourceFiles(path.join(ROOT, "components"))), ...declaredProperties(nativeDeclarations)]);

    it("finds the fix texts (the collector is real)", () => {
        assert.ok(fixes.length > 80, `only ${fixes.length} fix texts found`);
        assert.ok(fixes.some((f) => f.text.includes("inboundAuth.allowedAudiences")), "the JWT audience fix was not collected");
        assert.deepEqual(argumentPaths("Set customJwt.allowedAudiences, see e.g. index.ts or bedrock-agentcore.amazonaws.com"), [["customJwt", "allowedAudiences"], ["index", "ts"]]);
    });

    it("every dotted argument path is made of declared property names", () => {
        const unknown = fixes.flatMap((f) =>
            argumentPaths(f.text)
                .filter((segments) => !NOT_ARGUMENTS.has(segments.join(".")))
                .filter((segments) => segments.some((s) => !known.has(s)))
                .map((segments) => `${f.at}: ${segments.join(".")}`),
        );
        assert.deepEqual(unknown, []);
    });

    it("no fix shows the internal Cedar placeholder; they name GATEWAY_ARN or .gateway()", () => {
        const leaking = fixes.filter((f) => f.text.includes("{{agentcore-hub:") || /\bGATEWAY_ARN_PLACEHOLDER\b/.test(f.source)).map((f) => f.at);
        assert.deepEqual(leaking, []);
    });

    it("no fix names a `policy` argument of AgentGatewayHub (there is none: policyEngine)", () => {
        assert.deepEqual(fixes.filter((f) => /AgentGatewayHub `policy`/.test(f.text)).map((f) => f.at), []);
    });
});
