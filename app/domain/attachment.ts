// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/** Files a practice may carry, decided by their content (app/utils/attachments/), never their name. */
export const DOCUMENT_TYPES = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const IMAGE_TYPES = ["jpeg", "png", "webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export type AttachmentType = DocumentType | ImageType;
export type AttachmentKind = "document" | "image";

export const isDocumentType = (type: string): type is DocumentType => (DOCUMENT_TYPES as readonly string[]).includes(type);
export const isImageType = (type: string): type is ImageType => (IMAGE_TYPES as readonly string[]).includes(type);

export const ATTACHMENT_MIME = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
  txt: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
} as const satisfies Record<AttachmentType, string>;

/** The extension a served document's name ends with (an image is served as its re-encoded copy). */
export const DOCUMENT_EXTENSION = {
  pdf: "pdf",
  docx: "docx",
  xlsx: "xlsx",
  pptx: "pptx",
  odt: "odt",
  ods: "ods",
  odp: "odp",
  txt: "txt",
  csv: "csv",
} as const satisfies Record<DocumentType, string>;

const ATTACHMENT_TYPE_LABELS = {
  pdf: "attachment.type.pdf",
  docx: "attachment.type.docx",
  xlsx: "attachment.type.xlsx",
  pptx: "attachment.type.pptx",
  odt: "attachment.type.odt",
  ods: "attachment.type.ods",
  odp: "attachment.type.odp",
  txt: "attachment.type.txt",
  csv: "attachment.type.csv",
  jpeg: "attachment.type.jpeg",
  png: "attachment.type.png",
  webp: "attachment.type.webp",
} as const satisfies Record<AttachmentType, string>;
export const attachmentTypeLabel = (type: AttachmentType) => ATTACHMENT_TYPE_LABELS[type];

const MiB = 1024 * 1024;
/**
 * The limits, said on the form before an upload and in the refusal after one. A form sent
 * without JavaScript carries its files in one request, so that request has its own bound
 * (server.js BODY_LIMITS holds the same number).
 */
export const ATTACHMENT_LIMITS = {
  fileBytes: 10 * MiB,
  perPractice: 20,
  dailyBytes: 200 * MiB,
  dailyFiles: 60,
  formBytes: 40 * MiB,
  altTextMax: 300,
  nameMax: 120,
} as const;

/** Why a file was refused, each said in the member's language. */
export const ATTACHMENT_REFUSALS = [
  "type",
  "executable",
  "markup",
  "script",
  "archive",
  "macro",
  "zipBomb",
  "encrypted",
  "damaged",
  "heic",
  "empty",
  "tooLarge",
  "formTooLarge",
  "tooMany",
  "quota",
] as const;
export type AttachmentRefusal = (typeof ATTACHMENT_REFUSALS)[number];

const ATTACHMENT_REFUSAL_LABELS = {
  type: "attachment.refused.type",
  executable: "attachment.refused.executable",
  markup: "attachment.refused.markup",
  script: "attachment.refused.script",
  archive: "attachment.refused.archive",
  macro: "attachment.refused.macro",
  zipBomb: "attachment.refused.zipBomb",
  encrypted: "attachment.refused.encrypted",
  damaged: "attachment.refused.damaged",
  heic: "attachment.refused.heic",
  empty: "attachment.refused.empty",
  tooLarge: "attachment.refused.tooLarge",
  formTooLarge: "attachment.refused.formTooLarge",
  tooMany: "attachment.refused.tooMany",
  quota: "attachment.refused.quota",
} as const satisfies Record<AttachmentRefusal, string>;
export const attachmentRefusalLabel = (reason: AttachmentRefusal) => ATTACHMENT_REFUSAL_LABELS[reason];

/** What the uploader of an image confirms: nobody in it can be recognised, or their consent was recorded. */
export const IMAGE_CONSENTS = ["no_person", "consent_recorded"] as const;
export type ImageConsent = (typeof IMAGE_CONSENTS)[number];
export const isImageConsent = (value: unknown): value is ImageConsent => (IMAGE_CONSENTS as readonly unknown[]).includes(value);

const IMAGE_CONSENT_LABELS = {
  no_person: "attachment.consent.noPerson",
  consent_recorded: "attachment.consent.recorded",
} as const satisfies Record<ImageConsent, string>;
export const imageConsentLabel = (consent: ImageConsent) => IMAGE_CONSENT_LABELS[consent];

/** The stored copies: a document's cleaned file, an image's display size and thumbnail. */
export const ATTACHMENT_VARIANTS = ["file", "display", "thumb"] as const;
export type AttachmentVariant = (typeof ATTACHMENT_VARIANTS)[number];

/** The longest side of each re-encoded copy of an image, in pixels. */
export const IMAGE_SIZES = { display: 1600, thumb: 480 } as const;

/** An attachment as a page shows it: only what its reader may see. */
export interface AttachmentView {
  id: number;
  kind: AttachmentKind;
  type: AttachmentType;
  name: string;
  size: number;
  /** An image's alternative text; "" for a document. */
  alt: string;
  width: number | null;
  height: number | null;
  thumbWidth: number | null;
  thumbHeight: number | null;
}

/** An upload not yet saved with its practice, as the form lists it (also what the upload endpoint answers). */
export interface PendingAttachmentView extends AttachmentView {
  consent: ImageConsent | null;
  /** The attachment it takes the place of on saving, if any. */
  replaces: number | null;
}
