import { beforeEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { catalogues } from "../app/i18n";
import { dateFormatter, formatNumber, isTimeZone } from "../app/i18n/format";
import { countryOptions, nativeLanguageNames, requestTimeZone } from "../app/i18n/locale.server";
import { LOCALES } from "../app/i18n/locales";
import { NETWORK_COUNTRIES } from "../app/i18n/names";
import { createHandbook } from "../app/models/handbook.server";
import { loader as rootLoader } from "../app/root";
import { loader as printLoader } from "../app/routes/handbooks.$slug.print";
import { action as loginAction } from "../app/routes/login";
import { action as settingsAction, loader as settingsLoader } from "../app/routes/settings";
import { makeMember, makeOrganisation, makeSignedIn } from "./factories";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

// 18:30 UTC on 1 December 2026: already 2 December in Kathmandu (UTC+05:45).
const EVENING = Date.UTC(2026, 11, 1, 18, 30);

describe("times in the member's zone", () => {
  it("writes the date and time where the member is, in their language and digits", () => {
    expect(dateFormatter(catalogues.en, "en", "UTC").dateTime(EVENING)).toBe("December 1, 2026, 18:30");
    expect(dateFormatter(catalogues.en, "en", "Asia/Kathmandu").dateTime(EVENING)).toBe("December 2, 2026, 00:15");
    expect(dateFormatter(catalogues.ne, "ne", "Asia/Kathmandu").date(EVENING)).toBe("२०२६ डिसेम्बर २");
    expect(dateFormatter(catalogues.ne, "ne", "Asia/Kathmandu").dateTime(EVENING)).toBe("२०२६ डिसेम्बर २, ००:१५");
    expect(dateFormatter(catalogues.mn, "mn", "Asia/Ulaanbaatar").date(EVENING)).toBe("2026\u202fоны арван хоёрдугаар сарын 2");
    expect(dateFormatter(catalogues.fr, "fr", "Europe/Paris").date(EVENING)).toBe("1 décembre 2026");
    expect(dateFormatter(catalogues.ny, "ny", "Africa/Blantyre").date(EVENING)).toBe("1 Disembala 2026");
  });

  it("says how long ago for the last day, and the date and time before that", () => {
    const en = dateFormatter(catalogues.en, "en", "Asia/Kathmandu");
    expect(en.ago(EVENING - 20_000, EVENING)).toBe("just now");
    expect(en.ago(EVENING - 60_000, EVENING)).toBe("1 minute ago");
    expect(en.ago(EVENING - 3 * 3_600_000 - 59_000, EVENING)).toBe("3 hours ago");
    expect(en.ago(EVENING - 2 * 86_400_000, EVENING)).toBe("November 30, 2026, 00:15");
    expect(dateFormatter(catalogues.ne, "ne", "Asia/Kathmandu").ago(EVENING - 3 * 3_600_000, EVENING)).toBe("३ घण्टा अघि");
    expect(dateFormatter(catalogues.fr, "fr", "Europe/Paris").ago(EVENING - 5 * 60_000, EVENING)).toBe("il y a 5 minutes");
  });

  it("writes numbers without the browser's locale data", () => {
    expect(formatNumber(12345, "ne")).toBe("१२,३४५");
    expect(formatNumber(12345, "bn")).toBe("১২,৩৪৫");
    expect(formatNumber(12345, "de")).toBe("12.345");
    expect(formatNumber(12345, "mn")).toBe("12,345");
  });

  it("guesses the zone from the browser, else the organisation's country, until the member chooses", () => {
    const request = (cookie?: string) => new Request("http://localhost/", { headers: cookie ? { Cookie: cookie } : {} });
    const member = { timeZone: null, organisationCountry: "NP" };
    expect(requestTimeZone({ member, request: request() })).toBe("Asia/Kathmandu");
    expect(requestTimeZone({ member, request: request("px_tz=Asia%2FUlaanbaatar") })).toBe("Asia/Ulaanbaatar");
    expect(requestTimeZone({ member, request: request("px_tz=Not%2FA_Zone") })).toBe("Asia/Kathmandu");
    expect(requestTimeZone({ member: { ...member, timeZone: "Africa/Blantyre" }, request: request("px_tz=Asia%2FUlaanbaatar") })).toBe("Africa/Blantyre");
    expect(requestTimeZone({ member: null, request: request() })).toBe("UTC");
    expect(isTimeZone("Asia/Kathmandu")).toBe(true);
    expect(isTimeZone("../etc/passwd")).toBe(false);
  });

  it("is chosen in settings, and every page is then written in it", async () => {
    const org = await makeOrganisation(db, { country: "NP" });
    const member = await makeSignedIn(db, { organisationId: org.id });
    const before = await (await call(rootLoader, { db, cookie: member.cookie })).json();
    expect(before.timeZone).toBe("Asia/Kathmandu");
    const settings = await (await call(settingsLoader, { db, cookie: member.cookie })).json();
    expect(settings.guessedTimeZone).toBe("Asia/Kathmandu");
    expect(settings.timeZones).toContain("Asia/Ulaanbaatar");

    const saved = await call(settingsAction, { db, cookie: member.cookie, form: { intent: "profile", displayName: member.displayName, locale: "", timeZone: "Asia/Ulaanbaatar" } });
    expect(saved.status).toBe(302);
    const row = await db.selectFrom("users").select("time_zone").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.time_zone).toBe("Asia/Ulaanbaatar");
    const after = await (await call(rootLoader, { db, cookie: member.cookie })).json();
    expect(after.timeZone).toBe("Asia/Ulaanbaatar");

    const refused = await call(settingsAction, { db, cookie: member.cookie, form: { intent: "profile", displayName: member.displayName, locale: "", timeZone: "Mars/Olympus" } });
    expect(refused.status).toBe(400);
  });
});

describe("the member's own language", () => {
  it("calls Chichewa Chichewa, never CLDR's Nyanja", () => {
    expect(nativeLanguageNames().find((l) => l.code === "ny")?.name).toBe("Chichewa");
    expect(nativeLanguageNames().find((l) => l.code === "ne")?.name).toBe("नेपाली");
    for (const locale of LOCALES) expect(catalogues[locale]["languageName.ny"], locale).not.toMatch(/nyanja|nianja|^chewa|न्यान्जा|নায়াঞ্জা|нянжа/i);
    expect(catalogues.en["languageName.ny"]).toBe("Chichewa");
  });

  it("names the network's 18 countries from the catalogue, and says which fall back to English in Chichewa", () => {
    expect(NETWORK_COUNTRIES).toHaveLength(18);
    expect(NETWORK_COUNTRIES).toEqual(expect.arrayContaining(["IN", "MW", "MN", "NP"]));
    const ny = new Map(countryOptions("ny").map((o) => [o.code, o.name]));
    expect(ny.get("MW")).toBe("Malawi");
    expect(ny.get("DE")).toBe("Jeremani");
    expect(ny.get("JP")).toBe("Japan (m'Chingerezi)");
    const ne = new Map(countryOptions("ne").map((o) => [o.code, o.name]));
    expect(ne.get("NP")).toBe("नेपाल");
    expect(ne.get("JP")).toBe("जापान");
    expect(new Map(countryOptions("mn").map((o) => [o.code, o.name])).get("NP")).toBe("Балба");
  });

  it("stays in the language the member was reading in after sign-in", async () => {
    const member = await makeMember(db, { locale: "en" });
    const response = await call(loginAction, { db, cookie: "px_locale=ne", form: { email: member.email, password: member.password } });
    expect(response.status).toBe(302);
    const row = await db.selectFrom("users").select("locale").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.locale).toBe("ne");
  });

  it("keeps the language chosen in settings when signing in without a language chosen on the device", async () => {
    const member = await makeMember(db, { locale: "fr" });
    await call(loginAction, { db, form: { email: member.email, password: member.password }, headers: { "Accept-Language": "de" } });
    const row = await db.selectFrom("users").select("locale").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.locale).toBe("fr");
  });

  it("prints a handbook's fixed labels in the handbook's language, not the reader's", async () => {
    const reader = await makeSignedIn(db, { locale: "en", role: "curator" });
    const handbook = await createHandbook(db, { title: "Manuel", edition: 1, language: "fr", introMd: "", createdBy: reader.id });
    const response = await call(printLoader, { db, cookie: reader.cookie, params: { slug: handbook.slug } });
    expect(response.status).toBe(200);
    const { book } = await response.json();
    expect(book.locale).toBe("fr");
    expect(book.labels["handbook.contents"]).toBe(catalogues.fr["handbook.contents"]);
    expect(book.labels["nav.home"]).toBeUndefined();
  });
});
