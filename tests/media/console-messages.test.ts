import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator, type IntlError } from "next-intl";
import { describe, expect, it } from "vitest";
import { mediaRejections, mediaRequestErrors } from "@/lib/media/rejections";
import enMedia from "@/messages/en/media.json";
import zhMedia from "@/messages/zh-CN/media.json";

type Messages = Record<string, unknown>;

function flatten(messages: Messages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? flatten(value as Messages, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Every reason the media API raises, built through the same factories with sample values. */
const raisedErrors = [
  mediaRejections.emptyFile("a.png"),
  mediaRejections.tooLarge("a.png", 50),
  mediaRejections.svg("a.svg"),
  mediaRejections.unsupportedType("a.jpg", "HTML", false),
  mediaRejections.unsupportedType("a.jpg", "HTML", true),
  mediaRejections.wrongExtension("png_named.mp3", { extension: ".mp3", namedType: "MP3" }, "PNG", ".png"),
  mediaRejections.heicNotDecodable("a.heic"),
  mediaRejections.imageInvalid("a.jpg", "JPEG"),
  mediaRejections.tooManyPixels("a.png", 100_000, 100_000, 100_000_000),
  mediaRejections.audioInvalid("a.wav", "WAV"),
  mediaRejections.audioTooLong("a.wav", 6.0081632653, 5),
  mediaRequestErrors.notMultipart(),
  mediaRequestErrors.noFiles(),
  mediaRequestErrors.tooManyFiles(100),
  mediaRequestErrors.requestTooLarge(201),
  mediaRequestErrors.invalidCursor(),
  mediaRequestErrors.notFound("abc"),
  mediaRequestErrors.fileNotReady("abc", "thumbnail", "processing"),
];

/** Reasons raised in other media modules, found in their source text. */
function reasonsInSource(): string[] {
  const folders = ["lib/media", "lib/api/v1"];
  const reasons = new Set<string>();
  for (const folder of folders) {
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".ts") && !name.startsWith("ocr"))) {
      const text = readFileSync(path.join(folder, file), "utf8");
      for (const match of text.matchAll(/reason: "media\.([a-z_]+)"/g)) reasons.add(match[1]!);
    }
  }
  return [...reasons];
}

describe("media console messages", () => {
  it("has the same keys in both locales", () => {
    expect(flatten(zhMedia).sort()).toEqual(flatten(enMedia).sort());
  });

  it("translates every raised reason", () => {
    const reasons = new Set([...raisedErrors.map((error) => error.options.reason!.replace(/^media\./, "")), ...reasonsInSource(), "extension_mismatch", "all_rejected", "all_urls_rejected"]);
    for (const [locale, messages] of [["en", enMedia], ["zh-CN", zhMedia]] as const) {
      const errors: IntlError[] = [];
      const t = createTranslator({ locale, messages: { media: messages }, namespace: "media.reasons", onError: (error) => errors.push(error) });
      for (const error of raisedErrors) {
        const key = error.options.reason!.replace(/^media\./, "");
        const text = t(key as never, error.options.params as never);
        if (error.options.params?.filename) expect(text, `${locale} ${key}`).toContain(String(error.options.params.filename));
      }
      for (const reason of reasons) expect(t.has(reason as never), `${locale} lacks media.reasons.${reason}`).toBe(true);
      expect(errors.map((error) => error.message)).toEqual([]);
    }
  });

  it("formats numbers with the locale", () => {
    const pixels = mediaRejections.tooManyPixels("bomb.png", 100_000, 100_000, 100_000_000);
    const audio = mediaRejections.audioTooLong("call.mp3", 6.0081632653, 6);
    for (const [locale, messages] of [["en", enMedia], ["zh-CN", zhMedia]] as const) {
      const t = createTranslator({ locale, messages: { media: messages }, namespace: "media.reasons" });
      expect(t("too_many_pixels", pixels.options.params as never), locale).toContain("100,000,000");
      expect(t("too_many_pixels", pixels.options.params as never), locale).toContain("100,000 × 100,000");
      expect(t("audio_too_long", audio.options.params as never), locale).toContain("6.008");
      expect(t("all_urls_rejected", { count: 1200 }), locale).toContain("1,200");
    }
  });

  it("names HEIC only where it decodes", () => {
    for (const [locale, messages] of [["en", enMedia], ["zh-CN", zhMedia]] as const) {
      const t = createTranslator({ locale, messages: { media: messages }, namespace: "media.reasons" });
      const without = mediaRejections.unsupportedType("a.bmp", "BMP", false);
      const withHeic = mediaRejections.unsupportedType("a.bmp", "BMP", true);
      expect(t("unsupported_type", without.options.params as never), locale).not.toContain("HEIC");
      expect(t("unsupported_type", withHeic.options.params as never), locale).toContain("HEIC");
    }
  });

  it("says URL for URL batches", () => {
    const t = createTranslator({ locale: "zh-CN", messages: { media: zhMedia }, namespace: "media.reasons" });
    expect(t("all_urls_rejected", { count: 4 })).toBe("4 个 URL 都没有保存。");
  });
});
