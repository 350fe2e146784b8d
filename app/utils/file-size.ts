import type { Translate } from "../i18n";
import { formatNumber } from "../i18n/format";

const KiB = 1024;
const MiB = 1024 * KiB;

// formatNumber writes whole numbers; these languages write a decimal comma where English has a point.
const DECIMAL_COMMA = new Set(["fr", "es", "de", "pt"]);

/** A file's size as a reader weighs it against their data allowance: "340 KB", "2.4 MB" (never "0 KB"). */
export function fileSize(bytes: number, t: Translate, locale: string) {
  if (bytes < MiB) return t("attachment.sizeKB", { size: formatNumber(Math.max(1, Math.round(bytes / KiB)), locale) });
  const tenths = Math.round((bytes / MiB) * 10);
  const whole = formatNumber(Math.floor(tenths / 10), locale);
  const size = tenths % 10 === 0 ? whole : `${whole}${DECIMAL_COMMA.has(locale) ? "," : "."}${formatNumber(tenths % 10, locale)}`;
  return t("attachment.sizeMB", { size });
}
