import { describe, expect, test } from "vitest";
import { normalizeRecord, type NormalizeResult, type ValidationContext } from "@/lib/datasets/validate";
import { contextFor, issuesOf, rowOf } from "./helpers";

const chat = (overrides: Partial<ValidationContext> = {}) => contextFor("chat", { messages: "messages" }, overrides);


function normalizeMessages(messages: unknown, overrides: Partial<ValidationContext> = {}): NormalizeResult {
  return normalizeRecord({ messages }, chat(overrides));
}

describe("chat rows", () => {
  test("valid chat with system prompt", () => {
    const result = normalizeMessages([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hello" },
      { role: "assistant", content: "Hi!" },
    ]);

    const row = rowOf(result);
    expect(row.data).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hello" },
        { role: "assistant", content: "Hi!" },
      ],
    });
    expect(row.labels).toEqual([]);
    expect(row.split).toBeNull();
    // o200k_base splits "Be brief." into "Be", " brief", "." and "Hi!" into "Hi", "!".
    expect(row.roleTokens).toEqual({ system: 3, user: 1, assistant: 2 });
    expect(row.tokens).toBe(6);
    expect(row.searchText).toBe("be brief.\nhello\nhi!");
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  test("ShareGPT rows become OpenAI roles", () => {
    const result = normalizeRecord(
      {
        conversations: [
          { from: "system", value: "sys" },
          { from: "human", value: "q1" },
          { from: "gpt", value: "a1" },
          { from: "user", value: "q2" },
          { from: "bot", value: "a2" },
          { from: "Human", value: "q3" },
          { from: "model", value: "a3" },
        ],
      },
      contextFor("chat", { messages: "conversations" }),
    );

    const row = rowOf(result);
    expect(row.data).toEqual({
      messages: [
        { role: "system", content: "sys" },
        { role: "user", content: "q1" },
        { role: "assistant", content: "a1" },
        { role: "user", content: "q2" },
        { role: "assistant", content: "a2" },
        { role: "user", content: "q3" },
        { role: "assistant", content: "a3" },
      ],
    });
  });

  test("messages as JSON text from a CSV cell", () => {
    const cell = JSON.stringify([{ role: "user", content: "q" }, { role: "assistant", content: "a" }]);
    const result = normalizeMessages(cell);

    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  test("numbers in content coerced", () => {
    const result = normalizeMessages([
      { role: "user", content: 2 },
      { role: "assistant", content: 4 },
    ]);

    expect(rowOf(result).data).toEqual({
      messages: [
        { role: "user", content: "2" },
        { role: "assistant", content: "4" },
      ],
    });
  });

  test("missing messages field", () => {
    expect(issuesOf(normalizeRecord({ other: 1 }, chat()))).toEqual([{ code: "missing_field", field: "messages" }]);
  });

  test("messages not an array", () => {
    expect(issuesOf(normalizeMessages({ role: "user" }))).toEqual([
      { code: "wrong_type", field: "messages", params: { expected: "array", found: "object" } },
    ]);
  });

  test("empty message list", () => {
    expect(issuesOf(normalizeMessages([]))).toEqual([{ code: "empty_content", field: "messages" }]);
  });

  test("message not an object", () => {
    const issues = issuesOf(normalizeMessages(["hello", { role: "assistant", content: "a" }]));

    expect(issues).toContainEqual({ code: "wrong_type", field: "messages[0]", params: { expected: "object", found: "string" } });
  });

  test("missing role fills its turn", () => {
    const issues = issuesOf(normalizeMessages([{ content: "q" }, { role: "assistant", content: "a" }]));

    expect(issues).toEqual([{ code: "missing_role", field: "messages[0].role" }]);
  });

  test("unknown role bot", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "user", content: "q" },
        { role: "bot", content: "a" },
      ]),
    );

    // `bot` is an assistant only in ShareGPT's `from`, so here the last message has no known role.
    expect(issues).toEqual([
      { code: "unknown_role", field: "messages[1].role", params: { role: "bot" } },
      { code: "no_assistant_turn", field: "messages" },
    ]);
  });

  test("unknown ShareGPT speaker", () => {
    const issues = issuesOf(
      normalizeMessages([
        { from: "human", value: "q" },
        { from: "function_call", value: "{}" },
        { from: "gpt", value: "a" },
      ]),
    );

    expect(issues).toEqual([{ code: "unknown_role", field: "messages[1].role", params: { role: "function_call" } }]);
  });

  test("assistant first", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "assistant", content: "hello" },
        { role: "user", content: "q" },
        { role: "assistant", content: "a" },
      ]),
    );

    // The check resumes from the misplaced message, so the turns after it are not reported again.
    expect(issues).toEqual([{ code: "role_order", field: "messages[0].role", params: { role: "assistant", expected: "user" } }]);
  });

  test("two user turns in a row", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "user", content: "q1" },
        { role: "user", content: "q2" },
        { role: "assistant", content: "a" },
      ]),
    );

    expect(issues).toEqual([{ code: "role_order", field: "messages[1].role", params: { role: "user", expected: "assistant" } }]);
  });

  test("system message after the first turn", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "user", content: "q" },
        { role: "system", content: "late" },
        { role: "assistant", content: "a" },
      ]),
    );

    expect(issues).toEqual([{ code: "role_order", field: "messages[1].role", params: { role: "system", expected: "assistant" } }]);
  });

  test("several system messages first", () => {
    const result = normalizeMessages([
      { role: "system", content: "one" },
      { role: "system", content: "two" },
      { role: "user", content: "q" },
      { role: "assistant", content: "a" },
    ]);

    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  test("empty content", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "user", content: "   " },
        { role: "assistant", content: "" },
      ]),
    );

    expect(issues).toEqual([
      { code: "empty_content", field: "messages[0].content" },
      { code: "empty_content", field: "messages[1].content" },
    ]);
  });

  test("missing and wrong-typed content", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "user" },
        { role: "assistant", content: { text: "a" } },
      ]),
    );

    expect(issues).toEqual([
      { code: "missing_field", field: "messages[0].content" },
      { code: "wrong_type", field: "messages[1].content", params: { expected: "string", found: "object" } },
    ]);
  });

  test("no assistant turn", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "user", content: "q" },
        { role: "assistant", content: "a" },
        { role: "user", content: "q2" },
      ]),
    );

    expect(issues).toEqual([{ code: "no_assistant_turn", field: "messages" }]);
  });

  test("only a system message", () => {
    const issues = issuesOf(normalizeMessages([{ role: "system", content: "sys" }]));

    expect(issues).toEqual([{ code: "no_assistant_turn", field: "messages" }]);
  });

  test("all issues of a row reported", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "assistant", content: "" },
        { content: "x" },
        { role: "robot", content: "y" },
        { role: "user", content: "q" },
      ]),
    );

    expect(issues.map((issue) => `${issue.code}@${issue.field}`)).toEqual([
      "empty_content@messages[0].content",
      "missing_role@messages[1].role",
      "unknown_role@messages[2].role",
      "role_order@messages[0].role",
      // The message without a role is taken as the user turn, so this user turn is out of order.
      "role_order@messages[3].role",
      "no_assistant_turn@messages",
    ]);
  });
});

describe("chat content parts", () => {
  const existing = new Set(["images/cat.png"]);
  const resolveImage = (url: string) => existing.has(url);

  test("text and image parts", () => {
    const result = normalizeMessages(
      [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "https://example.com/a.png" } },
            { type: "image_url", image_url: "data:image/png;base64,AAAA" },
            { type: "image", image: "images/cat.png" },
          ],
        },
        { role: "assistant", content: "A cat." },
      ],
      { resolveImage },
    );

    const row = rowOf(result);
    expect(row.data).toEqual({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "https://example.com/a.png" } },
            { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
            { type: "image_url", image_url: { url: "images/cat.png" } },
          ],
        },
        { role: "assistant", content: "A cat." },
      ],
    });
    expect(row.searchText).toBe("what is this?\na cat.");
  });

  test("image path not found", () => {
    const issues = issuesOf(
      normalizeMessages(
        [
          { role: "user", content: [{ type: "image_url", image_url: { url: "images/missing.png" } }] },
          { role: "assistant", content: "?" },
        ],
        { resolveImage },
      ),
    );

    expect(issues).toEqual([
      { code: "image_not_found", field: "messages[0].content[0].image_url", params: { path: "images/missing.png" } },
    ]);
  });

  test("remote images are not resolved", () => {
    const calls: string[] = [];
    const result = normalizeMessages(
      [
        { role: "user", content: [{ type: "image_url", image_url: { url: "HTTP://example.com/a.png" } }] },
        { role: "assistant", content: "ok" },
      ],
      { resolveImage: (url) => (calls.push(url), false) },
    );

    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(calls).toEqual([]);
  });

  test("local image unchecked without resolver", () => {
    const result = normalizeMessages([
      { role: "user", content: [{ type: "image", image: "nowhere.png" }] },
      { role: "assistant", content: "ok" },
    ]);

    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  test("broken parts", () => {
    const issues = issuesOf(
      normalizeMessages([
        { role: "user", content: [{ type: "audio", audio: "x" }, { type: "image_url" }, "text", { type: "text" }] },
        { role: "assistant", content: [{ type: "text", text: " " }] },
      ]),
    );

    expect(issues).toEqual([
      { code: "wrong_type", field: "messages[0].content[0].type", params: { found: "audio" } },
      { code: "missing_field", field: "messages[0].content[1].image_url" },
      { code: "wrong_type", field: "messages[0].content[2]", params: { expected: "object" } },
      { code: "missing_field", field: "messages[0].content[3].text" },
      { code: "empty_content", field: "messages[1].content" },
    ]);
  });
});
