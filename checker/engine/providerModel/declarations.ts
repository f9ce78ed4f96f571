import type * as TS from "typescript";
import { cachedDeclaration } from "./declarationCache";
import { DeclarationFile, PackageRootResolver, declarationFileOf, resolvePackageRoot } from "./declarationFile";
import { ProviderFlavour, providerPackageOf } from "./providerPackages";
import { TypeScript, loadTypeScript } from "./typescriptLoader";

import type { InputFact, OutputFact, ResourceDeclaration } from "./declarationTypes";
export type { InputFact, OutputFact, ResourceDeclaration };

interface TypeShape {
    members: TS.TypeNode[];
    optional: boolean;
}

/** `pulumi.Output<T>` / `pulumi.Input<T>` -> the members of T, and whether `undefined` is one of them. */
function wrappedShape(ts: TypeScript, node: TS.TypeNode | undefined, wrapper: "Output" | "Input"): TypeShape | undefined {
    if (node === undefined || !ts.isTypeReferenceNode(node)) return undefined;
    const name = ts.isQualifiedName(node.typeName) ? node.typeName.right.text : node.typeName.text;
    const inner = node.typeArguments?.[0];
    if (name !== wrapper || inner === undefined) return undefined;
    const all = ts.isUnionTypeNode(inner) ? [...inner.types] : [inner];
    const members = all.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    return { members, optional: members.length < all.length };
}

function propertyName(ts: TypeScript, name: TS.PropertyName): string | undefined {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
    return undefined;
}

function isStatic(ts: TypeScript, member: TS.ClassElement): boolean {
    return ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

function outputFacts(ts: TypeScript, cls: TS.ClassDeclaration): Map<string, OutputFact> {
    const facts = new Map<string, OutputFact>();
    for (const member of cls.members) {
        if (!ts.isPropertyDeclaration(member) || isStatic(ts, member)) continue;
        const name = propertyName(ts, member.name);
        const shape = wrappedShape(ts, member.type, "Output");
        if (name === undefined || shape === undefined) continue;
        const isString = shape.members.length === 1 && shape.members[0].kind === ts.SyntaxKind.StringKeyword;
        facts.set(name, { required: !shape.optional, isString });
    }
    return facts;
}

/** The leftmost name of a qualified type reference (`inputs` in `inputs.iam.PolicyDocument`). */
function qualifierRoot(ts: TypeScript, node: TS.TypeNode): string | undefined {
    if (!ts.isTypeReferenceNode(node) || !ts.isQualifiedName(node.typeName)) return undefined;
    let name: TS.EntityName = node.typeName;
    while (ts.isQualifiedName(name)) name = name.left;
    return name.text;
}

/**
 * The local names the module imports the SDK's object input types under
 * (`import * as inputs from "../types/input"`); enums (`../types/enums`) are strings, not documents.
 */
function inputTypeNamespaces(ts: TypeScript, source: TS.SourceFile): Set<string> {
    const names = new Set<string>();
    for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
        const bindings = statement.importClause?.namedBindings;
        if (/\/types\/input$/.test(statement.moduleSpecifier.text) && bindings !== undefined && ts.isNamespaceImport(bindings)) {
            names.add(bindings.name.text);
        }
    }
    return names;
}

/** `string | inputs.<module>.<Type>`: a string, or a structured value the SDK declares an object type for. */
function unionOfStringAndObjectType(ts: TypeScript, shape: TypeShape | undefined, objectNamespaces: ReadonlySet<string>): boolean {
    if (shape === undefined) return false;
    const hasString = shape.members.some((t) => t.kind === ts.SyntaxKind.StringKeyword);
    const hasObjectType = shape.members.some((t) => objectNamespaces.has(qualifierRoot(ts, t) ?? ""));
    return hasString && hasObjectType;
}

function inputFacts(
    ts: TypeScript,
    args: TS.InterfaceDeclaration | undefined,
    outputs: ReadonlyMap<string, OutputFact>,
    objectNamespaces: ReadonlySet<string>,
): Map<string, InputFact> {
    const facts = new Map<string, InputFact>();
    for (const member of args?.members ?? []) {
        if (!ts.isPropertySignature(member)) continue;
        const name = propertyName(ts, member.name);
        if (name === undefined) continue;
        const shape = wrappedShape(ts, member.type, "Input");
        const acceptsDocument = unionOfStringAndObjectType(ts, shape, objectNamespaces) && outputs.get(name)?.isString === true;
        const isString = shape !== undefined && shape.members.length === 1 && shape.members[0].kind === ts.SyntaxKind.StringKeyword;
        facts.set(name, { required: member.questionToken === undefined, isString, acceptsDocument });
    }
    return facts;
}

function parseDeclaration(ts: TypeScript, token: string, flavour: ProviderFlavour, file: DeclarationFile, text: string): ResourceDeclaration | undefined {
    const source = ts.createSourceFile(file.path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    let cls: TS.ClassDeclaration | undefined;
    let args: TS.InterfaceDeclaration | undefined;
    for (const statement of source.statements) {
        if (ts.isClassDeclaration(statement) && statement.name?.text === file.className) cls = statement;
        if (ts.isInterfaceDeclaration(statement) && statement.name.text === `${file.className}Args`) args = statement;
    }
    if (cls === undefined) return undefined;
    const outputs = outputFacts(ts, cls);
    return { token, flavour, file: file.path, outputs, inputs: inputFacts(ts, args, outputs, inputTypeNamespaces(ts, source)) };
}

export interface DeclarationStats {
    /** Types whose declaration was looked up (found or not). */
    types: number;
    /** Wall time spent locating and parsing declarations, in milliseconds. */
    milliseconds: number;
}

/**
 * Per-type facts read from the installed SDKs' `.d.ts` files with the TypeScript parser, loaded
 * lazily and cached per type token (a program has many resources of few types).
 */
export class DeclarationStore {
    private readonly cache = new Map<string, ResourceDeclaration | undefined>();
    private elapsed = 0;

    constructor(private readonly roots: PackageRootResolver = resolvePackageRoot) {}

    /** The declaration of a type token, or undefined for types of packages not modeled or not found. */
    get(token: string): ResourceDeclaration | undefined {
        if (this.cache.has(token)) return this.cache.get(token);
        const started = performance.now();
        const declaration = this.load(token);
        this.elapsed += performance.now() - started;
        this.cache.set(token, declaration);
        return declaration;
    }

    stats(): DeclarationStats {
        return { types: this.cache.size, milliseconds: this.elapsed };
    }

    private load(token: string): ResourceDeclaration | undefined {
        const pkg = providerPackageOf(token);
        if (pkg === undefined) return undefined;
        const file = declarationFileOf(pkg, token, this.roots);
        // The compiler is loaded only when a declaration is not cached yet.
        return file === undefined ? undefined : cachedDeclaration(file, (text) => parseDeclaration(loadTypeScript(), token, pkg.flavour, file, text));
    }
}
