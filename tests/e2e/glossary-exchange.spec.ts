import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("without JavaScript: a curator downloads the glossary as TBX, previews a pasted CSV and imports it", async ({ page, signIn }) => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const preferred = `outreach worker ${id}`;
  await signIn({ role: "curator" });

  await page.goto("/glossary");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "TBX", exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^practice-exchange-glossary-\d{4}-\d{2}-\d{2}\.tbx$/);
  expect(await readFile((await download.path())!, "utf8")).toContain("<tbx");

  await page.getByRole("link", { name: "Import", exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Import into the glossary" })).toBeVisible();
  const csv = [
    "concept,language,term,status,reason,alternative",
    `outreach-${id},en,${preferred},preferred,,`,
    `outreach-${id},en,street worker ${id},avoid,Says nothing of what the work is.,${preferred}`,
    `outreach-${id},fr,travailleuse de rue ${id},preferred,,`,
  ].join("\n");
  await page.getByLabel("Or paste the text").fill(csv);
  await page.getByRole("button", { name: "Preview the changes" }).click();

  const row = page.getByRole("row", { name: new RegExp(preferred) });
  await expect(row.getByRole("cell", { name: "New", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "3 added, 0 removed" })).toBeVisible();
  // The pasted text is still there, to change and preview again.
  await expect(page.getByLabel("Or paste the text")).toHaveValue(csv);
  await page.getByRole("button", { name: "Apply the import" }).click();

  await expect(page).toHaveURL(/\/glossary\?done=imported&created=1&revised=0&unchanged=0$/);
  await expect(page.getByRole("status").filter({ hasText: "Import done: 1 new, 0 changed, 0 unchanged." })).toBeVisible();
  await page.getByRole("search", { name: "Search the glossary" }).getByLabel("Search the glossary").fill(preferred);
  await page.getByRole("search", { name: "Search the glossary" }).getByRole("button", { name: "Show" }).click();
  await page.getByRole("link", { name: preferred }).click();
  await expect(page).toHaveURL(new RegExp(`/glossary/outreach-${id}$`));
  await expect(page.getByText(`street worker ${id}`)).toBeVisible();
});
