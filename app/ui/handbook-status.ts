import type { HandbookStatus } from "../../db/schema";
import type { MessageKey } from "../i18n";

export const HANDBOOK_STATUS_LABELS: Record<HandbookStatus, MessageKey> = {
  draft: "handbook.statusDraft",
  review: "handbook.statusReview",
  published: "handbook.statusPublished",
};
