import { db, expect, makeMember, makeOrganisation, test, waitForHydration } from "./fixtures";
import { makePractice } from "../factories";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test("a comment being typed survives a reload, and never reaches the next member on the phone", async ({ page, signIn }) => {
  const org = await makeOrganisation(db(), { name: `Pokhara Shelter ${unique()}`, country: "NP" });
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Drop-in centre ${unique()}` } });
  const first = await signIn();
  await page.goto(`/practices/${practice.slug}`);
  await waitForHydration(page);
  await page.getByLabel("Add a comment").fill("Who pays for the night nurse?");
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByText("Restored what you typed on this device.")).toBeVisible();
  await expect(page.getByLabel("Add a comment")).toHaveValue("Who pays for the night nurse?");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/practices"));
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k.includes(`:${first.id}:`))).toEqual([]);

  await signIn();
  await page.goto(`/practices/${practice.slug}`);
  await waitForHydration(page);
  await expect(page.getByLabel("Add a comment")).toHaveValue("");
  await expect(page.getByText("Restored what you typed on this device.")).toHaveCount(0);
});

test("a new practice saves itself as one draft while it is written", async ({ page, signIn }) => {
  test.setTimeout(60_000);
  await signIn();
  const title = `Savings circle ${unique()}`;
  await page.goto("/practices/new");
  await waitForHydration(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Approach").fill("We meet every Friday.");
  await expect(page.getByText(/^Draft saved/)).toBeVisible({ timeout: 15_000 });
  const rows = () => db().selectFrom("practices").select(["slug", "status", "approach_md"]).where("title", "=", title).execute();
  await expect.poll(rows).toEqual([expect.objectContaining({ status: "draft", approach_md: "We meet every Friday." })]);
  const slug = (await rows())[0]!.slug;
  await expect(page).toHaveURL(new RegExp(`/practices/${slug}/edit$`));

  await page.getByLabel("Approach").fill("We meet every Friday, and keep a ledger.");
  await expect.poll(rows, { timeout: 15_000 }).toEqual([expect.objectContaining({ slug, approach_md: "We meet every Friday, and keep a ledger." })]);
});
