import type { Kysely } from "kysely";
import { beforeEach, expect, it, vi } from "vitest";
import type { Database } from "../db/schema";
import { addChapter, addEntry, createHandbook, setHandbookStatus } from "../app/models/handbook.server";
import { backgroundSettled } from "../app/server/background.server";
import { loader as downloadLoader } from "../app/routes/handbooks.$slug.download.$format";
import { loader as preparingLoader } from "../app/routes/handbooks.$slug.preparing.$format";
import { loader as printLoader } from "../app/routes/handbooks.$slug.print";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn } from "./factories";

// A server without WeasyPrint: this file's python has no such module (set before anything is imported).
vi.hoisted(() => {
  process.env.WEASYPRINT_PYTHON = "/nonexistent/python3";
});

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

it("without the PDF engine the download says so, the EPUB is still made, and the print page remains", async () => {
  const org = await makeOrganisation(db, { name: "Lilongwe Outreach", country: "MW" });
  const member = await makeSignedIn(db, { organisationId: org.id });
  const practice = await makePractice(db, { authorId: member.id, organisationId: org.id, writeUp: { title: "Truck stop outreach" } });
  const handbook = await createHandbook(db, { title: "Good Practice Handbook", edition: 1, language: "en", introMd: "", createdBy: member.id });
  const chapterId = await addChapter(db, { handbookId: handbook.id, title: "Reaching out", introMd: "" });
  await addEntry(db, { chapterId, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: member.id });
  await setHandbookStatus(db, { id: handbook.id, status: "published" });
  const params = (format: string) => ({ slug: handbook.slug, format });

  // The handbook page offers the EPUB only, and says why.
  expect(await (await call(handbookLoader, { db, cookie: member.cookie, params: { slug: handbook.slug } })).json()).toMatchObject({ pdfAvailable: false });

  const pdf = await call(downloadLoader, { db, cookie: member.cookie, params: params("pdf"), path: `/handbooks/${handbook.slug}/download/pdf` });
  expect(pdf.status).toBe(303);
  const page = await call(preparingLoader, { db, cookie: member.cookie, params: params("pdf"), path: pdf.headers.get("Location")! });
  expect(page.status).toBe(503);
  expect(await page.json()).toMatchObject({ state: "unavailable" });
  // Nothing was queued that nobody could make.
  expect(await db.selectFrom("handbook_files").select("id").execute()).toEqual([]);

  const print = await call(printLoader, { db, cookie: member.cookie, params: { slug: handbook.slug }, path: `/handbooks/${handbook.slug}/print` });
  expect(print.status).toBe(200);
  expect(JSON.stringify(await print.json())).toContain("Truck stop outreach");

  expect((await call(downloadLoader, { db, cookie: member.cookie, params: params("epub"), path: `/handbooks/${handbook.slug}/download/epub` })).status).toBe(303);
  await backgroundSettled();
  const epub = await call(downloadLoader, { db, cookie: member.cookie, params: params("epub"), path: `/handbooks/${handbook.slug}/download/epub` });
  expect(epub.status).toBe(200);
  expect(epub.headers.get("Content-Type")).toBe("application/epub+zip");
});
