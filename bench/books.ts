// The handbook editions of `npm run bench`: a 44-page edition (the size of the network's first
// handbook) in English and in Nepali, built in the benchmark database with the handbook models
// from the benchmark's own practices, then made into a PDF and an EPUB by the renderers the
// queue uses. Reported: generation time (median of 3), pages, seconds per page and sizes; and
// page serving while the server's own queue makes PDFs, as a ratio of its idle throughput.
import { BOOK_LIMITS, DEFAULT_PAPER } from "../app/domain/book";
import { bookContents, loadBook } from "../app/models/book-contents.server";
import { addChapter, addEntry, createHandbook, getHandbookBySlug, getHandbookContents, removeEntry, setHandbookStatus, updateEntryNote, type HandbookRecord } from "../app/models/handbook.server";
import { renderEpub } from "../app/utils/book/epub.server";
import { pdfEngine, renderPdf } from "../app/utils/book/pdf.server";
import { connect, type Db } from "../db/client";

/** The network's first handbook: 44 pages. An edition of 44 to 46 counts (entries end on whole pages). */
export const TARGET_PAGES = 44;
const TOLERANCE = 2;
const RUNS = 3;

interface EditionSpec {
  language: string;
  title: string;
  intro: string;
  chapters: string[];
  /** The curator's note on every third entry. */
  note: string;
}

/** Titles say what the edition is, so a later run finds it (by title and language) instead of making another. */
const EDITIONS: EditionSpec[] = [
  {
    language: "en",
    title: "Field handbook (benchmark edition)",
    intro: "Practices gathered from the network's organisations, for workers in the field. **Read a chapter at a time**; every entry says who runs it and where.",
    chapters: ["Reaching out", "Shelter and counselling", "Learning a trade", "Earning a living", "Preventing harm"],
    note: "Chosen because it has run for several years and was adapted by other members.",
  },
  {
    language: "ne",
    title: "क्षेत्रगत पुस्तिका (बेन्चमार्क संस्करण)",
    intro: "नेटवर्कका संस्थाहरूका अनुभवबाट संकलित अभ्यासहरू, क्षेत्रमा काम गर्ने कार्यकर्ताहरूका लागि। **एक पटकमा एउटा अध्याय पढ्नुहोस्**।",
    chapters: ["सम्पर्क र पहुँच", "आश्रय र परामर्श", "सीपमूलक तालिम", "आय आर्जन", "रोकथाम र पैरवी"],
    note: "यो अभ्यास धेरै वर्षदेखि चलेको र अन्य सदस्यहरूले अपनाएकोले छानिएको हो।",
  },
];
/** Entries a new edition starts with; measured pages then add or remove entries until it has 44 to 46 pages. */
const FIRST_GUESS = 40;

export interface EditionResult {
  language: string;
  chapters: number;
  entries: number;
  pages: number;
  /** bookContents + loadBook, once. */
  contentsMs: number;
  pdfMs: number[];
  pdfBytes: number;
  epubMs: number[];
  epubBytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function findEdition(db: Db, spec: EditionSpec) {
  const row = await db.selectFrom("handbooks").select("slug").where("title", "=", spec.title).where("language", "=", spec.language).where("edition", "=", 1).executeTakeFirst();
  return row ? getHandbookBySlug(db, { slug: row.slug }) : undefined;
}

/** The benchmark's curator (seed-large: every hundredth member). */
async function curatorId(db: Db) {
  const row = await db.selectFrom("users").select("id").where("role", "=", "curator").orderBy("id").limit(1).executeTakeFirstOrThrow();
  return row.id;
}

/** Published practices in the edition's language, oldest id first, that it does not hold yet. */
async function nextPractices(db: Db, { handbookId, language, count }: { handbookId: number; language: string; count: number }) {
  const held = db
    .selectFrom("handbook_entries")
    .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
    .select("practice_id")
    .where("handbook_chapters.handbook_id", "=", handbookId);
  return db
    .selectFrom("practices")
    .select(["id", "current_revision"])
    .where("status", "=", "published")
    .where("language", "=", language)
    .where("id", "not in", held)
    .orderBy("id")
    .limit(count)
    .execute();
}

/** Adds `count` entries (or removes −count, the last added first), spread over the chapters in turn. */
async function resize(db: Db, { handbook, spec, count, addedBy }: { handbook: HandbookRecord; spec: EditionSpec; count: number; addedBy: number }) {
  const chapters = await getHandbookContents(db, { handbookId: handbook.id });
  let total = chapters.reduce((n, c) => n + c.entries.length, 0);
  if (count > 0) {
    for (const practice of await nextPractices(db, { handbookId: handbook.id, language: spec.language, count })) {
      await addEntry(db, {
        chapterId: chapters[total % chapters.length]!.id,
        practiceId: practice.id,
        revisionNumber: practice.current_revision,
        note: total % 3 === 0 ? spec.note : "",
        addedBy,
      });
      total++;
    }
  }
  for (let n = count; n < 0 && total > 1; n++) {
    total--;
    const chapter = chapters[total % chapters.length]!;
    const last = chapter.entries.pop();
    if (last) await removeEntry(db, { entryId: last.entryId, chapterId: chapter.id });
  }
}

/** The edition as it is in the database, or made: chapters, FIRST_GUESS entries, published. */
async function ensureEdition(db: Db, spec: EditionSpec) {
  const found = await findEdition(db, spec);
  if (found) return found;
  const addedBy = await curatorId(db);
  const { slug, id } = await createHandbook(db, { title: spec.title, edition: 1, language: spec.language, introMd: spec.intro, createdBy: addedBy, licence: "" });
  for (const title of spec.chapters) await addChapter(db, { handbookId: id, title, introMd: "" });
  await resize(db, { handbook: (await getHandbookBySlug(db, { slug }))!, spec, count: FIRST_GUESS, addedBy });
  await setHandbookStatus(db, { id, status: "published" });
  return (await getHandbookBySlug(db, { slug }))!;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/**
 * Renders the edition's PDF RUNS times, resizing it first until it has 44 to 46 pages: the render
 * that measured the pages is the first of the runs when no entry had to change. Deterministic:
 * the same data and renderer always give the same entries.
 */
async function measureEdition(db: Db, spec: EditionSpec, origin: string): Promise<EditionResult> {
  let handbook = await ensureEdition(db, spec);
  const addedBy = await curatorId(db);
  for (let attempt = 0; ; attempt++) {
    const loading = await timed(async () => {
      const contents = await bookContents(db, { handbook, origin });
      return loadBook(db, { handbook, contents, origin });
    });
    const book = loading.value;
    const entries = book.chapters.reduce((n, c) => n + c.entries.length, 0);
    const first = await timed(() => renderPdf(book, { paper: DEFAULT_PAPER, timeoutMs: BOOK_LIMITS.renderMs }));
    const { pages } = first.value;
    const off = pages < TARGET_PAGES ? TARGET_PAGES - pages : pages > TARGET_PAGES + TOLERANCE ? TARGET_PAGES + TOLERANCE - pages : 0;
    if (off !== 0 && attempt < 6) {
      // Pages per entry, counting the cover, contents and closing pages in: a slight overestimate.
      const change = Math.sign(off) * Math.max(1, Math.round(Math.abs(off) / (pages / entries)));
      process.stderr.write(`  ${spec.language} edition: ${pages} pages with ${entries} entries; ${change > 0 ? "adding" : "removing"} ${Math.abs(change)}\n`);
      await resize(db, { handbook, spec, count: change, addedBy });
      handbook = (await getHandbookBySlug(db, { slug: handbook.slug }))!;
      continue;
    }
    const pdfMs = [first.ms];
    for (let run = 1; run < RUNS; run++) pdfMs.push((await timed(() => renderPdf(book, { paper: DEFAULT_PAPER, timeoutMs: BOOK_LIMITS.renderMs }))).ms);
    const epubMs: number[] = [];
    let epubBytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const epub = await timed(() => renderEpub(book));
      epubMs.push(epub.ms);
      epubBytes = epub.value.byteLength;
    }
    return { language: spec.language, chapters: book.chapters.length, entries, pages, contentsMs: loading.ms, pdfMs, pdfBytes: first.value.bytes.byteLength, epubMs, epubBytes };
  }
}

/** Every edition (made or resized first where need be), measured one after another. */
export async function measureEditions(db: Db, origin: string) {
  const editions: EditionResult[] = [];
  for (const spec of EDITIONS) {
    const result = await measureEdition(db, spec, origin);
    editions.push(result);
    process.stderr.write(`  ${spec.language} edition: ${result.pages} pages, PDF ${(median(result.pdfMs) / 1000).toFixed(1)} s\n`);
  }
  return editions;
}

export interface Throughput {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

export interface ServingResult {
  /** Just before and just after: the machine's drift shows as their difference. */
  idle: [Throughput, Throughput];
  generating: Throughput;
  /** render_ms (as the queue stored it) of each PDF made from the start of the window until the last one in it was stored. */
  renderMs: number[];
  /** Share of the measured window during which a PDF was being made (claimed, not yet stored). */
  busyShare: number;
  /** How long after the window the last PDF took to be stored. */
  lastAfterMs: number;
}

/**
 * Page serving while the server makes PDFs the way a reader's download makes them: the bench
 * changes a curator's note (a new content key), asks for the PDF as the benchmark member, and
 * the server queues it and makes it in its own process (WeasyPrint as a child, niced); as soon
 * as one is stored the next is asked for, for the whole window. Measured against the same
 * page, idle, just before and just after (their mean).
 */
async function servingWhileGenerating(
  db: Db,
  { handbook, url, cookie, measure }: { handbook: HandbookRecord; url: string; cookie: string; measure: () => Promise<Throughput> },
): Promise<ServingResult> {
  const [entry] = (await getHandbookContents(db, { handbookId: handbook.id })).flatMap((c) => c.entries);
  if (!entry) throw new Error("the benchmark edition has no entries");
  const fileRow = () =>
    db
      .selectFrom("handbook_files")
      .select(["status", "render_ms as renderMs", "error"])
      .where("handbook_id", "=", handbook.id)
      .where("format", "=", "pdf")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
  // Left by an earlier run stopped midway: a "preparing" row would hold the queue for minutes.
  await db.deleteFrom("handbook_files").where("handbook_id", "=", handbook.id).execute();
  let round = 0;
  /** Asks for a new PDF and waits until the queue has claimed it (WeasyPrint is running). */
  const ask = async () => {
    await updateEntryNote(db, { entryId: entry.entryId, note: `${entry.curatorNote} (bench ${Date.now()}-${round++})`.trim() });
    const response = await fetch(`${url}/handbooks/${handbook.slug}/download/pdf`, { headers: { cookie }, redirect: "manual" });
    if (response.status !== 303) throw new Error(`asking for the PDF gave ${response.status}, not 303`);
    for (;;) {
      const row = await fileRow();
      if (row?.status !== "queued") return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const waitReady = async () => {
    for (;;) {
      const row = await fileRow();
      if (row?.status === "ready") return row.renderMs ?? 0;
      if (!row || row.status === "failed") throw new Error(`the PDF could not be made: ${row?.error ?? "no file row"}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const idle = await measure();
  await ask();
  let stop = false;
  /** From claimed to stored, for each PDF. */
  const spans: { from: number; to: number; renderMs: number }[] = [];
  const measured = { from: performance.now(), to: Infinity };
  const generator = (async () => {
    for (;;) {
      const from = performance.now();
      const renderMs = await waitReady();
      spans.push({ from, to: performance.now(), renderMs });
      if (stop) return;
      await ask();
    }
  })();
  const generating = await measure();
  measured.to = performance.now();
  stop = true;
  await generator;
  const idleAfter = await measure();
  // What it was: the note as the edition had it, and no stored file of the bench's notes.
  await updateEntryNote(db, { entryId: entry.entryId, note: entry.curatorNote });
  await db.deleteFrom("handbook_files").where("handbook_id", "=", handbook.id).execute();
  const overlap = spans.reduce((ms, s) => ms + Math.max(0, Math.min(s.to, measured.to) - Math.max(s.from, measured.from)), 0);
  return { idle: [idle, idleAfter], generating, renderMs: spans.map((s) => s.renderMs), busyShare: overlap / (measured.to - measured.from), lastAfterMs: Math.max(0, spans.at(-1)!.to - measured.to) };
}

export interface BooksResult {
  editions: EditionResult[];
  serving: ServingResult | null;
  /** Wall time of the whole book part. */
  seconds: number;
}

/** The editions' numbers, and serving while generating when the app's URL and a signed-in cookie are given. */
export async function benchBooks({
  database,
  url,
  cookie,
  measure,
}: {
  database: string;
  url: string;
  cookie: string;
  measure: () => Promise<Throughput>;
}): Promise<BooksResult | { unavailable: string }> {
  const engine = await pdfEngine();
  if (!engine.available) return { unavailable: engine.reason };
  const started = performance.now();
  const db = connect(database);
  try {
    const editions = await measureEditions(db, url);
    const english = (await findEdition(db, EDITIONS[0]!))!;
    const serving = await servingWhileGenerating(db, { handbook: english, url, cookie, measure });
    return { editions, serving, seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.destroy();
  }
}

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

export function printBooks(result: BooksResult | { unavailable: string }) {
  if ("unavailable" in result) {
    console.log(`\nHandbook PDF and EPUB: not measured (${result.unavailable})`);
    return;
  }
  console.log(`\nHandbook editions of ${TARGET_PAGES}–${TARGET_PAGES + TOLERANCE} pages (A4), made by renderPdf and renderEpub; times are medians of ${RUNS} runs:\n`);
  const rows = [["edition", "chapters", "entries", "pages", "PDF s", "s/page", "PDF size", "EPUB ms", "EPUB size", "contents ms"]];
  for (const e of result.editions) {
    const pdf = median(e.pdfMs) / 1000;
    rows.push([
      e.language,
      String(e.chapters),
      String(e.entries),
      String(e.pages),
      pdf.toFixed(2),
      (pdf / e.pages).toFixed(3),
      kib(e.pdfBytes),
      median(e.epubMs).toFixed(0),
      kib(e.epubBytes),
      e.contentsMs.toFixed(0),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
  const s = result.serving;
  if (!s) return;
  const idle = (k: keyof Throughput) => Math.round(((s.idle[0][k] + s.idle[1][k]) / 2) * 10) / 10;
  const ratio = s.generating.requestsPerSecond / idle("requestsPerSecond");
  const alone = median(result.editions[0]!.pdfMs);
  console.log(`\nPractice page while the server's own queue makes the English PDF, against the same page idle just before and after (their mean):`);
  console.log(
    `  req/s ${s.generating.requestsPerSecond} against ${idle("requestsPerSecond")} (${s.idle[0].requestsPerSecond} before, ${s.idle[1].requestsPerSecond} after): ${(ratio * 100).toFixed(1)} % of idle`,
  );
  console.log(
    `  p50 ${idle("p50")} → ${s.generating.p50} ms, p99 ${idle("p99")} → ${s.generating.p99} ms (p99 ÷ p50: ${(idle("p99") / idle("p50")).toFixed(1)} idle, ${(s.generating.p99 / s.generating.p50).toFixed(1)} generating)`,
  );
  console.log(
    `  a PDF was being made ${(s.busyShare * 100).toFixed(0)} % of the window; ${s.renderMs.length} made, ${s.renderMs.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s each` +
      ` (${(median(s.renderMs) / alone).toFixed(1)}× its time alone: WeasyPrint runs niced), the last stored ${(s.lastAfterMs / 1000).toFixed(1)} s after the window`,
  );
  console.log(`  (the book part of the bench took ${result.seconds.toFixed(0)} s)`);
}
