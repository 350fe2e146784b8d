import { catalogues } from "../../app/i18n";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

test("a member who reads Nepali gets the interface in Nepali, and Mongolian content keeps its language", async ({ page, signIn }) => {
  const ne = catalogues.ne;
  const org = await makeOrganisation(db(), { country: "MN" });
  const author = await makeMember(db(), { organisationId: org.id });
  const title = `Охидын хамгаалах байр ${Date.now()}`;
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title, approach: "Хамгаалах байр охидод аюулгүй орчин олгодог." }, meta: { language: "mn" } });
  await signIn({ locale: "ne" });
  await page.goto(`/practices/${practice.slug}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "ne");
  await expect(page.getByRole("link", { name: ne["nav.practices"], exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: ne["practice.approach"] })).toBeVisible();
  const heading = page.getByRole("heading", { level: 1, name: title });
  await expect(heading).toHaveAttribute("lang", "mn");
  await expect(page.locator('.prose[lang="mn"]', { hasText: "Хамгаалах байр" })).toBeVisible();
});

test("the language switcher works before sign-in and is remembered; Mongolian UI with Nepali content", async ({ page, signIn }) => {
  const mn = catalogues.mn;
  const member = await signIn();
  const org = await makeOrganisation(db(), { country: "NP" });
  const title = `सिलाई तालिम ${Date.now()}`;
  const practice = await makePractice(db(), { authorId: member.id, organisationId: org.id, writeUp: { title }, meta: { language: "ne" } });
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByRole("combobox", { name: "Language", exact: true }).selectOption("mn");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "mn");
  await expect(page.getByRole("heading", { level: 1, name: mn["login.title"] })).toBeVisible();
  await page.getByLabel(mn["login.email"]).fill(member.email);
  await page.getByLabel(mn["login.password"]).fill(member.password);
  await page.getByRole("button", { name: mn["login.submit"] }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(member.displayName);
  await page.goto(`/practices/${practice.slug}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "mn");
  await expect(page.getByRole("heading", { level: 1, name: title })).toHaveAttribute("lang", "ne");
  // Signed in, the switcher saves the choice to the member's settings.
  await page.getByRole("combobox", { name: mn["language.label"], exact: true }).selectOption("en");
  await page.getByRole("button", { name: mn["language.change"] }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const saved = await db().selectFrom("users").select("locale").where("id", "=", member.id).executeTakeFirstOrThrow();
  expect(saved.locale).toBe("en");
});
