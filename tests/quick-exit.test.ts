import { readdirSync, statSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import path from "node:path";
import type { Kysely } from "kysely";
import type { MetaFunction } from "@remix-run/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../db/schema";
import { loader as rootLoader, meta as rootMeta } from "../app/root";
import { action as settingsAction, loader as settingsLoader } from "../app/routes/settings";
import { loader as exportLoader } from "../app/routes/settings.export";
import { DEFAULT_QUICK_EXIT_URL, parseQuickExitUrl } from "../app/utils/quick-exit";
import { configuredQuickExitUrl } from "../app/utils/quick-exit.server";
import { catalogues } from "../app/i18n";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

describe("QUICK_EXIT_URL", () => {
  it("takes an absolute http(s) address, normalised", () => {
    expect(parseQuickExitUrl("https://weather.example.org/today")).toBe("https://weather.example.org/today");
    expect(parseQuickExitUrl("  HTTPS://News.Example.org  ")).toBe("https://news.example.org/");
    expect(parseQuickExitUrl("http://127.0.0.1:3327/neutral?x=1")).toBe("http://127.0.0.1:3327/neutral?x=1");
  });

  it("refuses anything else", () => {
    for (const value of [
      undefined,
      "",
      "   ",
      "/weather",
      "weather.example.org",
      "//weather.example.org",
      "https:weather.example.org",
      "javascript:alert(1)",
      "JavaScript://example.org/%0aalert(1)",
      "data:text/html,<p>hi</p>",
      "ftp://files.example.org/",
      "file:///etc/passwd",
      "https://user:secret@weather.example.org/",
      "https://weather.example.org/a b",
      "https://weather.example.org/\u0000",
      "https://",
      `https://weather.example.org/${"a".repeat(2_001)}`,
    ]) {
      expect(parseQuickExitUrl(value), String(value)).toBeNull();
    }
  });

  it("falls back to the https default when unset or unusable, and says so once", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(DEFAULT_QUICK_EXIT_URL).toMatch(/^https:\/\//);
      expect(configuredQuickExitUrl({})).toBe(DEFAULT_QUICK_EXIT_URL);
      expect(configuredQuickExitUrl({ QUICK_EXIT_URL: "" })).toBe(DEFAULT_QUICK_EXIT_URL);
      expect(warn).not.toHaveBeenCalled();
      expect(configuredQuickExitUrl({ QUICK_EXIT_URL: "javascript:alert(1)" })).toBe(DEFAULT_QUICK_EXIT_URL);
      expect(configuredQuickExitUrl({ QUICK_EXIT_URL: "/elsewhere" })).toBe(DEFAULT_QUICK_EXIT_URL);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain("QUICK_EXIT_URL");
      expect(configuredQuickExitUrl({ QUICK_EXIT_URL: "https://news.example.org/" })).toBe("https://news.example.org/");
    } finally {
      warn.mockRestore();
    }
  });

  describe("in the root loader, for every visitor", () => {
    const saved = process.env.QUICK_EXIT_URL;
    afterEach(() => {
      if (saved === undefined) delete process.env.QUICK_EXIT_URL;
      else process.env.QUICK_EXIT_URL = saved;
    });

    it("is the configured address, signed in or not", async () => {
      process.env.QUICK_EXIT_URL = "https://weather.example.org/kathmandu";
      const member = await makeSignedIn(db);
      expect((await (await call(rootLoader, { db })).json()).quickExitUrl).toBe("https://weather.example.org/kathmandu");
      expect((await (await call(rootLoader, { db, cookie: member.cookie })).json()).quickExitUrl).toBe("https://weather.example.org/kathmandu");
    });

    it("is the default when the configured one is not an http(s) address", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      process.env.QUICK_EXIT_URL = "javascript:alert(document.cookie)";
      expect((await (await call(rootLoader, { db })).json()).quickExitUrl).toBe(DEFAULT_QUICK_EXIT_URL);
      warn.mockRestore();
    });
  });
});

type RootJson = { discreet: boolean; icon: string; titles: Record<string, string> };
const rootData = async (cookie?: string) => (await (await call(rootLoader, { db, cookie })).json()) as RootJson;
const titleOf = (meta: MetaFunction, root: RootJson) => {
  const tags = meta({ matches: [{ id: "root", data: root }], data: undefined, params: {}, location: { pathname: "/" } } as unknown as Parameters<MetaFunction>[0]);
  return (tags.find((tag) => "title" in tag) as { title: string } | undefined)?.title;
};

/** Every route module under app/routes that exports a meta function. */
async function routeMetas() {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name) && !/\.server\.tsx?$/.test(name)) files.push(full);
    }
  };
  walk("app/routes");
  const metas: [string, MetaFunction][] = [];
  for (const file of files) {
    const module = (await import(path.resolve(file))) as { meta?: MetaFunction };
    if (module.meta) metas.push([file, module.meta]);
  }
  return metas;
}

describe("discreet mode", () => {
  it("is off at first: the forum's title and icon", async () => {
    const member = await makeSignedIn(db);
    const root = await rootData(member.cookie);
    expect(root).toMatchObject({ discreet: false, icon: "/favicon.svg" });
    expect(titleOf(rootMeta, root)).toBe("Practice Exchange");
    const settings = await (await call(settingsLoader, { db, cookie: member.cookie })).json();
    expect(settings.discreet).toBe(false);
  });

  it("is stored for the member, gives every page the neutral title and icon, and turns off again", async () => {
    const member = await makeSignedIn(db);
    const other = await makeSignedIn(db);
    const on = await call(settingsAction, { db, cookie: member.cookie, form: { intent: "discreet", discreet: "on" } });
    expect(on.status).toBe(302);
    expect(on.headers.get("Location")).toBe("/settings?saved=discreet");
    expect((await db.selectFrom("users").select("discreet").where("id", "=", member.id).executeTakeFirstOrThrow()).discreet).toBe(1);

    const root = await rootData(member.cookie);
    expect(root).toMatchObject({ discreet: true, icon: "/notes.svg" });
    expect(titleOf(rootMeta, root)).toBe("Notes");
    const metas = await routeMetas();
    expect(metas.length).toBeGreaterThan(25);
    for (const [file, meta] of metas) expect(titleOf(meta, root), file).toBe("Notes");
    expect((await (await call(settingsLoader, { db, cookie: member.cookie })).json()).discreet).toBe(true);
    // The member's own export says so too.
    const zip = unzipSync(new Uint8Array(await (await call(exportLoader, { db, cookie: member.cookie })).arrayBuffer()));
    expect(JSON.parse(strFromU8(zip["data.json"]!)).profile.discreet).toBe(1);

    // Only this member's pages change.
    const others = await rootData(other.cookie);
    expect(others).toMatchObject({ discreet: false, icon: "/favicon.svg" });
    expect(titleOf(metas.find(([file]) => file.endsWith("settings.tsx"))![1], others)).toBe("Settings · Practice Exchange");
    // Signed out, nobody's setting applies.
    expect(await rootData()).toMatchObject({ discreet: false, icon: "/favicon.svg" });

    const off = await call(settingsAction, { db, cookie: member.cookie, form: { intent: "discreet", discreet: "off" } });
    expect(off.status).toBe(302);
    const after = await rootData(member.cookie);
    expect(after).toMatchObject({ discreet: false, icon: "/favicon.svg" });
    expect(titleOf(rootMeta, after)).toBe("Practice Exchange");
  });

  it("names the tab in the member's language", async () => {
    const member = await makeSignedIn(db, { locale: "ne" });
    await call(settingsAction, { db, cookie: member.cookie, form: { intent: "discreet", discreet: "on" } });
    const root = await rootData(member.cookie);
    expect(titleOf(rootMeta, root)).toBe(catalogues.ne["discreet.title"]);
    expect(root.titles["discreet.title"]).not.toBe("Notes");
  });

  it("refuses a value that is neither on nor off, and changes nothing", async () => {
    const member = await makeSignedIn(db);
    const bad = await call(settingsAction, { db, cookie: member.cookie, form: { intent: "discreet", discreet: "maybe" } });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.intent).toBe("discreet");
    expect(body.errors.discreet).toBeTruthy();
    expect((await db.selectFrom("users").select("discreet").where("id", "=", member.id).executeTakeFirstOrThrow()).discreet).toBe(0);
  });

  it("needs a signed-in member", async () => {
    const response = await call(settingsAction, { db, form: { intent: "discreet", discreet: "on" } });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/(login|setup)/);
  });
});
