import { Link } from "./link";
import { notificationLabel, type NotificationKind } from "../domain/notification";
import { useT } from "../i18n/react";

/** What a (group of) notification(s) says; plain data, as the notifications model returns it. */
export interface NotificationGroupView {
  kind: NotificationKind;
  count: number;
  practiceSlug: string | null;
  practiceTitle: string | null;
  commentId: number | null;
  actorNames: string[];
  glossary: { slug: string; term: string } | null;
}

/** "Sita commented on …", or "3 new comments on …" for a group. */
export function NotificationText({ group }: { group: NotificationGroupView }) {
  const t = useT();
  const names = group.actorNames.length > 2 ? `${group.actorNames.slice(0, 2).join(", ")}…` : group.actorNames.join(", ");
  const label = t(notificationLabel(group.kind), { count: group.count, names: names || t("comments.formerMember") });
  if (group.glossary) {
    return (
      <>
        {label} <Link to={`/glossary/${encodeURIComponent(group.glossary.slug)}`}>{group.glossary.term}</Link>
      </>
    );
  }
  const href = group.practiceSlug ? `/practices/${group.practiceSlug}${group.commentId ? `#comment-${group.commentId}` : ""}` : "/";
  return (
    <>
      {label} <Link to={href}>{group.practiceTitle ?? ""}</Link>
    </>
  );
}
