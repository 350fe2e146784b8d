// ESLint (flat config): typescript-eslint's recommended rules without type information
// (fast: the whole tree in seconds), the two classic Rules of Hooks, and jsx-a11y's
// recommended accessibility rules. Formatting is Prettier's job, layers are
// dependency-cruiser's (.dependency-cruiser.cjs); `npm run lint` runs all three.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["build/", "public/build/", "node_modules/", "test-results/", "playwright-report/", "data/", "bench/results/", ".cache/"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // tsc's noUnusedLocals / noUnusedParameters already fail the build on these; `_name` marks a deliberate one.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: ["**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
    languageOptions: { ...jsxA11y.flatConfigs.recommended.languageOptions, globals: { ...globals.browser, ...globals.node } },
  },
  {
    // One way to open a transaction: inTransaction (db/client.ts), which runs it again when
    // PostgreSQL reports that it lost a race (a serialization failure), where Kysely's own
    // db.transaction() would hand the member a 500.
    files: ["app/**/*.{ts,tsx}", "scripts/**/*.ts", "bench/**/*.ts", "server.js"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='transaction'][arguments.length=0]",
          message: "Open a transaction with inTransaction(db, fn) (db/client.ts, or app/server/database.server.ts from app/): it retries a PostgreSQL serialization failure.",
        },
      ],
    },
  },
  {
    // Tests and benchmarks poke at internals and hostile input on purpose.
    files: ["tests/**/*.{ts,tsx,js}", "bench/**/*.{ts,js}"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off", // casting a loader's JSON or a hostile payload is the point of the test
      "@typescript-eslint/no-non-null-assertion": "off", // a test that dereferences a missing row should fail loudly
    },
  },
);
