import { describe, expect, it } from "vitest";
import { refusalOf } from "../support/refusal";

class TestError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

describe("refusalOf (tests/support/refusal.ts)", () => {
  const refusal = refusalOf(TestError);

  it("returns the error a promise or a function was refused with", async () => {
    expect((await refusal(Promise.reject(new TestError("stale")))).code).toBe("stale");
    expect((await refusal(async () => Promise.reject(new TestError("forbidden")))).code).toBe("forbidden");
  });

  it("shows the error through the view given", async () => {
    const viewed = refusalOf(TestError, (e) => ({ key: e.code }));
    expect(await viewed(Promise.reject(new TestError("invalid")))).toEqual({ key: "invalid" });
  });

  it("fails when the work succeeds, and lets another error through", async () => {
    await expect(refusal(Promise.resolve(1))).rejects.toThrow("expected a refusal");
    await expect(refusal(Promise.reject(new RangeError("other")))).rejects.toBeInstanceOf(RangeError);
  });
});
