import { createConcept } from "../../app/models/glossary.server";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

// Reading the glossary without JavaScript: the list, its search, a concept's page, a
// [[term]] link in a practice, and the glossary in the site's search. The concept is made
// here, so the spec does not depend on the demo seed's starter glossary.
test.use({ javaScriptEnabled: false });

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test("without JavaScript: search the glossary, open a concept, follow a [[term]] link", async ({ page, signIn }) => {
  const id = unique();
  const preferred = `peer educator ${id}`;
  const avoid = `informant ${id}`;
  const french = `paire éducatrice ${id}`;
  const { slug } = await createConcept(db(), {
    authorId: null,
    content: {
      theme: "peer-support",
      notes: "",
      definitions: { en: `A survivor who trains others ${id}.`, fr: "Une survivante qui forme d’autres personnes." },
      terms: [
        { language: "en", text: preferred, status: "preferred", reason: "", alternative: "", source: "" },
        { language: "en", text: avoid, status: "avoid", reason: "Sounds like working for the police.", alternative: preferred, source: "" },
        { language: "fr", text: french, status: "preferred", reason: "", alternative: "", source: "" },
      ],
    },
  });
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Peer training ${id}`, approach: `Each [[${preferred}]] meets two newcomers a week.` } });
  await signIn({ locale: "en" });

  // The glossary, searched by the French term: the English name comes back.
  await page.goto("/");
  // The site's sections name the glossary (in the phone menu's <details> on narrow screens).
  await expect(page.locator('nav a[href="/glossary"]')).toHaveText("Glossary");
  await page.goto("/glossary");
  await expect(page.getByRole("heading", { level: 1, name: "Glossary" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search the glossary" }).fill(french);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\/glossary\?q=/);
  await page.getByRole("link", { name: preferred, exact: true }).click();

  // The concept: every language, the term to avoid with what to write instead.
  await expect(page).toHaveURL(`/glossary/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: preferred })).toBeVisible();
  const english = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "English" }) });
  await expect(english.getByText("To avoid")).toBeVisible();
  await expect(english.getByText(`Use instead: ${preferred}`)).toBeVisible();
  await expect(
    page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "French" }) })
      .getByText(french),
  ).toBeVisible();
  await expect(
    page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "Nepali" }) })
      .getByText("No term yet"),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Send proposal" })).toBeVisible();

  // A [[term]] in a practice leads to the concept.
  await page.goto(`/practices/${practice.slug}`);
  await page.getByRole("link", { name: preferred, exact: true }).click();
  await expect(page).toHaveURL(`/glossary/${slug}`);

  // The site's search shows the concept above the practices.
  await page.goto(`/search?q=${encodeURIComponent(avoid)}`);
  const inGlossary = page.getByRole("region", { name: "In the glossary" });
  await expect(inGlossary.getByRole("link", { name: preferred, exact: true })).toHaveAttribute("href", `/glossary/${slug}`);
});
