// Finds a Chromium for Playwright, installing Debian's package when we are root.
// Playwright's own browser download is never tried: it cannot reach its host here.
import { execSync } from "node:child_process";
import fs from "node:fs";

const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (fs.existsSync(path)) process.exit(0);

if (process.getuid?.() === 0) {
  console.log(`No Chromium at ${path}; installing Debian's chromium package…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execSync("apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-core", { stdio: "inherit", env });
  if (fs.existsSync(path)) process.exit(0);
}
console.error(`No Chromium found at ${path}.\n` + "Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n" + "or point CHROMIUM_PATH at an existing Chromium binary.");
process.exit(1);
