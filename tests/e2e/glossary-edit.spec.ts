import { makeSession } from "../factories";
import { db, expect, makeMember, test } from "./fixtures";
import { E2E_SERVERS } from "./servers";

test.use({ javaScriptEnabled: false });

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test("without JavaScript: a curator creates and edits a concept, a member proposes a term, the curator accepts it", async ({ page, browser, signIn }) => {
  const id = unique();
  const preferred = `person in prostitution ${id}`;
  const avoid = `prostitute ${id}`;
  const proposed = `persona en prostitución ${id}`;

  const curatorUser = await makeMember(db(), { role: "curator" });
  const curatorContext = await browser.newContext({ javaScriptEnabled: false });
  await curatorContext.addCookies([{ name: "px_session", value: (await makeSession(db(), curatorUser.id)).token, url: E2E_SERVERS.main.url }]);
  const curator = await curatorContext.newPage();

  // A new concept: a preferred term and one to avoid (whose reason is needed).
  await curator.goto(`${E2E_SERVERS.main.url}/glossary/new`);
  const row = (n: number) => curator.getByRole("group", { name: `Term ${n}`, exact: true });
  await row(1).getByLabel("Term", { exact: true }).fill(preferred);
  await row(2).getByLabel("Term", { exact: true }).fill(avoid);
  await row(2).getByLabel("Status").selectOption("avoid");
  await curator.getByLabel("Definition in English").fill("Someone selling sex.");
  await curator.getByRole("button", { name: "Create concept" }).click();
  await expect(curator.getByText("Say why this term is to be avoided.")).toBeVisible();
  // Everything typed is still there; "Add more rows" keeps it too.
  await expect(row(2).getByLabel("Term", { exact: true })).toHaveValue(avoid);
  await curator.getByRole("button", { name: "Add more rows" }).click();
  await expect(row(8).getByLabel("Term", { exact: true })).toHaveValue("");
  await expect(row(1).getByLabel("Term", { exact: true })).toHaveValue(preferred);
  await row(2).getByLabel("Reason").fill("Reduces a person to what is done to them.");
  await curator.getByRole("button", { name: "Create concept" }).click();
  await expect(curator).toHaveURL(/\/glossary\/[^/]+\?done=created$/);
  const slug = new URL(curator.url()).pathname.split("/")[2]!;

  // The curator edits it: the history shows the change.
  await curator.goto(`${E2E_SERVERS.main.url}/glossary/${slug}/edit`);
  await curator.getByLabel("Definition in English").fill("Someone who sells sex.");
  await curator.getByLabel("What changed").fill("Clearer definition");
  await curator.getByRole("button", { name: "Save changes" }).click();
  await expect(curator).toHaveURL(new RegExp(`/glossary/${slug}\\?done=saved$`));
  await curator.goto(`${E2E_SERVERS.main.url}/glossary/${slug}/history`);
  await expect(curator.getByRole("heading", { level: 2, name: "Revision 2" })).toBeVisible();
  await expect(curator.getByText("What changed: Clearer definition")).toBeVisible();
  await expect(curator.locator("ins").filter({ hasText: "who" }).first()).toBeVisible();

  // A member proposes a Spanish term from the concept's page.
  await signIn();
  await page.goto(`/glossary/${slug}`);
  const proposal = page.locator("form.glossary-proposal-form");
  await proposal.getByLabel("Language").selectOption("es");
  await proposal.getByLabel("Term", { exact: true }).fill(proposed);
  await proposal.getByLabel("Status you propose").selectOption("preferred");
  await proposal.getByLabel("Message").fill("Used by our partners in Bolivia.");
  await proposal.getByRole("button", { name: "Send proposal" }).click();
  await expect(page.getByText("Thank you — a curator will look at it.")).toBeVisible();

  // The curator accepts it; the term is on the concept's page.
  await curator.goto(`${E2E_SERVERS.main.url}/glossary/proposals`);
  const item = curator.getByRole("listitem").filter({ hasText: proposed });
  await expect(item.getByText("Used by our partners in Bolivia.")).toBeVisible();
  await item.getByRole("button", { name: "Accept" }).click();
  await expect(curator.getByText("The proposal was accepted.")).toBeVisible();
  await page.goto(`/glossary/${slug}`);
  await expect(page.getByText(proposed).first()).toBeVisible();
  await curatorContext.close();
});
