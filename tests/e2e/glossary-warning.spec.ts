import { createConcept } from "../../app/models/glossary.server";
import { db, expect, test } from "./fixtures";
import { E2E_SERVERS } from "./servers";

test.use({ javaScriptEnabled: false });

test("without JavaScript: a member previews a practice with a term to avoid and is told what to write instead", async ({ page, signIn }) => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const avoid = `streetworker${id}`;
  const preferred = `person in prostitution ${id}`;
  await createConcept(db(), {
    authorId: null,
    content: {
      theme: null,
      definitions: {},
      notes: "",
      terms: [
        { language: "en", text: preferred, status: "preferred", reason: "", alternative: "", source: "" },
        { language: "en", text: avoid, status: "avoid", reason: "It names a person by the harm done to them.", alternative: preferred, source: "" },
      ],
    },
  });
  await signIn();
  await page.goto(`${E2E_SERVERS.main.url}/practices/new`);
  await page.getByRole("textbox", { name: "Title" }).fill("Bakery course");
  await page.getByRole("textbox", { name: "Approach" }).fill(`Each ${avoid.toUpperCase()} joins the course.`);
  await page.getByRole("button", { name: "Preview" }).click();
  const advice = page.getByRole("status").filter({ hasText: "Words the network’s glossary asks to avoid" });
  await expect(advice).toContainText(`write “${preferred}” instead`);
  await expect(advice.getByRole("link", { name: new RegExp(`${avoid}.*in the glossary`) })).toBeVisible();
  // Advice only: the form is as typed, and publishing stays offered.
  await expect(page.getByRole("button", { name: "Publish" })).toBeEnabled();
});
