import { describe, expect, it } from "vitest";
import { redactUrlCredentials, toSafeErrorText } from "@/lib/system/error-text";

describe("toSafeErrorText", () => {
  it("keeps the name and message on one line", () => {
    expect(toSafeErrorText(new TypeError("bad\n  input"))).toBe("TypeError: bad input");
  });

  it("removes credentials from URLs", () => {
    const text = toSafeErrorText(new Error("connect to postgresql://luodi:s3cret@db.internal:5432/luodi failed"));

    expect(text).toBe("Error: connect to postgresql://[redacted]@db.internal:5432/luodi failed");
  });

  it("truncates long messages", () => {
    const text = toSafeErrorText(new Error("x".repeat(1_000)), 50);

    expect(text).toHaveLength(50);
    expect(text.endsWith("…")).toBe(true);
  });

  it("describes a thrown non-error", () => {
    expect(toSafeErrorText("plain string")).toBe("Non-error value thrown: plain string");
  });
});

describe("redactUrlCredentials", () => {
  it("leaves URLs without credentials alone", () => {
    expect(redactUrlCredentials("see https://example.com/a@b")).toBe("see https://example.com/a@b");
  });
});
