import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "tests/stress/**", "node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
  },
});
