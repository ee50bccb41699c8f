import { createTranslator, type IntlError } from "next-intl";
import { describe, expect, it } from "vitest";
import { rollbackNoteText } from "@/components/gateway/rollback-note-text";
import { rollbackNote } from "@/lib/gateway/canary-monitor";
import enGateway from "@/messages/en/gateway.json";
import zhGateway from "@/messages/zh-CN/gateway.json";

function translatorFor(locale: "en" | "zh-CN", errors: IntlError[]) {
  const messages = locale === "en" ? enGateway : zhGateway;
  return createTranslator({ locale, messages: { gateway: messages }, namespace: "gateway.canary.rollbackReasons", onError: (error) => errors.push(error) }) as unknown as (
    key: string,
    values?: Record<string, string | number>,
  ) => string;
}

// Notes exactly as the gateway stores them on an automatic rollback.
const both = rollbackNote({ calls: 19, errors: 4, errorRate: 4 / 19, p95Ms: 2_412.4 }, { maxErrorRate: 0.2, maxP95Ms: 2_000 }, { tooManyErrors: true, tooSlow: true });

describe("rollbackNoteText", () => {
  it("translates both automatic reasons into Chinese with their numbers", () => {
    const errors: IntlError[] = [];
    const text = rollbackNoteText(both, translatorFor("zh-CN", errors));

    expect(errors).toEqual([]);
    expect(text).toBe("最近 19 次金丝雀调用的错误率为 21.1%，超过了 20% 的上限；最近 19 次金丝雀调用的 p95 延迟为 2412 毫秒，超过了 2000 毫秒的上限");
  });

  it("gives the stored wording back in English", () => {
    const errors: IntlError[] = [];
    expect(rollbackNoteText(both, translatorFor("en", errors))).toBe(both);
    expect(errors).toEqual([]);
  });

  it("translates a manual rollback and keeps an admin's own note as written", () => {
    const errors: IntlError[] = [];
    const t = translatorFor("zh-CN", errors);

    expect(rollbackNoteText("Rolled back by admin@example.com", t)).toBe("由 admin@example.com 回滚");
    expect(rollbackNoteText("新模型回答太啰嗦", t)).toBe("新模型回答太啰嗦");
    expect(errors).toEqual([]);
  });
});
