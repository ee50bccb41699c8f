import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { schemaErrorMessage, TRANSLATED_SCHEMA_KEYWORDS } from "@/components/playground/schema-error-text";
import { compileJsonSchema, validateOutput } from "@/lib/playground/json-schema";
import enPlayground from "@/messages/en/playground.json";
import zhPlayground from "@/messages/zh-CN/playground.json";

type SchemaErrorKey = keyof typeof enPlayground.schemaErrors;

const translators = {
  en: createTranslator({ locale: "en", messages: { playground: enPlayground }, namespace: "playground" }),
  "zh-CN": createTranslator({ locale: "zh-CN", messages: { playground: zhPlayground }, namespace: "playground" }),
};

/** Translates the violations of `output` against `schema` as the response pane does. */
function translatedViolations(locale: keyof typeof translators, schema: Record<string, unknown>, output: unknown): string[] {
  const t = translators[locale];
  const { errors } = validateOutput(compileJsonSchema(schema), JSON.stringify(output));
  return errors.map((error) => {
    const { key, values } = schemaErrorMessage(error.keyword, error.params);
    return `${error.path || "/"} ${t(`schemaErrors.${key as SchemaErrorKey}`, values)}`;
  });
}

describe("schema error messages", () => {
  it("exist for every keyword in both locales", () => {
    for (const keyword of [...TRANSLATED_SCHEMA_KEYWORDS, "other"]) {
      expect(Object.keys(enPlayground.schemaErrors), `en ${keyword}`).toContain(keyword);
      expect(Object.keys(zhPlayground.schemaErrors), `zh-CN ${keyword}`).toContain(keyword);
    }
  });

  it("translate a type violation", () => {
    const schema = { type: "object", properties: { score: { type: "string" } } };
    expect(translatedViolations("zh-CN", schema, { score: 1 })).toEqual(["/score 应为 string 类型"]);
    expect(translatedViolations("en", schema, { score: 1 })).toEqual(["/score must be of type string"]);
  });

  it("translate limits and enums", () => {
    const schema = { type: "object", properties: { n: { minimum: 2 }, label: { enum: ["a", "b"] }, code: { pattern: "^[A-Z]+$" } } };
    expect(translatedViolations("zh-CN", schema, { n: 1, label: "c", code: "x" })).toEqual(["/n 应大于或等于 2", '/label 应为以下值之一："a", "b"', "/code 应匹配正则表达式 ^[A-Z]+$"]);
  });

  it("fall back to the keyword", () => {
    const schema = { type: "array", uniqueItems: true };
    expect(translatedViolations("zh-CN", schema, [1, 1])).toEqual(["/ 不满足 Schema 关键字“uniqueItems”"]);
    expect(translatedViolations("en", schema, [1, 1])).toEqual(['/ fails the schema keyword "uniqueItems"']);
  });

  it("format without params", () => {
    const { key, values } = schemaErrorMessage("minLength", undefined);
    expect(translators["zh-CN"](`schemaErrors.${key as SchemaErrorKey}`, values)).toBe("长度应至少为 ? 个字符");
  });

  it("translate an invalid schema", () => {
    const t = translators["zh-CN"];
    const { key, values } = schemaErrorMessage("enum", { allowedValues: '"array", "string"', path: "/properties/answer/type" });
    expect(t("failure.invalidSchema", { path: "/properties/answer/type", detail: t(`schemaErrors.${key as SchemaErrorKey}`, values) })).toBe(
      'JSON Schema 在 /properties/answer/type 处无效：应为以下值之一："array", "string"。请修正 Schema 后重新发送。',
    );
  });
});
