// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

export const NOTIFICATION_KINDS = [
  "comment",
  "reply",
  "mention",
  "endorsement",
  "comment_hidden",
  "revision",
  "nomination_accepted",
  "nomination_declined",
  "entry_withdrawn",
  "glossary_accepted",
  "glossary_declined",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification (or a group of them, `{count}`) says. */
const NOTIFICATION_LABELS = {
  comment: "notifications.comment",
  reply: "notifications.reply",
  mention: "notifications.mention",
  endorsement: "notifications.endorsement",
  comment_hidden: "notifications.commentHidden",
  revision: "notifications.revision",
  nomination_accepted: "notifications.nominationAccepted",
  nomination_declined: "notifications.nominationDeclined",
  entry_withdrawn: "notifications.entryWithdrawn",
  glossary_accepted: "notifications.glossaryAccepted",
  glossary_declined: "notifications.glossaryDeclined",
} as const satisfies Record<NotificationKind, string>;
export const notificationLabel = (kind: NotificationKind) => NOTIFICATION_LABELS[kind];
