import { describe, expect, it } from "vitest";
import { costOf } from "@/lib/llm/cost";
import { llmErrorToAppError, providerMessageOf, retryAfterSecondsOf } from "@/lib/llm/errors";
import { countChatTokens, countTextTokens } from "@/lib/llm/estimate";
import { LlmError } from "@/lib/llm/types";

describe("costOf", () => {
  it("multiplies tokens by prices per million", () => {
    expect(costOf({ input: 2.5, output: 10, currency: "USD" }, { inputTokens: 1_000, outputTokens: 500, estimated: false })).toBeCloseTo(0.0075, 10);
    expect(costOf({ input: 4, output: 12, currency: "CNY" }, { inputTokens: 1, outputTokens: 1, estimated: true })).toBe(0.000016);
  });

  it("returns null when a price is unknown", () => {
    expect(costOf({ input: null, output: 10, currency: "USD" }, { inputTokens: 1, outputTokens: 1, estimated: false })).toBeNull();
    expect(costOf({ input: 1, output: null, currency: "USD" }, { inputTokens: 1, outputTokens: 1, estimated: false })).toBeNull();
  });

  it("is zero for free models", () => {
    expect(costOf({ input: 0, output: 0, currency: "CNY" }, { inputTokens: 100, outputTokens: 100, estimated: false })).toBe(0);
  });
});

describe("token estimates", () => {
  it("counts Chinese text with o200k", () => {
    expect(countTextTokens("")).toBe(0);
    expect(countTextTokens("你好世界")).toBeGreaterThan(0);
  });

  it("adds message framing and images", () => {
    const text = countChatTokens([{ role: "user", content: "hello" }]);
    expect(text).toBe(3 + 3 + countTextTokens("hello"));
    const withImage = countChatTokens([{ role: "user", content: [{ type: "text", text: "hello" }, { type: "image_url", image_url: { url: "data:," } }] }]);
    expect(withImage).toBe(text + 85);
  });
});

describe("provider error helpers", () => {
  it("reads Retry-After as seconds, date or milliseconds", () => {
    expect(retryAfterSecondsOf(new Headers({ "retry-after": "2" }))).toBe(2);
    expect(retryAfterSecondsOf(new Headers({ "retry-after-ms": "1500" }))).toBe(2);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterSecondsOf(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), now)).toBe(30);
    expect(retryAfterSecondsOf(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterSecondsOf(new Headers())).toBeUndefined();
  });

  it("reads OpenAI error bodies and plain text", () => {
    expect(providerMessageOf('{"error":{"message":"bad key","type":"invalid_request_error"}}')).toBe("bad key");
    expect(providerMessageOf('{"error":"overloaded"}')).toBe("overloaded");
    expect(providerMessageOf("<html>502 Bad Gateway</html>")).toBe("<html>502 Bad Gateway</html>");
    expect(providerMessageOf("x".repeat(900))).toHaveLength(500);
  });

  it("maps LlmError to an AppError with reason and params", () => {
    const upstream = llmErrorToAppError(new LlmError("rate_limited", "HTTP 429", { httpStatus: 429, retryAfterSeconds: 2, providerMessage: "slow down" }));
    expect(upstream.code).toBe("UPSTREAM_ERROR");
    expect(upstream.options.reason).toBe("llm.rate_limited");
    expect(upstream.options.params).toEqual({ status: 429, seconds: 2, message: "slow down" });
    expect(upstream.options.retryAfterSeconds).toBe(2);

    expect(llmErrorToAppError(new LlmError("unsupported_input", "no vision")).code).toBe("INVALID_INPUT");
  });
});
