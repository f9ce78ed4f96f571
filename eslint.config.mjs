// Flat config: typescript-eslint's recommended rules, type-aware, over our sources.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "bench/results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Build scripts are plain CommonJS run by node.
    files: ["scripts/**/*.js", "bin/**/*.js", "bench/empty-pack/*.js", "bench/peers/cdk/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", __dirname: "readonly", process: "readonly", module: "writable", console: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CatchClause[param=null] > BlockStatement[body.length=0]",
          message: "An empty catch hides unknown values and failures: decide on purpose (see BRIEF §4).",
        },
      ],
    },
  },
);
