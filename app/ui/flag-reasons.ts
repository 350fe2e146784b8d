import type { FlagReason } from "../../db/schema";
import type { MessageKey } from "../i18n";

export const REASON_LABELS: Record<FlagReason, MessageKey> = {
  personal_data: "flag.personalData",
  harmful: "flag.harmful",
  off_topic: "flag.offTopic",
  other: "flag.other",
};
