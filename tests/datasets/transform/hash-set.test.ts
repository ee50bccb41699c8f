import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createFingerprintSet } from "@/lib/datasets/transform/hash-set";

const digest = (value: number) => createHash("sha256").update(String(value)).digest("hex");

describe("fingerprint set", () => {
  it("counts distinct digests across growth", () => {
    const set = createFingerprintSet(4);
    for (let value = 0; value < 50_000; value += 1) expect(set.add(digest(value))).toBe(true);
    expect(set.size).toBe(50_000);
  });

  it("reports a repeated digest", () => {
    const set = createFingerprintSet();
    set.add(digest(1));
    expect(set.add(digest(1))).toBe(false);
    expect(set.size).toBe(1);
  });

  it("accepts keys that are not hex", () => {
    const set = createFingerprintSet();
    expect(set.add("row-a")).toBe(true);
    expect(set.add("row-b")).toBe(true);
    expect(set.add("row-a")).toBe(false);
  });
});
