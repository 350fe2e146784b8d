import { describe, expect, it } from "vitest";
import { findMentionCandidates, linkMentions, MAX_MENTIONS, mentionFirstWords, normaliseName } from "../app/utils/mentions";

const members = new Map([
  ["sita gurung", 1],
  ["sita", 2],
  ["сараа", 3],
  ["সুমি", 4],
  ["सीता", 5],
  ["chikondi banda", 6],
]);
const resolve = (name: string) => members.get(normaliseName(name));

describe("mentions", () => {
  it("prefer the longest known name, in every script", () => {
    expect(linkMentions("Thanks @Sita Gurung for this", resolve)).toEqual({ text: "Thanks [@Sita Gurung](/members/1) for this", userIds: [1] });
    expect(linkMentions("@Sita, can you share the budget?", resolve)).toEqual({ text: "[@Sita](/members/2), can you share the budget?", userIds: [2] });
    expect(linkMentions("Баярлалаа @Сараа!", resolve).userIds).toEqual([3]);
    expect(linkMentions("ধন্যবাদ @সুমি", resolve).userIds).toEqual([4]);
    expect(linkMentions("धन्यवाद @सीता जी", resolve).userIds).toEqual([5]);
    expect(linkMentions("cc @chikondi_banda.", resolve)).toEqual({ text: "cc [@chikondi_banda](/members/6).", userIds: [6] });
    expect(linkMentions("Merci @Sita. Nous faisons pareil.", resolve)).toEqual({ text: "Merci [@Sita](/members/2). Nous faisons pareil.", userIds: [2] });
  });

  it("leave unknown names, e-mail addresses and repeated mentions alone", () => {
    expect(linkMentions("Ask @Nobody Here about it", resolve)).toEqual({ text: "Ask @Nobody Here about it", userIds: [] });
    expect(linkMentions("write to team@sita.org", resolve).userIds).toEqual([]);
    expect(linkMentions("@Sita and @Sita again", resolve).userIds).toEqual([2]);
    expect(findMentionCandidates("no mention")).toEqual([]);
  });

  it(`look up, link and notify at most ${MAX_MENTIONS} distinct members, the first ones written`, () => {
    const text = Array.from({ length: 2_000 }, (_, i) => `@m${i}`).join(" ");
    expect(mentionFirstWords(text)).toEqual(Array.from({ length: MAX_MENTIONS }, (_, i) => `m${i}`));
    expect(mentionFirstWords("@Sita Gurung and @Sita again")).toEqual(["Sita"]);
    const everyone = (name: string) => Number(name.slice(1));
    const linked = linkMentions(`${text} @m3`, everyone);
    expect(linked.userIds).toEqual(Array.from({ length: MAX_MENTIONS }, (_, i) => i));
    // A member already linked is linked again; the twenty-first is left as written.
    expect(linked.text).toContain(`[@m${MAX_MENTIONS - 1}](/members/${MAX_MENTIONS - 1}) @m${MAX_MENTIONS} `);
    expect(linked.text.endsWith("[@m3](/members/3)")).toBe(true);
  });
});
