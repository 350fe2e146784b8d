import { describe, expect, it } from "vitest";
import { Limit } from "../app/utils/limit";

describe("Limit", () => {
  it("runs at most its size at once, the others in the order they came, and goes on after a failure", async () => {
    const limit = new Limit(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      order.push(n);
      if (n === 2) throw new Error("this one fails");
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => limit.run(task(n))));
    expect(most).toBe(2);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect(order.slice(2)).toEqual([3, 4, 5]);
  });
});
