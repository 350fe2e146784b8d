import type { Db } from "../../../db/client";
import { notFound } from "../../auth/permissions.server";
import type { HandbookStatus } from "../../domain/handbook";
import type { AuditAction } from "../../domain/audit";
import { recordAudit } from "../../models/audit.server";
import {
  addChapter,
  createNextEdition,
  deleteChapter,
  findChapterInHandbook,
  getEntry,
  linkLanguageEditions,
  moveChapter,
  moveEntry,
  moveEntryToChapter,
  pinTranslation,
  removeEntry,
  repinEntry,
  setHandbookStatus,
  updateChapter,
  updateEntryNote,
  updateHandbookDetails,
  type HandbookRecord,
} from "../../models/handbook.server";
import { pinEditionGlossary } from "../../models/handbook-glossary.server";
import { NEXT_STATUS } from "./next-status";

/** What every curate intent works with: the database (the action's transaction), who acts, on which handbook. */
export interface Curation {
  db: Db;
  memberId: number;
  handbook: HandbookRecord;
  ip: string;
}

type Direction = "up" | "down";

const conflict = () => {
  throw new Response("Conflict", { status: 409 });
};

function audit({ db, memberId, handbook, ip }: Curation, action: AuditAction, detail: Record<string, unknown>) {
  return recordAudit(db, { actorId: memberId, action, targetType: "handbook", targetId: handbook.id, detail, ip });
}

/** The chapter, if it is this handbook's (404 otherwise). */
async function chapterOf({ db, handbook }: Curation, chapterId: number) {
  const id = await findChapterInHandbook(db, { handbookId: handbook.id, chapterId });
  if (id === undefined) notFound();
  return id;
}

/** The entry, if it is in this handbook (404 otherwise). */
async function entryOf({ db, handbook }: Curation, entryId: number) {
  const entry = await getEntry(db, { entryId });
  if (!entry || entry.handbookId !== handbook.id) notFound();
  return entry;
}

export async function handleNewEdition(c: Curation) {
  const copy = await createNextEdition(c.db, { handbookId: c.handbook.id, createdBy: c.memberId });
  await audit(c, "handbook.edition_created", { newHandbookId: copy.id });
  return copy;
}

export async function handleLink(c: Curation, { otherId }: { otherId: number }) {
  await linkLanguageEditions(c.db, { handbookId: c.handbook.id, otherId });
  await audit(c, "handbook.updated", { linkedEdition: otherId });
}

export async function handleStatus(c: Curation, { status }: { status: HandbookStatus }) {
  if (!(NEXT_STATUS[c.handbook.status] as readonly string[]).includes(status)) conflict();
  await setHandbookStatus(c.db, { id: c.handbook.id, status });
  // The annex stays as the glossary is now, whatever the glossary becomes.
  if (status === "published") await pinEditionGlossary(c.db, { handbook: c.handbook });
  await audit(c, "handbook.status_changed", { from: c.handbook.status, to: status });
}

export async function handleDetails(c: Curation, { title, intro, licence }: { title: string; intro: string; licence: string }) {
  await updateHandbookDetails(c.db, { id: c.handbook.id, title, introMd: intro, licence });
  await audit(c, "handbook.updated", { title });
}

export async function handleAddChapter(c: Curation, { title, intro }: { title: string; intro: string }) {
  const chapterId = await addChapter(c.db, { handbookId: c.handbook.id, title, introMd: intro });
  await audit(c, "handbook.chapter_changed", { added: chapterId, title });
}

export async function handleEditChapter(c: Curation, { chapterId, title, intro }: { chapterId: number; title: string; intro: string }) {
  await updateChapter(c.db, { chapterId: await chapterOf(c, chapterId), title, introMd: intro });
  await audit(c, "handbook.chapter_changed", { edited: chapterId });
}

export async function handleMoveChapter(c: Curation, { chapterId, direction }: { chapterId: number; direction: Direction }) {
  await moveChapter(c.db, { handbookId: c.handbook.id, chapterId: await chapterOf(c, chapterId), direction });
  await audit(c, "handbook.chapter_changed", { moved: chapterId, direction });
}

export async function handleDeleteChapter(c: Curation, { chapterId }: { chapterId: number }) {
  if (!(await deleteChapter(c.db, { handbookId: c.handbook.id, chapterId: await chapterOf(c, chapterId) }))) conflict();
  await audit(c, "handbook.chapter_changed", { deleted: chapterId });
}

export async function handleMoveEntry(c: Curation, { entryId, direction }: { entryId: number; direction: Direction }) {
  const entry = await entryOf(c, entryId);
  await moveEntry(c.db, { chapterId: entry.chapterId, entryId: entry.id, direction });
  await audit(c, "handbook.entry_changed", { moved: entry.id, direction });
}

export async function handleMoveEntryToChapter(c: Curation, { entryId, chapterId }: { entryId: number; chapterId: number }) {
  const entry = await entryOf(c, entryId);
  await moveEntryToChapter(c.db, { entryId: entry.id, fromChapterId: entry.chapterId, toChapterId: await chapterOf(c, chapterId) });
  await audit(c, "handbook.entry_changed", { moved: entry.id, toChapter: chapterId });
}

export async function handleRemoveEntry(c: Curation, { entryId }: { entryId: number }) {
  const entry = await entryOf(c, entryId);
  await removeEntry(c.db, { entryId: entry.id, chapterId: entry.chapterId });
  await audit(c, "handbook.entry_changed", { removed: entry.id, practiceId: entry.practiceId });
}

export async function handleEntryNote(c: Curation, { entryId, note }: { entryId: number; note: string }) {
  await updateEntryNote(c.db, { entryId: (await entryOf(c, entryId)).id, note });
  await audit(c, "handbook.entry_changed", { note: entryId });
}

export async function handleRepin(c: Curation, { entryId }: { entryId: number }) {
  const revision = await repinEntry(c.db, { entryId: (await entryOf(c, entryId)).id });
  await audit(c, "handbook.entry_changed", { repinned: entryId, revision });
}

export async function handlePinTranslation(c: Curation, { entryId, practiceId }: { entryId: number; practiceId: number }) {
  await entryOf(c, entryId);
  if (!(await pinTranslation(c.db, { entryId, practiceId }))) notFound();
  await audit(c, "handbook.entry_changed", { translationPinned: entryId, practiceId });
}
