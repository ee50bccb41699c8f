import type { ChatContentPart, RowIssue } from "@/lib/datasets/model";
import { coerceToText, isBlank, isPlainObject } from "./fields";

/** Normalization of multimodal message content: arrays of text and image parts. */

export type ImageResolver = (url: string) => boolean;

/**
 * Normalizes an array of content parts. Accepts `{type:"text",text}`, `{type:"image_url",image_url:{url}}`
 * (or a bare URL string in `image_url`) and `{type:"image",image}`, which becomes an image_url part.
 * Reports empty_content on `path` when the parts contain no image and no non-blank text.
 */
export function normalizeContentParts(
  parts: unknown[],
  path: string,
  resolveImage: ImageResolver | undefined,
  issues: RowIssue[],
): ChatContentPart[] {
  const normalized: ChatContentPart[] = [];
  parts.forEach((part, index) => {
    const result = normalizeContentPart(part, `${path}[${index}]`, resolveImage, issues);
    if (result !== null) {
      normalized.push(result);
    }
  });

  const hasContent = normalized.some((part) => part.type === "image_url" || !isBlank(part.text));
  const everyPartRead = normalized.length === parts.length;
  if (!hasContent && everyPartRead) {
    issues.push({ code: "empty_content", field: path });
  }
  return normalized;
}

function normalizeContentPart(
  part: unknown,
  path: string,
  resolveImage: ImageResolver | undefined,
  issues: RowIssue[],
): ChatContentPart | null {
  if (!isPlainObject(part)) {
    issues.push({ code: "wrong_type", field: path, params: { expected: "object" } });
    return null;
  }

  if (part.type === "text") {
    const text = coerceToText(part.text);
    if (!text.ok) {
      issues.push({ code: text.reason === "missing" ? "missing_field" : "wrong_type", field: `${path}.text` });
      return null;
    }
    return { type: "text", text: text.text };
  }

  if (part.type === "image_url" || part.type === "image") {
    const url = readImageUrl(part);
    if (url === null) {
      issues.push({ code: "missing_field", field: `${path}.image_url` });
      return null;
    }
    if (isLocalPath(url) && resolveImage !== undefined && !resolveImage(url)) {
      issues.push({ code: "image_not_found", field: `${path}.image_url`, params: { path: url } });
    }
    return { type: "image_url", image_url: { url } };
  }

  issues.push({ code: "wrong_type", field: `${path}.type`, params: { found: String(part.type) } });
  return null;
}

/** Reads the image reference of a part from `image_url` (object or string) or `image`, or returns null. */
function readImageUrl(part: Record<string, unknown>): string | null {
  const candidates = [part.image_url, part.image];
  for (const candidate of candidates) {
    if (typeof candidate === "string" && !isBlank(candidate)) {
      return candidate.trim();
    }
    if (isPlainObject(candidate) && typeof candidate.url === "string" && !isBlank(candidate.url)) {
      return candidate.url.trim();
    }
  }
  return null;
}

/** Checks whether a URL names a local file, which is anything but an http(s) or data: URL. */
export function isLocalPath(url: string): boolean {
  return !/^(https?:|data:)/i.test(url);
}
