import { invalidRequest, type GatewayError } from "../respond";

/*
 * Checks a fine-tuning file line by line against OpenAI's chat format ({"messages": [...]} per line) and
 * the rules Luodi's chat datasets add: text content only, system messages first, then user and assistant
 * turns alternating from user and ending with the assistant. Every rule here runs before anything is
 * stored, so a rejected file leaves no trace.
 */

const ROLES = ["system", "user", "assistant"] as const;
const MESSAGE_KEYS = new Set(["role", "content", "name", "weight"]);
const UNSUPPORTED_TOP_LEVEL = ["tools", "functions", "parallel_tool_calls"];

/** One problem found on one line, with the advice that fixes it. */
type LineProblem = { line: number; message: string };

export type CheckedFile = { examples: number };

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** Returns the problem of a message's content, or null when it is a non-empty string or list of text parts. */
function contentProblem(content: unknown, path: string): string | null {
  if (typeof content === "string") return content.trim() === "" ? `${path}.content is empty. Give every message some text.` : null;
  if (!Array.isArray(content)) return `${path}.content must be a string, but it is ${describe(content)}.`;
  if (content.length === 0) return `${path}.content is an empty array. Give it at least one {"type": "text", "text": "..."} part.`;
  for (let index = 0; index < content.length; index++) {
    const part: unknown = content[index];
    if (!isObject(part) || part.type !== "text" || typeof part.text !== "string") {
      return `${path}.content[${index}] is not a text part. Luodi fine-tunes on text only, so use {"type": "text", "text": "..."} parts or a plain string.`;
    }
  }
  return null;
}

function messageProblem(message: unknown, path: string): string | null {
  if (!isObject(message)) return `${path} must be an object with "role" and "content", but it is ${describe(message)}.`;
  if (message.tool_calls !== undefined || message.function_call !== undefined) {
    return `${path} has tool_calls or function_call, which Luodi's chat fine-tuning does not support. Remove the tool calls or the example.`;
  }
  const unknown = Object.keys(message).find((key) => !MESSAGE_KEYS.has(key));
  if (unknown) return `${path} has the key ${JSON.stringify(unknown)}, which a training message cannot have. Use only "role", "content", "name" and "weight".`;

  const role = message.role;
  if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
    return `${path}.role is ${JSON.stringify(role ?? null)}, which is not supported. Use "system", "user" or "assistant".`;
  }
  if (message.weight !== undefined && message.weight !== 0 && message.weight !== 1) {
    return `${path}.weight is ${JSON.stringify(message.weight)}. Use 0 or 1, on assistant messages only.`;
  }
  if (message.weight !== undefined && role !== "assistant") return `${path} has a weight, but only assistant messages can have one. Remove it.`;
  return contentProblem(message.content, path);
}

/** Checks the order: system messages first, then user and assistant alternating from user, ending with assistant. */
function orderProblem(roles: string[]): string | null {
  let expected = "user";
  let started = false;
  for (let index = 0; index < roles.length; index++) {
    const role = roles[index]!;
    if (role === "system") {
      if (started) return `messages[${index}] is a system message after the conversation started. Put system messages first.`;
      continue;
    }
    started = true;
    if (role !== expected) return `messages[${index}].role is "${role}", but "${expected}" comes next. User and assistant messages must alternate, starting with the user.`;
    expected = role === "user" ? "assistant" : "user";
  }
  if (roles.at(-1) !== "assistant") return "The last message is not from the assistant. End every example with the assistant's answer, which is what the model learns.";
  return null;
}

/** Returns the problem of one line's example, or null when the line is a valid example. */
function lineProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `it is not valid JSON (${error instanceof Error ? error.message : String(error)}). Write one JSON object per line, such as {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}.`;
  }
  if (!isObject(value)) return `it must be a JSON object with "messages", but it is ${describe(value)}.`;
  const unsupported = UNSUPPORTED_TOP_LEVEL.find((key) => value[key] !== undefined);
  if (unsupported) return `it has "${unsupported}", and Luodi's chat fine-tuning does not train tool use. Remove the key.`;

  const messages = value.messages;
  if (messages === undefined) return 'it has no "messages". Each line needs {"messages": [...]} with the conversation to learn.';
  if (!Array.isArray(messages) || messages.length === 0) return '"messages" must be a non-empty array of {"role", "content"} objects.';
  for (let index = 0; index < messages.length; index++) {
    const problem = messageProblem(messages[index], `messages[${index}]`);
    if (problem) return problem;
  }
  return orderProblem(messages.map((message: Record<string, unknown>) => message.role as string));
}

/**
 * Checks every line of a chat fine-tuning file. Blank lines are skipped. Throws a 400 error naming the
 * first bad line, what is wrong with it and how to fix it, and how many other lines are bad.
 */
export function checkChatFile(bytes: Buffer, filename: string): CheckedFile {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fileError(`${filename} is not valid UTF-8 text. Save it as UTF-8 JSONL and upload it again.`);
  }
  if (!filename.toLowerCase().endsWith(".jsonl")) {
    throw fileError(`${filename} is not a .jsonl file. Fine-tuning files are JSON Lines: one {"messages": [...]} object per line, in a file named *.jsonl.`);
  }

  const problems: LineProblem[] = [];
  let examples = 0;
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, "");
    if (line.trim() === "") continue;
    examples += 1;
    const problem = lineProblem(line);
    if (problem) problems.push({ line: index + 1, message: problem });
  }

  if (examples === 0) throw fileError(`${filename} has no examples. Write one {"messages": [...]} object per line.`);
  const first = problems[0];
  if (first) {
    const others = problems.length - 1;
    const more = others > 0 ? ` ${others} more ${others === 1 ? "line has" : "lines have"} problems too; the next is line ${problems[1]!.line}.` : "";
    throw fileError(`Line ${first.line} of ${filename} is invalid: ${first.message}${more} Nothing was stored; fix the file and upload it again.`);
  }
  return { examples };
}

function fileError(message: string): GatewayError {
  return invalidRequest(message, "file", "invalid_file_format");
}
