import { describe, expect, it } from "vitest";
import { safeCallbackPath, withLocale } from "@/app/[locale]/sign-in/callback-url";

describe("safeCallbackPath", () => {
  const host = "luodi.example.com";

  it.each([
    ["/en/datasets", "/en/datasets"],
    ["/zh-CN/settings/users?page=2#top", "/zh-CN/settings/users?page=2#top"],
    ["https://luodi.example.com/en/gateway", "/en/gateway"],
  ])("keeps %s", (value, expected) => {
    expect(safeCallbackPath(value, host)).toBe(expected);
  });

  it.each([
    ["//evil.test/en"],
    ["/\\evil.test/en"],
    ["https://evil.test/en"],
    ["javascript:alert(1)"],
    [""],
  ])("rejects %s", (value) => {
    expect(safeCallbackPath(value, host)).toBeNull();
  });

  it("rejects absolute URLs when the host is unknown", () => {
    expect(safeCallbackPath("https://luodi.example.com/en", null)).toBeNull();
  });
});

describe("withLocale", () => {
  it.each([
    ["/", "en", "/en"],
    ["/en/datasets", "zh-CN", "/zh-CN/datasets"],
    ["/zh-cn/datasets?x=1", "en", "/en/datasets?x=1"],
    ["/datasets#part", "en", "/en/datasets#part"],
    ["/en/sign-in?callbackUrl=%2Fen", "zh-CN", "/zh-CN"],
  ] as const)("%s with %s gives %s", (path, locale, expected) => {
    expect(withLocale(path, locale)).toBe(expected);
  });
});
