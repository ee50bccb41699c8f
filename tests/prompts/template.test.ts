import { describe, expect, it } from "vitest";
import { findTemplateIssues } from "@/lib/prompts/template-issues";
import { lineAndColumn, parseTemplate, renderSegments, scanMessages } from "@/lib/prompts/template";

const render = (content: string, values: Record<string, string>) => renderSegments(parseTemplate(content).segments, (name) => values[name] ?? `<${name}>`);

describe("parseTemplate", () => {
  it("finds placeholders with offsets", () => {
    const parsed = parseTemplate("Hi {{name}}, order {{ order.id }}!");
    expect(parsed.issues).toEqual([]);
    expect(parsed.segments).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "placeholder", name: "name", offset: 3, length: 8 },
      { kind: "text", text: ", order " },
      { kind: "placeholder", name: "order.id", offset: 19, length: 14 },
      { kind: "text", text: "!" },
    ]);
  });

  it("accepts whitespace and Chinese names", () => {
    expect(render("{{\tquestion \n}}", { question: "Q" })).toBe("Q");
    expect(render("问题：{{问题}}", { 问题: "怎么退款" })).toBe("问题：怎么退款");
  });

  it("renders escaped braces literally", () => {
    const parsed = parseTemplate("JSON like \\{{\"a\": 1}} and {{x}}");
    expect(parsed.issues).toEqual([]);
    expect(renderSegments(parsed.segments, () => "X")).toBe('JSON like {{"a": 1}} and X');
  });

  it("leaves single braces and lone closers alone", () => {
    expect(render('{"a": {b}} }} {x}', {})).toBe('{"a": {b}} }} {x}');
  });

  it("reports an unclosed placeholder with its offset", () => {
    const parsed = parseTemplate("abc {{name} def");
    expect(parsed.issues).toEqual([{ reason: "prompts.unclosed_placeholder", offset: 4 }]);
  });

  it("reports invalid placeholder names", () => {
    const parsed = parseTemplate("a {{ first name }} b {{}}");
    expect(parsed.issues).toEqual([
      { reason: "prompts.invalid_placeholder", offset: 2, text: "{{ first name }}" },
      { reason: "prompts.invalid_placeholder", offset: 21, text: "{{}}" },
    ]);
  });

  it("does not re-parse braces inside values", () => {
    expect(render("{{a}}", { a: "{{b}}" })).toBe("{{b}}");
  });
});

describe("scanMessages", () => {
  it("reports message index for every placeholder", () => {
    const scanned = scanMessages([{ content: "You help {{company}}." }, { content: "{{question}} ({{company}})" }]);
    expect(scanned.names).toEqual(["company", "question"]);
    expect(scanned.placeholders).toEqual([
      { name: "company", message: 0, offset: 9, length: 11 },
      { name: "question", message: 1, offset: 0, length: 12 },
      { name: "company", message: 1, offset: 14, length: 11 },
    ]);
  });

  it("converts offsets to line and column", () => {
    expect(lineAndColumn("ab\ncd {{x}}", 6)).toEqual({ line: 2, column: 4 });
    expect(lineAndColumn("{{x}}", 0)).toEqual({ line: 1, column: 1 });
  });
});

describe("findTemplateIssues", () => {
  it("names an undeclared variable with its position", () => {
    const issues = findTemplateIssues([{ role: "system", content: "Hi" }, { role: "user", content: "Q:\n  {{question}}" }], [{ name: "other" }]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.reason).toBe("prompts.undefined_variable");
    expect(issues[0]!.params).toEqual({ name: "question", message: 1, messageNumber: 2, offset: 5, line: 2, column: 3 });
  });

  it("reports unclosed braces and duplicate declarations", () => {
    const issues = findTemplateIssues([{ role: "user", content: "x {{ y" }], [{ name: "a" }, { name: "a" }]);
    expect(issues.map((issue) => issue.reason)).toEqual(["prompts.unclosed_placeholder", "prompts.duplicate_variable"]);
    expect(issues[0]!.params).toMatchObject({ message: 0, offset: 2 });
  });
});
