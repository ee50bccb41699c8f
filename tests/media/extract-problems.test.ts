import { createTranslator, type IntlError } from "next-intl";
import { describe, expect, it } from "vitest";
import { keywordMessage, TRANSLATED_KEYWORDS, violationPath } from "@/components/media/extract/problem-text";
import { AppError } from "@/lib/errors";
import { checkFields } from "@/lib/media/extract/check";
import { compileExtractionSchema } from "@/lib/media/extract/validate";
import enMessages from "@/messages/en/mediaExtract.json";
import zhMessages from "@/messages/zh-CN/mediaExtract.json";

const LOCALES = [
  ["en", enMessages],
  ["zh-CN", zhMessages],
] as const;

/** English words ajv puts in its messages; none may reach a Chinese screen. */
const AJV_ENGLISH = /must|should|property|allowed|equal/i;

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** Builds a mediaExtract translator with string keys, because the keys under test are computed at run time. */
function translator(locale: string, messages: Record<string, unknown>, errors: IntlError[]): Translate {
  const t = createTranslator({ locale, messages: { mediaExtract: messages }, namespace: "mediaExtract", onError: (error) => errors.push(error) });
  return t as unknown as Translate;
}

function schemaRejection(schema: Record<string, unknown>): AppError {
  try {
    compileExtractionSchema(schema);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the schema was accepted");
}

describe("extraction problem text", () => {
  it("has an entry per translated keyword", () => {
    for (const [locale, messages] of LOCALES) {
      const keywords = Object.keys(messages.problems.keywords);
      for (const keyword of [...TRANSLATED_KEYWORDS, "other"]) expect(keywords, `${locale} lacks ${keyword}`).toContain(keyword);
    }
  });

  it("translates result violations", () => {
    const validator = compileExtractionSchema({
      type: "object",
      properties: { brand: { type: "string" }, price: { type: "number", minimum: 0 }, code: { type: "string", pattern: "^[A-Z]+$" } },
      required: ["brand"],
      additionalProperties: false,
    });
    const checked = checkFields(validator, { brand: null, price: -1, code: "abc", extra: 1 });
    expect(checked.errors.map((error) => error.keyword).sort()).toEqual(["additionalProperties", "minimum", "pattern", "required"]);

    for (const [locale, messages] of LOCALES) {
      const errors: IntlError[] = [];
      const t = translator(locale, messages, errors);
      for (const violation of checked.errors) {
        const { key, values } = keywordMessage(violation.keyword, violation.params);
        const text = t("problems.atPath", { path: violationPath(violation), detail: t(`problems.keywords.${key}`, values) });
        expect(text).not.toContain("?");
        if (locale === "zh-CN") expect(text, text).not.toMatch(AJV_ENGLISH);
      }
      expect(errors.map((error) => error.message)).toEqual([]);
    }
  });

  it("translates schema rejections", () => {
    const schemas = [{ type: "array" }, { type: "object" }, { type: "object", properties: { brand: { type: "nonsense" } } }];
    for (const schema of schemas) {
      const error = schemaRejection(schema);
      const params = error.options.params ?? {};
      const reasonKey = String(error.options.reason).replace("mediaExtract.", "");

      for (const [locale, messages] of LOCALES) {
        const errors: IntlError[] = [];
        const t = translator(locale, messages, errors);
        const { key, values } = keywordMessage(String(params.keyword), params);
        expect(key, JSON.stringify(schema)).not.toBe("other");
        const text = t(`reasons.${reasonKey}`, { path: String(params.path), detail: t(`problems.keywords.${key}`, values) });
        expect(text).toContain(String(params.path));
        if (locale === "zh-CN") {
          expect(text, text).not.toContain(String(params.message));
          expect(text, text).not.toMatch(AJV_ENGLISH);
        }
        expect(errors.map((failure) => failure.message)).toEqual([]);
      }
    }
  });

  it("points a required problem at its field", () => {
    expect(violationPath({ path: "", keyword: "required", message: "", params: { missingProperty: "brand" } })).toBe("/brand");
    expect(violationPath({ path: "/size", keyword: "required", message: "", params: { missingProperty: "a/b" } })).toBe("/size/a~1b");
    expect(violationPath({ path: "", keyword: "json", message: "", params: {} })).toBe("/");
    expect(violationPath({ path: "/price", keyword: "minimum", message: "", params: { limit: 0 } })).toBe("/price");
  });

  it("names the keyword it cannot translate", () => {
    const { key, values } = keywordMessage("dependentRequired", { property: "a" });
    expect(key).toBe("other");
    const t = translator("zh-CN", zhMessages, []);
    expect(t("problems.atPath", { path: "/a", detail: t("problems.keywords.other", values) })).toContain("dependentRequired");
  });
});
