import {
  CANONICAL_FIELDS,
  CHAT_ROLES,
  OPTIONAL_FIELDS,
  type ChatData,
  type RowData,
  type RowIssue,
  type Split,
} from "@/lib/datasets/model";
import { normalizeChatMessages } from "./chat";
import { readMappedValue, readTextField } from "./fields";
import { normalizeLabels } from "./labels";
import { buildSearchText, messageTextPieces, rowText, rowTextPieces } from "./row-text";
import { normalizeSplit } from "./split";
import { countTokens } from "./tokens";
import type { NormalizeResult, ValidationContext } from "./types";

/** Mapping key of the optional split column. */
const SPLIT_KEY = "split";

/**
 * Applies the mapping to a source record, coerces its values to the canonical row shape and validates it.
 * Every issue of the row is reported, not only the first. Every issue makes the row invalid, so the
 * warnings of a valid row are empty for now. Mixed types come from createTypeTracker instead.
 */
export function normalizeRecord(fields: Record<string, unknown>, context: ValidationContext): NormalizeResult {
  const issues: RowIssue[] = [];
  const { data, labels } = readRowData(fields, context, issues);

  const { tokens, roleTokens } = countRowTokens(context, data, labels);
  // The limit applies to the whole row, so the issue names no field.
  if (context.tokenLimit !== null && tokens > context.tokenLimit) {
    issues.push({ code: "over_token_limit", field: "", params: { tokens, limit: context.tokenLimit } });
  }

  if (issues.length > 0) {
    return { ok: false, issues };
  }

  const row = {
    data,
    labels,
    split: readSplit(fields, context),
    tokens,
    ...(roleTokens === undefined ? {} : { roleTokens }),
    searchText: buildSearchText(rowText(context.type, data, labels)),
  };
  return { ok: true, row, warnings: [] };
}

/** Reads the split of a row. Without a split column, or with a value that names no split, it is null. */
function readSplit(fields: Record<string, unknown>, context: ValidationContext): Split | null {
  if (context.mapping[SPLIT_KEY] === undefined) {
    return null;
  }
  return normalizeSplit(readMappedValue(fields, context.mapping, SPLIT_KEY));
}

function readRowData(
  fields: Record<string, unknown>,
  context: ValidationContext,
  issues: RowIssue[],
): { data: RowData; labels: string[] } {
  if (context.type === "chat") {
    const chat = normalizeChatMessages(readMappedValue(fields, context.mapping, "messages"), context.resolveImage);
    issues.push(...chat.issues);
    return { data: { messages: chat.messages }, labels: [] };
  }

  const optional = OPTIONAL_FIELDS[context.type];
  const data: Record<string, string> = {};
  for (const field of CANONICAL_FIELDS[context.type]) {
    // The label of a classification row is kept in `labels`, outside `data`.
    if (context.type === "classification" && field === "label") {
      continue;
    }
    const value = readMappedValue(fields, context.mapping, field);
    data[field] = readTextField(value, field, optional.includes(field), issues);
  }

  if (context.type !== "classification") {
    return { data: data as RowData, labels: [] };
  }
  const label = normalizeLabels(readMappedValue(fields, context.mapping, "label"), context.multiLabel, context.labelSet);
  issues.push(...label.issues);
  return { data: data as RowData, labels: label.labels };
}

/** Counts the tokens of a row and, for chat, of each role. Roles without messages count 0. */
function countRowTokens(
  context: ValidationContext,
  data: RowData,
  labels: string[],
): { tokens: number; roleTokens?: Record<string, number> } {
  if (context.type !== "chat") {
    const tokens = rowTextPieces(context.type, data, labels).reduce((sum, piece) => sum + countTokens(piece), 0);
    return { tokens };
  }

  const roleTokens: Record<string, number> = Object.fromEntries(CHAT_ROLES.map((role) => [role, 0]));
  let tokens = 0;
  for (const message of (data as ChatData).messages) {
    for (const piece of messageTextPieces(message)) {
      const count = countTokens(piece);
      roleTokens[message.role] = (roleTokens[message.role] ?? 0) + count;
      tokens += count;
    }
  }
  return { tokens, roleTokens };
}
