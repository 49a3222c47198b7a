// ESLint's flat config. Formatting is Prettier's job (`npm run format`); this file holds the rules
// that catch mistakes and keep functions and lines readable. Conventions: app/README.md.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["build/", "public/build/", ".cache/", "data/", "test-results/", "playwright-report/", ".tmp/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "max-len": ["error", { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // React code only: tests have a `use()` helper of their own that the hooks rules would misread.
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // Migrations are frozen in time and take Kysely<any> on purpose (Kysely's own advice: a migration
    // must not depend on today's types); their up() functions are as long as the schema they create.
    files: ["db/migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "max-lines-per-function": "off" },
  },
  {
    // Raw SQL's rows are checked against a zod schema (record D7 in db/README.md), not asserted with a
    // type argument. Migrations are frozen in time and keep what they were written with.
    files: ["app/**/*.ts", "app/**/*.tsx", "db/**/*.ts", "search/**/*.ts", "scripts/**/*.ts"],
    ignores: ["db/migrations/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            'MemberExpression[property.name="execute"] > ' +
            'TaggedTemplateExpression.object[tag.name="sql"][typeArguments]',
          message: "Read raw SQL with rawRows(db, name, RowSchema, sql`...`) from db/rows.ts: its rows are checked.",
        },
      ],
    },
  },
  {
    // Text, not code: translations and demo prose keep a sentence on one line, so that a translator
    // or a reviewer reads it whole.
    files: ["app/i18n/messages/**", "db/demo/*-texts.ts"],
    rules: { "max-len": ["error", { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true }] },
  },
  {
    // A test file's describe() callback groups cases; its length is the number of cases, not a function's
    // complexity. Helpers in tests/support are held to the rule.
    files: ["tests/**/*.test.ts", "tests/**/*.spec.ts"],
    rules: { "max-lines-per-function": "off" },
  },
);
