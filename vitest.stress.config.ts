import { defineConfig } from "vitest/config";

// Runs against the production build (server.js), so `remix build` comes first.
export default defineConfig({
  test: { include: ["tests/stress/**/*.test.ts"], environment: "node", testTimeout: 300_000, fileParallelism: false },
});
