import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ProviderPackage } from "./providerPackages";

/** Where a package's SDK lives; replaceable so tests (or a program's own node_modules) can point elsewhere. */
export type PackageRootResolver = (npmName: string) => string | undefined;

export const resolvePackageRoot: PackageRootResolver = (npmName) => {
    try {
        return path.dirname(require.resolve(`${npmName}/package.json`));
    } catch {
        return undefined;
    }
};

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The SDK folder of a token's module: `iam/role` and `iam` are `iam/`, `index/...` the package root. */
function moduleFolder(token: string): string | undefined {
    const module = token.split(":")[1];
    if (module === undefined || module === "") return undefined;
    const folder = module.split("/")[0];
    return folder === "index" ? "" : folder;
}

/**
 * The class a module's `construct(name, type, urn)` switch builds for a token, exactly as the SDK
 * rehydrates resources (`case "aws:iam/role:Role": return new exports.Role(...)` in `iam/index.js`).
 */
function classForToken(indexJs: string, token: string): string | undefined {
    const match = new RegExp(`case "${escapeRegExp(token)}":\\s*return new exports\\.(\\w+)\\(`).exec(indexJs);
    return match?.[1];
}

/** The file the index lazily loads a class from (`utilities.lazyLoad(exports, ["Role"], () => require("./role"))`). */
function fileForClass(indexJs: string, className: string): string | undefined {
    for (const match of indexJs.matchAll(/lazyLoad\(exports, \[([^\]]*)\], \(\) => require\("\.\/([^"]+)"\)\)/g)) {
        const names = match[1].split(",").map((n) => n.trim().replace(/^"|"$/g, ""));
        if (names.includes(className)) return match[2];
    }
    return undefined;
}

export interface DeclarationFile {
    className: string;
    /** Absolute path of the resource module's `.d.ts`. */
    path: string;
}

/** Finds the declaration of a type token's resource class in the installed SDK, or undefined. */
export function declarationFileOf(pkg: ProviderPackage, token: string, roots: PackageRootResolver = resolvePackageRoot): DeclarationFile | undefined {
    const root = roots(pkg.npmName);
    const folder = moduleFolder(token);
    if (root === undefined || folder === undefined) return undefined;
    const indexPath = path.join(root, folder, "index.js");
    if (!existsSync(indexPath)) return undefined;
    const indexJs = readFileSync(indexPath, "utf8");
    const className = classForToken(indexJs, token);
    const file = className === undefined ? undefined : fileForClass(indexJs, className);
    if (className === undefined || file === undefined) return undefined;
    const dts = path.join(root, folder, `${file}.d.ts`);
    return existsSync(dts) ? { className, path: dts } : undefined;
}
