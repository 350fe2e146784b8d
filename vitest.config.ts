import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "tests/stress/**", "node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
    // On PostgreSQL (tests/postgres/with-postgres.js): the template test databases are copied from.
    globalSetup: ["tests/helpers/global-setup.ts"],
  },
});
