import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
// The folders whose compiled files ship (package.json `files`); bench is built but not shipped.
const SHIPPED = ["components", "invariants", "policypack", "checker"];

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(full);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** The repository file a relative specifier names (`./x` -> x.ts or x/index.ts); packages are outside the graph. */
function resolveLocal(from: string, specifier: string): string | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const base = path.resolve(path.dirname(from), specifier);
    return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
}

/**
 * Every import edge, static, type-only, re-export and dynamic `import()` alike: a type-only
 * cycle still ties two files together, and a lazy one still runs in a loop.
 */
function importGraph(files: readonly string[]): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
        const targets = info.importedFiles.map((f) => resolveLocal(file, f.fileName)).filter((f): f is string => f !== undefined);
        graph.set(file, [...new Set(targets)]);
    }
    return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
    let index = 0;
    const indices = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    const visit = (v: string): void => {
        indices.set(v, index);
        low.set(v, index++);
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!indices.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
        }
        if (low.get(v) === indices.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.map((f) => path.relative(ROOT, f)).sort());
        }
    };
    for (const v of graph.keys()) if (!indices.has(v)) visit(v);
    return found;
}

describe("import graph of the shipped sources", () => {
    const files = SHIPPED.flatMap((d) => sourceFiles(path.join(ROOT, d)));

    it("reads every shipped folder", () => {
        assert.ok(files.length > 100, `only ${files.length} files found`);
    });

    it("has no import cycle (type-only and dynamic imports included)", () => {
        assert.deepEqual(cycles(importGraph(files)), []);
    });

    it("the detector finds a two-file cycle", () => {
        const a = path.join(ROOT, "a.ts");
        const b = path.join(ROOT, "b.ts");
        assert.deepEqual(cycles(new Map([[a, [b]], [b, [a]]])), [["a.ts", "b.ts"]]);
    });
});
