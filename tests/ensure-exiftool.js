// Finds exiftool for the attachment tests (tests/attachment-files.test.ts), installing
// Debian's package when we are root, as tests/e2e/ensure-chromium.js does for Chromium.
import { execSync, spawnSync } from "node:child_process";

// Archive::Zip (a package exiftool only recommends) is what lets it read Office and OpenDocument files.
const found = () => spawnSync("exiftool", ["-ver"], { stdio: "ignore" }).status === 0 && spawnSync("perl", ["-MArchive::Zip", "-e", "1"], { stdio: "ignore" }).status === 0;
if (found()) process.exit(0);

if (process.getuid?.() === 0) {
  console.log("No exiftool on PATH; installing Debian's libimage-exiftool-perl package…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execSync("apt-get update -qq && apt-get install -y -qq --no-install-recommends libimage-exiftool-perl libarchive-zip-perl", { stdio: "inherit", env });
  if (found()) process.exit(0);
}
console.error(
  "No exiftool found on PATH; the attachment tests use it to prove metadata is removed.\n" +
    "Install it with:  sudo apt-get update && sudo apt-get install -y libimage-exiftool-perl libarchive-zip-perl\n" +
    "(or on macOS: brew install exiftool).",
);
process.exit(1);
