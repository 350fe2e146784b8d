// Finds what makes handbook editions into PDF files, installing Debian's packages when we are
// root, as tests/e2e/ensure-chromium.js does for Chromium:
//   WeasyPrint (the PDF engine, run by Debian's python3) and the Noto fonts of every script
//   the network writes in. With --test, also what the tests read the files back with:
//   poppler-utils (pdftotext, pdfinfo, pdftoppm) and epubcheck (with its Java runtime).
// `npm start` runs it with --optional: a server without the engine still starts, and its
// download page says PDFs cannot be made there (the print page remains).
import { execSync, spawnSync } from "node:child_process";
import fs from "node:fs";

const test = process.argv.includes("--test");
const optional = process.argv.includes("--optional");
const python = process.env.WEASYPRINT_PYTHON || (fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const runs = (command, args) => spawnSync(command, args, { stdio: "ignore" }).status === 0;
const fonts = () =>
  spawnSync("fc-list", [":lang=ne", "family"], { encoding: "utf8" }).stdout?.includes("Noto") && spawnSync("fc-list", [":lang=bn", "family"], { encoding: "utf8" }).stdout?.includes("Noto");

const tools = [
  { name: "WeasyPrint", packages: ["weasyprint"], found: () => runs(python, ["-c", "import weasyprint"]) },
  { name: "the Noto fonts", packages: ["fonts-noto-core"], found: fonts },
  ...(test
    ? [
        { name: "pdftotext", packages: ["poppler-utils"], found: () => runs("pdftotext", ["-v"]) },
        // The EPUB test runs several books through epubcheck in one JVM, from a Java source file: that needs a JDK's compiler.
        {
          name: "epubcheck",
          packages: ["epubcheck", "default-jdk-headless"],
          found: () => fs.existsSync("/usr/share/java/epubcheck.jar") && spawnSync("java", ["--list-modules"], { encoding: "utf8" }).stdout?.includes("jdk.compiler"),
        },
      ]
    : []),
];

let missing = tools.filter((t) => !t.found());
if (missing.length && process.getuid?.() === 0) {
  const packages = missing.flatMap((t) => t.packages);
  console.log(`Installing Debian's ${packages.join(", ")} for handbook PDF and EPUB files…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execSync(`apt-get update -qq && apt-get install -y -qq --no-install-recommends ${packages.join(" ")}`, { stdio: "inherit", env });
  } catch (error) {
    console.error(`apt-get failed: ${error instanceof Error ? error.message : error}`);
  }
  missing = missing.filter((t) => !t.found());
}
if (missing.length === 0) process.exit(0);
console.error(
  `Missing: ${missing.map((t) => t.name).join(", ")}. Handbook editions are made into PDF files with WeasyPrint` +
    (test ? ", and the tests read them back with pdftotext and epubcheck" : "") +
    ".\nInstall with:  sudo apt-get update && sudo apt-get install -y " +
    missing.flatMap((t) => t.packages).join(" ") +
    (optional ? "\nThe server starts anyway: its download page says PDFs cannot be made here, and the print page remains." : ""),
);
process.exit(optional ? 0 : 1);
