import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorCodes } from "@/lib/errors";
import { locales } from "@/i18n/routing";

const root = path.join(process.cwd(), "messages");

function namespaces(locale: string): string[] {
  return readdirSync(path.join(root, locale))
    .filter((file) => file.endsWith(".json"))
    .sort();
}

/** Flattens a catalogue to "a.b.c" → message. */
function flatten(value: unknown, prefix = ""): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    entries.set(prefix, value);
    return entries;
  }
  for (const [key, child] of Object.entries(value)) {
    for (const [flatKey, message] of flatten(child, prefix ? `${prefix}.${key}` : key)) entries.set(flatKey, message);
  }
  return entries;
}

function catalogue(locale: string, file: string): Map<string, unknown> {
  return flatten(JSON.parse(readFileSync(path.join(root, locale, file), "utf8")));
}

describe("message catalogues", () => {
  it("have the same namespace files in every locale", () => {
    const [first, ...others] = locales;
    for (const locale of others) expect(namespaces(locale), `messages/${locale}`).toEqual(namespaces(first));
  });

  for (const file of namespaces("en")) {
    it(`${file} has the same keys in every locale`, () => {
      const english = [...catalogue("en", file).keys()].sort();
      for (const locale of locales) {
        expect([...catalogue(locale, file).keys()].sort(), `messages/${locale}/${file}`).toEqual(english);
      }
    });

    it(`${file} has only non-empty string messages`, () => {
      for (const locale of locales) {
        for (const [key, message] of catalogue(locale, file)) {
          expect(typeof message === "string" && message.trim().length > 0, `messages/${locale}/${file}: ${key}`).toBe(true);
        }
      }
    });
  }

  it("translate every error code", () => {
    for (const locale of locales) {
      const errors = catalogue(locale, "errors.json");
      for (const code of Object.keys(errorCodes)) expect(errors.has(code), `messages/${locale}/errors.json: ${code}`).toBe(true);
    }
  });
});
