import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { GLOSSARY_LIMITS } from "../domain/glossary";
import { resolveTerm } from "../models/glossary.server";

// `[[term]]` in Markdown links here (app/utils/markdown.server.ts): the term is looked up
// when it is read, so a link follows the concept through renames and new terms. A term the
// glossary does not know becomes a search of the glossary.
const Text = /* @__PURE__ */ (() => z.string().trim().min(1).max(GLOSSARY_LIMITS.termLength))();

export async function loader(args: LoaderFunctionArgs) {
  await requireMember(args);
  const text = Text.safeParse(args.params["*"] ?? "");
  if (!text.success) return redirect("/glossary", 303);
  const slug = await resolveTerm(args.context.db, { text: text.data });
  if (slug) return redirect(`/glossary/${encodeURIComponent(slug)}`, 303);
  return redirect(`/glossary?${new URLSearchParams({ q: text.data })}`, 303);
}
