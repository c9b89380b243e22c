// One lint configuration for the whole monorepo: typescript-eslint's type-aware
// recommendations, Prettier's formatting rules off (Prettier formats).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/__generated__/**",
      "**/.turbo/**",
      ".data/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
      "**/codegen.ts",
      "gateway/ide/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A fan-out's promise left floating is a unit call nobody waits for.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // Apollo's plugin hooks, DataLoader batches and context functions are async by interface.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests walk arbitrary GraphQL answers.
    files: ["**/__tests__/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      // chai: expect(x).to.be.empty
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
  prettier,
);
