import { coerceToText, isBlank, isPlainObject, parseJsonArrayCell } from "./fields";

/** Predicates on sample values that detection uses to tell dataset types apart. */

/** Checks whether a value is a non-empty list of objects that each have a `role` (OpenAI) or `from` (ShareGPT). */
export function isMessageList(value: unknown): boolean {
  const list = parseJsonArrayCell(value);
  if (!Array.isArray(list) || list.length === 0) {
    return false;
  }
  return list.every((message) => isPlainObject(message) && ("role" in message || "from" in message));
}

/** Checks whether a value reads as non-blank text: a string, number or boolean. */
export function hasText(value: unknown): boolean {
  const text = coerceToText(value);
  return text.ok && !isBlank(text.text);
}

/** Checks whether a value contains at least one label: non-blank text or a non-empty list of texts. */
export function hasLabel(value: unknown): boolean {
  const parsed = parseJsonArrayCell(value);
  if (Array.isArray(parsed)) {
    return parsed.length > 0 && parsed.every(hasText);
  }
  return hasText(parsed);
}

/** Checks whether a label value is a list of labels, or a JSON array in a text cell. */
export function isLabelList(value: unknown): boolean {
  return Array.isArray(parseJsonArrayCell(value));
}

/** Checks whether a label value is text that lists several labels with `|` or `;`. */
export function hasLabelSeparator(value: unknown): boolean {
  return typeof value === "string" && /[|;]/.test(value);
}
