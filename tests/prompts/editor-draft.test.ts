import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { emptyDraft, syncDeclaredNames, type DraftVariable } from "@/components/prompts/editor/draft";
import enPrompts from "@/messages/en/prompts.json";
import zhPrompts from "@/messages/zh-CN/prompts.json";

const names = (variables: DraftVariable[]) => variables.map((variable) => variable.name);

/** Replays typing a placeholder name one character at a time, as the editor's onChange receives it. */
function typeName(variables: DraftVariable[], from: string, to: string): DraftVariable[] {
  let previous = [from];
  let current = variables;
  for (let length = 0; length <= to.length; length++) {
    const next = length === 0 ? [] : [to.slice(0, length)];
    current = syncDeclaredNames(current, previous, next);
    previous = next;
  }
  return current;
}

describe("syncDeclaredNames", () => {
  it("replaces the starter input", () => {
    const draft = emptyDraft("system");
    expect(names(typeName(draft.variables, "input", "text"))).toEqual(["text"]);
  });

  it("keeps an edited declaration", () => {
    const described = [{ ...emptyDraft("system").variables[0]!, description: "the user's question" }];
    expect(names(syncDeclaredNames(described, ["input"], ["text"]))).toEqual(["input", "text"]);

    const withDefault = [{ ...emptyDraft("system").variables[0]!, hasDefault: true }];
    expect(names(syncDeclaredNames(withDefault, ["input"], ["text"]))).toEqual(["input", "text"]);
  });

  it("keeps declarations from a saved version", () => {
    const saved: DraftVariable[] = [{ name: "input", description: "", defaultValue: "", hasDefault: false, autoDeclared: false }];
    expect(names(syncDeclaredNames(saved, ["input"], ["text"]))).toEqual(["input", "text"]);
  });

  it("returns the same array when nothing changes", () => {
    const variables = emptyDraft("system").variables;
    expect(syncDeclaredNames(variables, ["input"], ["input"])).toBe(variables);
  });
});

describe("rendered request count", () => {
  it("has no vote for one request", () => {
    const zh = createTranslator({ locale: "zh-CN", messages: { prompts: zhPrompts }, namespace: "prompts.try" });
    const en = createTranslator({ locale: "en", messages: { prompts: enPrompts }, namespace: "prompts.try" });
    expect(zh("singleRequest")).toBe("发送 1 次请求");
    expect(en("singleRequest")).toBe("Sends one request");
    expect(zh("majorityVote", { count: 5 })).toBe("发送 5 次请求，再对答案多数投票");
    expect(en("majorityVote", { count: 5 })).toBe("Sends 5 requests, then takes a majority vote");
  });
});
