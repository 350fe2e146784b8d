import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { PaperSize } from "../../domain/book";
import type { Book } from "./book";
import { pdfHtml } from "./pdf-html";

/**
 * The PDF is made by WeasyPrint (Debian's package, docs/decisions/) in a Python subprocess:
 * HTML on stdin, PDF on stdout, the page count on fd 3, WeasyPrint's warnings on stderr.
 */

/**
 * Debian's python3 has Debian's weasyprint; a `python3` first on PATH (pyenv, a virtualenv)
 * usually has not. WEASYPRINT_PYTHON names another interpreter.
 */
function pythonPath() {
  if (process.env.WEASYPRINT_PYTHON) return process.env.WEASYPRINT_PYTHON;
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

const NICE = ["/usr/bin/nice", "/bin/nice"].find((p) => existsSync(p));

/** A PDF larger than this is a runaway (the demo handbook's is well under 2 MB). */
const MAX_PDF_BYTES = 256 * 1024 * 1024;
/** WeasyPrint's address space; a 44-page book with photos needs a few hundred MB. */
const MEMORY_LIMIT = 2 * 1024 * 1024 * 1024;

/**
 * What WeasyPrint is given of the environment: where programs and fonts are, its language,
 * nothing else (the server's own has the database URL, the SMTP password and the secrets).
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "XDG_DATA_DIRS"];
  return Object.fromEntries(keep.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]]))) as NodeJS.ProcessEnv;
}

/**
 * The program WeasyPrint runs in. Two things it adds to WeasyPrint 57:
 * - a URL fetcher that refuses everything but data: URLs (images travel inside the HTML), so
 *   rendering a book never reaches the network or the file system;
 * - each drawn line wrapped in `/Span <</ActualText (…)>> BDC … EMC`: WeasyPrint maps each glyph
 *   to text once per font, so a conjunct or a reordered vowel sign in Devanagari or Bengali would
 *   extract (and be searched, copied, read aloud) as the wrong letters; ActualText gives the line's
 *   real text to pdftotext, search and screen readers.
 */
const PROGRAM = String.raw`
import os, resource, sys
# A book that would take more than this is a runaway (the demo's takes about 150 MB).
resource.setrlimit(resource.RLIMIT_AS, (${MEMORY_LIMIT}, ${MEMORY_LIMIT}))
import pydyf
from weasyprint import HTML, default_url_fetcher, draw

def url_fetcher(url, *args, **kwargs):
    if url.startswith('data:'):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError('refused (a book fetches nothing): ' + url[:200])

_draw_first_line = draw.draw_first_line

def draw_first_line(stream, textbox, *args, **kwargs):
    text = textbox.pango_layout.text
    if not text.strip():
        return _draw_first_line(stream, textbox, *args, **kwargs)
    # pydyf's own operators: WeasyPrint's Stream overrides them for tagged PDF, and they do
    # nothing unless it tags.
    pydyf.Stream.begin_marked_content(stream, 'Span', pydyf.Dictionary({'ActualText': pydyf.String(text)}))
    try:
        return _draw_first_line(stream, textbox, *args, **kwargs)
    finally:
        pydyf.Stream.end_marked_content(stream)

draw.draw_first_line = draw_first_line

html = sys.stdin.buffer.read().decode('utf-8')
document = HTML(string=html, url_fetcher=url_fetcher).render()
document.write_pdf(sys.stdout.buffer)
sys.stdout.buffer.flush()
try:
    os.write(3, str(len(document.pages)).encode())
except OSError:
    pass
`;

function command(args: string[]) {
  const python = pythonPath();
  return NICE ? { file: NICE, args: ["-n", "10", python, ...args] } : { file: python, args };
}

function tail(text: string, length = 2000) {
  return text.length > length ? `…${text.slice(-length)}` : text;
}

/**
 * The book as a PDF on the given paper. Rejects when WeasyPrint fails, exits without a PDF,
 * or takes longer than `timeoutMs` (the process is killed); its warnings (a font without a
 * glyph, an image it refused) do not fail the book: they come back as `warnings`, for the log.
 */
export function renderPdf(book: Book, { paper, timeoutMs }: { paper: PaperSize; timeoutMs: number }): Promise<{ bytes: Uint8Array; pages: number; warnings: string }> {
  const html = pdfHtml(book, { paper });
  // -I: isolated, so neither the working directory nor PYTHON* variables change what runs.
  const { file, args } = command(["-I", "-c", PROGRAM]);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["pipe", "pipe", "pipe", "pipe"], env: childEnvironment() });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = "";
    let pagesText = "";
    let failure: Error | null = null;
    const fail = (error: Error) => {
      failure ??= error;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => fail(new Error(`WeasyPrint took longer than ${timeoutMs} ms to make the PDF of "${book.handbook.slug}" and was stopped`)), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_PDF_BYTES) fail(new Error(`WeasyPrint's PDF of "${book.handbook.slug}" grew past ${MAX_PDF_BYTES} bytes and was stopped`));
      else out.push(chunk);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = tail(stderr + chunk, 20_000);
    });
    const pagesStream = child.stdio[3];
    pagesStream?.on("data", (chunk: Buffer) => {
      pagesText += chunk.toString("utf8");
    });
    child.on("error", (error) => fail(new Error(`WeasyPrint could not be started (${file}): ${error.message}`)));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      const bytes = new Uint8Array(Buffer.concat(out));
      const pages = Number.parseInt(pagesText, 10);
      if (code !== 0 || signal) return reject(new Error(`WeasyPrint failed (${signal ?? `exit ${code}`}): ${tail(stderr.trim()) || "no message"}`));
      if (bytes.length < 5 || Buffer.from(bytes.subarray(0, 5)).toString("latin1") !== "%PDF-") return reject(new Error(`WeasyPrint wrote no PDF: ${tail(stderr.trim()) || "no message"}`));
      if (!Number.isInteger(pages) || pages < 1) return reject(new Error("WeasyPrint did not report the PDF's page count"));
      resolve({ bytes, pages, warnings: stderr.trim() });
    });
    // A closed stdin (the process died early) is reported by "close" with its stderr.
    child.stdin.on("error", () => {});
    child.stdin.end(html, "utf8");
  });
}

export type PdfEngine = { available: true } | { available: false; reason: string };

/** Whether `python` can import WeasyPrint (and pydyf, which the program above uses). */
export function checkPdfEngine(python = pythonPath()): Promise<PdfEngine> {
  return new Promise((resolve) => {
    const child = spawn(python, ["-c", "import weasyprint, pydyf; print(weasyprint.__version__)"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ available: false, reason: `${python} could not be started (${error.message}): install Debian's python3 and weasyprint packages, or set WEASYPRINT_PYTHON` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ available: true });
      const last = output.trim().split("\n").pop() ?? "";
      resolve({
        available: false,
        reason: `${python} cannot import weasyprint (${last || `exit ${code}`}): install Debian's weasyprint package (apt-get install weasyprint), or set WEASYPRINT_PYTHON`,
      });
    });
  });
}

let engine: Promise<PdfEngine> | null = null;

/** Whether renderPdf can work on this server: asked once per process. */
export function pdfEngine(): Promise<PdfEngine> {
  engine ??= checkPdfEngine();
  return engine;
}
