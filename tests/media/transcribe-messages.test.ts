import { describe, expect, it } from "vitest";
import { TRANSCRIBE_ERROR_MESSAGES } from "@/lib/media/transcribe-errors";
import en from "@/messages/en/mediaAudio.json";
import zh from "@/messages/zh-CN/mediaAudio.json";

/** Lists every leaf key of a catalogue as a dotted path. */
function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("mediaAudio catalogue", () => {
  it("matches the stored error messages", () => {
    // The console maps a stored transcriptError back to its code through the English catalogue.
    expect(en.errors).toEqual(TRANSCRIBE_ERROR_MESSAGES);
  });

  it("has the same keys in both languages", () => {
    expect(keysOf(zh).sort()).toEqual(keysOf(en).sort());
  });
});
