import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, secretHint } from "@/lib/crypto/secret-box";

const key = randomBytes(32).toString("base64");
const otherKey = randomBytes(32).toString("base64");

describe("secret box", () => {
  it("round-trips a key without storing its text", () => {
    const stored = encryptSecret("sk-test-密钥-1234567890", key);
    expect(stored).not.toContain("sk-test");
    expect(stored.startsWith("v1:")).toBe(true);
    expect(decryptSecret(stored, key)).toBe("sk-test-密钥-1234567890");
  });

  it("gives a different ciphertext each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a wrong key or an altered value instead of returning garbage", () => {
    const stored = encryptSecret("sk-abc", key);
    expect(() => decryptSecret(stored, otherKey)).toThrow(/LUODI_ENCRYPTION_KEY differs/);
    const parts = stored.split(":");
    const altered = [...parts.slice(0, 3), Buffer.from("tampered").toString("base64")].join(":");
    expect(() => decryptSecret(altered, key)).toThrow(/cannot be decrypted/);
    expect(() => decryptSecret("plain-text", key)).toThrow(/unknown format/);
  });

  it("shows only the last four characters of long keys", () => {
    expect(secretHint("sk-1234567890abcd")).toBe("…abcd");
    expect(secretHint("short")).toBe("…");
  });
});
