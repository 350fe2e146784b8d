import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const EPUBCHECK = "/usr/share/java/epubcheck.jar";

/**
 * Debian's epubcheck through its Java API, every file in one JVM (its command line takes one
 * file, and a JVM start costs seconds). Java or the jar missing is a failure, not a skip.
 */
const CHECKER = `
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class CheckEpubs {
  public static void main(String[] args) {
    for (String path : args) {
      DefaultReportImpl report = new DefaultReportImpl(path);
      new EpubCheck(new File(path), report).validate();
      System.out.println("RESULT " + new File(path).getName() + " " + report.getFatalErrorCount() + " " + report.getErrorCount() + " " + report.getWarningCount());
    }
  }
}
`;

export interface CheckResult {
  fatals: number;
  errors: number;
  warnings: number;
}

/** Checks each named EPUB; the files stay in `dir` (the caller removes it) for a second look. */
export async function epubcheck(files: Record<string, Uint8Array>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-epubcheck-"));
  fs.writeFileSync(path.join(dir, "CheckEpubs.java"), CHECKER);
  const paths = Object.entries(files).map(([name, bytes]) => {
    const file = path.join(dir, `${name}.epub`);
    fs.writeFileSync(file, bytes);
    return file;
  });
  const { stdout, stderr } = await run("java", ["-cp", EPUBCHECK, path.join(dir, "CheckEpubs.java"), ...paths], { maxBuffer: 16 * 1024 * 1024 });
  const results = new Map<string, CheckResult>();
  for (const [, name, fatals, errors, warnings] of stdout.matchAll(/^RESULT (\S+)\.epub (\d+) (\d+) (\d+)$/gm))
    results.set(name!, { fatals: Number(fatals), errors: Number(errors), warnings: Number(warnings) });
  return { results, output: stdout + stderr, dir };
}
