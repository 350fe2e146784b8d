import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cruise, format, type ICruiseOptions, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The layer rules of .dependency-cruiser.cjs, proved to bite: deliberate violations are
// written into a scratch copy of the layout (never into app/, where Remix's watcher and the
// other tools would see them), cruised with the project's own config, and must be reported
// by the rule's name and its comment. A clean file beside them must not be.

const CONFIG = path.resolve(".dependency-cruiser.cjs");

const FILES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "~/*": ["./app/*"] }, jsx: "react-jsx", module: "ESNext", moduleResolution: "Bundler" } }),
  "app/domain/practice.ts": `export const SECTIONS = ["context", "approach"] as const;\n`,
  "app/models/practice.server.ts": `import { SECTIONS } from "../domain/practice";\nexport function practiceSections() {\n  return SECTIONS;\n}\n`,
  // A component that reaches for a .server module, even only for a type.
  "app/ui/violation.tsx": `import type { practiceSections } from "../models/practice.server";\nexport function Violation(props: { sections: ReturnType<typeof practiceSections> }) {\n  return <p>{props.sections.join()}</p>;\n}\n`,
  // Storage that reaches up into a model.
  "db/violation.ts": `import { practiceSections } from "../app/models/practice.server";\nexport const sections = practiceSections();\n`,
  // A route with SQL in it (through the "~/" alias the app uses, to prove paths resolve).
  "app/routes/violation.tsx": `import { sql } from "kysely";\nimport { practiceSections } from "~/models/practice.server";\nexport const loader = () => sql\`select 1\` && practiceSections();\n`,
  // Within the rules: a route folder whose private component names the loader's type, and whose route imports it back.
  "app/routes/things.$slug/route.tsx": `import { Piece } from "./piece";\nexport const loader = () => ({ name: "x" });\nexport default function Things() {\n  return <Piece />;\n}\n`,
  "app/routes/things.$slug/piece.tsx": `import type { loader } from "./route";\nexport function Piece(props: { data?: ReturnType<typeof loader> }) {\n  return <p>{props.data?.name}</p>;\n}\n`,
  // Within the rules: a component that imports only the vocabulary.
  "app/ui/clean.tsx": `import { SECTIONS } from "~/domain/practice";\nexport function Clean() {\n  return <p>{SECTIONS.join()}</p>;\n}\n`,
  "node_modules/kysely/package.json": JSON.stringify({ name: "kysely", version: "0.28.0", type: "module", main: "index.js" }),
  "node_modules/kysely/index.js": "export const sql = () => undefined;\n",
};

let root: string;
let result: ICruiseResult;
let violations: IViolation[];
let options: ICruiseOptions;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "px-architecture-"));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  options = await extractDepcruiseOptions(CONFIG);
  const tsConfig = path.join(root, "tsconfig.json");
  const cruised = await cruise(["app", "db"], { ...options, baseDir: root, tsConfig: { fileName: tsConfig }, validate: true }, {}, { tsConfig: extractTSConfig(tsConfig) });
  if (typeof cruised.output === "string") throw new Error("dependency-cruiser returned text, not a result");
  result = cruised.output;
  violations = result.summary.violations;
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function commentOf(rule: string): string {
  const found = options.ruleSet?.forbidden?.find((r) => r.name === rule)?.comment;
  if (!found) throw new Error(`no rule named ${rule} in .dependency-cruiser.cjs`);
  return found;
}

function expectViolation(rule: string, from: string, to: RegExp) {
  const hit = violations.find((v) => v.rule.name === rule && v.from === from && to.test(v.to));
  expect(hit, `${rule} should report ${from} → ${to}; got:\n${violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).join("\n")}`).toBeDefined();
  expect(hit!.rule.severity).toBe("error");
}

describe("dependency-cruiser keeps the layers", () => {
  it("fails when a component imports a .server module (even as a type)", () => {
    expectViolation("ui-not-to-server", "app/ui/violation.tsx", /^app\/models\/practice\.server\.ts$/);
    expect(commentOf("ui-not-to-server")).toMatch(/^a component imports a \.server module/);
  });

  it("fails when db/ imports a model", () => {
    expectViolation("db-only-to-domain", "db/violation.ts", /^app\/models\/practice\.server\.ts$/);
    expect(commentOf("db-only-to-domain")).toMatch(/^db\/ imports from app\//);
  });

  it("fails when a route imports Kysely", () => {
    expectViolation("routes-not-to-kysely", "app/routes/violation.tsx", /^node_modules\/kysely\//);
    expect(commentOf("routes-not-to-kysely")).toMatch(/^a route imports Kysely/);
  });

  it("reports those and nothing else (the clean component, the route's model import and the route folder pass)", () => {
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()).toEqual([
      "db-only-to-domain: db/violation.ts → app/models/practice.server.ts",
      "routes-not-to-kysely: app/routes/violation.tsx → node_modules/kysely/index.js",
      "ui-not-to-server: app/ui/violation.tsx → app/models/practice.server.ts",
      // the same import also leaves ui's layer (a model): both rules speak
      "ui-only-to-domain-i18n-utils: app/ui/violation.tsx → app/models/practice.server.ts",
    ]);
  });

  it("prints each rule's comment, as npm run lint shows it", async () => {
    const { output } = await format(result, { outputType: "err-long" });
    const printed = String(output);
    console.log(printed);
    const unwrapped = printed.replace(/\s+/g, " ");
    for (const rule of ["ui-not-to-server", "db-only-to-domain", "routes-not-to-kysely"]) expect(unwrapped).toContain(commentOf(rule).replace(/\s+/g, " "));
    expect(printed).toContain("x 4 dependency violations (4 errors, 0 warnings)");
  });
});
