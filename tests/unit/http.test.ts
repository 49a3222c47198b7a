import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/utils/http.server";

describe("safeRedirectPath", () => {
  it("keeps paths inside ADAM", () => {
    expect(safeRedirectPath("/projects?page=2#top")).toBe("/projects?page=2#top");
    expect(safeRedirectPath("/")).toBe("/");
  });

  it("refuses anything that leaves the site", () => {
    for (const target of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "",
      null,
      undefined,
    ]) {
      expect(safeRedirectPath(target as string, "/home")).toBe("/home");
    }
  });
});
