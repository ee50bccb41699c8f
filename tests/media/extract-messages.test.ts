import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator, type IntlError } from "next-intl";
import { describe, expect, it } from "vitest";
import enMessages from "@/messages/en/mediaExtract.json";
import zhMessages from "@/messages/zh-CN/mediaExtract.json";

type Messages = Record<string, unknown>;

function flatten(messages: Messages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? flatten(value as Messages, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function sourceFiles(folder: string, extension: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(extension))
    .map((name) => path.join(folder, name));
}

/** Reasons raised with the mediaExtract prefix, read from the source. */
function raisedReasons(): Set<string> {
  const reasons = new Set<string>();
  const files = [...sourceFiles("lib/media", ".ts"), ...sourceFiles("lib/api/v1", ".ts")];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/reason: "mediaExtract\.([a-z_]+)"/g)) reasons.add(match[1]!);
    for (const match of text.matchAll(/mediaModelError\("[A-Z_]+", "([a-z_]+)"/g)) reasons.add(match[1]!);
  }
  return reasons;
}

/** Literal keys the console components pass to t(), prefixed with the namespace of their useTranslations. */
function keysUsedByComponents(): string[] {
  const keys: string[] = [];
  for (const file of [...sourceFiles("components/media/ask", ".tsx"), ...sourceFiles("components/media/extract", ".tsx")]) {
    const text = readFileSync(file, "utf8");
    const namespace = /useTranslations\("mediaExtract\.?([a-zA-Z.]*)"\)/.exec(text)?.[1] ?? "";
    for (const match of text.matchAll(/\bt\("([a-zA-Z.]+)"/g)) keys.push(namespace ? `${namespace}.${match[1]}` : match[1]!);
  }
  return keys;
}

describe("mediaExtract console messages", () => {
  it("has the same keys in both locales", () => {
    expect(flatten(zhMessages).sort()).toEqual(flatten(enMessages).sort());
  });

  it("translates every raised reason", () => {
    const reasons = raisedReasons();
    expect(reasons.size).toBeGreaterThan(5);
    for (const [locale, messages] of [["en", enMessages], ["zh-CN", zhMessages]] as const) {
      const t = createTranslator({ locale, messages: { mediaExtract: messages }, namespace: "mediaExtract.reasons" });
      for (const reason of reasons) expect(t.has(reason as never), `${locale} lacks mediaExtract.reasons.${reason}`).toBe(true);
    }
  });

  it("has every key the components use", () => {
    const all = new Set(flatten(enMessages));
    const used = keysUsedByComponents();
    expect(used.length).toBeGreaterThan(20);
    for (const key of used) expect(all.has(key), `missing mediaExtract.${key}`).toBe(true);
  });

  it("formats plurals in both locales", () => {
    for (const [locale, messages] of [["en", enMessages], ["zh-CN", zhMessages]] as const) {
      const errors: IntlError[] = [];
      const t = createTranslator({ locale, messages: { mediaExtract: messages }, namespace: "mediaExtract", onError: (error) => errors.push(error) });
      expect(t("run.selection", { count: 5 })).toContain("5");
      expect(t("caption.images", { count: 1 })).toContain("1");
      expect(t("results.progress", { done: 2, total: 5, failed: 1 })).toContain("5");
      expect(errors.map((error) => error.message)).toEqual([]);
    }
  });
});
