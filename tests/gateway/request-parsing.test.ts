import { describe, expect, it } from "vitest";
import { parseJsonObject } from "@/lib/gateway/body";
import { canonicalJson, responseCacheKey } from "@/lib/gateway/cache-key";
import type { KeyPolicy } from "@/lib/gateway/contracts";
import { GatewayError } from "@/lib/gateway/respond";

function syntaxMessage(text: string): string {
  try {
    parseJsonObject(Buffer.from(text));
  } catch (error) {
    if (error instanceof GatewayError) return error.message;
    throw error;
  }
  throw new Error(`${text} parsed without an error`);
}

const key: KeyPolicy = {
  id: "key-1",
  workspaceId: "ws-1",
  name: "app",
  prefix: "lk-abcdefgh",
  allowedModels: ["chat", "embed"],
  rpmLimit: null,
  tpmLimit: null,
  monthlyBudget: null,
  budgetCurrency: "CNY",
  expiresAt: null,
  revokedAt: null,
  cacheEnabled: true,
  storeContent: false,
};

const request = { model: "chat", messages: [{ role: "user", content: "hi" }], temperature: 0.3 };

describe("JSON body errors", () => {
  it.each([
    ['{"a": 1,}', 'unexpected "}" at position 8 (line 1, column 9)'],
    ['{"a": "bad \\q escape"}', 'unexpected "\\\\" at position 11'],
    ['{"a": "tab\tinside"}', 'unexpected "\\t" at position 10'],
    ['{"a": 01}', 'unexpected "1" at position 7'],
    ['{"a": tru}', 'unexpected "t" at position 6'],
    ['{"a": 1} {"b": 2}', 'unexpected "{" at position 9'],
    ['{\n  "a": [1, 2\n}', 'unexpected "}" at position 15 (line 3, column 1)'],
  ])("locates the error in %j", (text, expected) => {
    expect(syntaxMessage(text)).toContain(expected);
  });

  it("accepts nested valid JSON", () => {
    expect(parseJsonObject(Buffer.from('{"a": [1, -2.5e3, "x\\u00e9", {"b": null}], "c": true}'))).toEqual({ a: [1, -2500, "xé", { b: null }], c: true });
  });
});

describe("response cache keys", () => {
  it("ignores delivery fields and key order", () => {
    const reordered = { temperature: 0.3, messages: [{ content: "hi", role: "user" }], model: "chat", stream: true, stream_options: { include_usage: true }, user: "u-1" };

    expect(responseCacheKey(key, "chat", reordered)).toBe(responseCacheKey(key, "chat", request));
  });

  it("separates parameters, deployments and scopes", () => {
    const base = responseCacheKey(key, "chat", request);

    expect(responseCacheKey(key, "chat", { ...request, temperature: 0.4 })).not.toBe(base);
    expect(responseCacheKey(key, "other-chat", request)).not.toBe(base);
    expect(responseCacheKey({ ...key, allowedModels: ["*"] }, "chat", request)).not.toBe(base);
    expect(responseCacheKey({ ...key, workspaceId: "ws-2" }, "chat", request)).not.toBe(base);
  });

  it("treats allowedModels as a set", () => {
    expect(responseCacheKey({ ...key, allowedModels: ["embed", "chat"] }, "chat", request)).toBe(responseCacheKey(key, "chat", request));
  });

  it("sorts keys at every level", () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null, skipped: undefined })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
