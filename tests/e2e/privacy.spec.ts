import { makePractice } from "../factories";
import { E2E_SERVERS } from "./servers";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

test("no page asks any host but the app's own", async ({ page, signIn }) => {
  const own = new URL(E2E_SERVERS.main.url).host;
  const elsewhere: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.host !== own) elsewhere.push(request.url());
  });
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  // Content that tries to pull in remote things.
  const practice = await makePractice(db(), {
    authorId: author.id,
    organisationId: org.id,
    writeUp: { title: `Remote bait ${Date.now()}`, approach: "![tracker](https://tracker.example/pixel.png) <img src=https://tracker.example/x.png> [link](https://example.org)" },
  });
  await page.goto("/login");
  await signIn({ role: "admin" });
  for (const path of [
    "/",
    "/practices",
    `/practices/${practice.slug}`,
    "/practices/new",
    "/search?q=bait",
    "/organisations",
    "/handbooks",
    "/notifications",
    "/settings",
    "/admin",
    "/admin/audit",
    "/invitations",
    "/moderation",
    "/nominations",
  ]) {
    await page.goto(path, { waitUntil: "networkidle" });
  }
  expect(elsewhere).toEqual([]);
});
