import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../db/schema";
import { createRequestContext } from "../app/server/context";
import { action as newPracticeAction } from "../app/routes/practices.new";
import { parseForm } from "../app/utils/forms";
import { createTestDb } from "./helpers/db";
import { makeSignedIn } from "./factories";

/** A multipart body as a browser would send it, read back the way an action reads it. */
async function multipart(fields: [string, string | File][]) {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return new Request("http://localhost/practices/new", { method: "POST", body });
}

const file = () => new File(["%PDF-1.4 not text"], "report.pdf", { type: "application/pdf" });

describe("parseForm and files", () => {
  const Schema = z.object({ title: z.string().min(1), note: z.string().default("") });

  it("reads the text fields of a multipart body", async () => {
    const form = await (await multipart([["title", "Bakery course"]])).formData();
    expect(parseForm(Schema, form)).toEqual({ ok: true, data: { title: "Bakery course", note: "" } });
  });

  it("refuses a file where text was expected with a 400 that names the field, instead of dropping it", async () => {
    const form = await (
      await multipart([
        ["title", "Bakery course"],
        ["note", file()],
      ])
    ).formData();
    let thrown: unknown;
    try {
      parseForm(Schema, form);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Bad Request: the field "note" must be text, not a file.');
  });

  describe("through an action", () => {
    let db: Kysely<Database>;
    beforeEach(async () => {
      db = await createTestDb();
    });

    it("a practice whose title arrives as a file is a 400 and saves nothing", async () => {
      const author = await makeSignedIn(db);
      const request = await multipart([
        ["intent", "draft"],
        ["title", file()],
        ["language", "en"],
      ]);
      request.headers.set("Cookie", author.cookie);
      const response = await newPracticeAction({ request, params: {}, context: createRequestContext(db, { clientIp: "127.0.0.1" }) }).catch((e: unknown) => e);
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(400);
      expect(await (response as Response).text()).toContain('"title" must be text');
      expect(await db.selectFrom("practices").select("id").execute()).toHaveLength(0);
    });
  });
});
