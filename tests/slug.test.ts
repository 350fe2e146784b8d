import { describe, expect, it } from "vitest";
import { slugify } from "../app/utils/slug";

describe("slugify", () => {
  it("keeps words of every script, folds Latin accents, and cuts long titles between words", () => {
    expect(slugify("Éducation & Formation: l’été")).toBe("education-formation-l-ete");
    expect(slugify("खुला सिमानामा निगरानी")).toBe("खुला-सिमानामा-निगरानी");
    expect(slugify("Бэлгийн мөлжлөгт өртсөн")).toBe("бэлгийн-мөлжлөгт-өртсөн");
    expect(slugify("The exit pathway: one caseworker from first request to housing, rights and a job")).toBe("the-exit-pathway-one-caseworker-from-first-request-to");
    expect(slugify("!!!")).toBe("");
  });
});
