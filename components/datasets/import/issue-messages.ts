"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";

type Params = Record<string, string | number> | null | undefined;

/**
 * Every argument name the issue and file-error messages use. Issues stored by older analyses may lack
 * some, and ICU formatting fails on a missing argument, so each gets a placeholder first.
 */
const MESSAGE_ARGUMENTS = [
  "filename",
  "format",
  "extension",
  "encoding",
  "found",
  "expected",
  "firstLine",
  "role",
  "path",
  "label",
  "tokens",
  "limit",
  "chars",
  "quoteLine",
  "type",
  "message",
];

/** Fills missing message arguments and formats numbers in the locale, e.g. 32768 → "32,768". */
function useMessageArguments() {
  const format = useFormatter();
  return useCallback(
    (params: Params) => {
      const values: Record<string, string> = Object.fromEntries(MESSAGE_ARGUMENTS.map((name) => [name, "?"]));
      for (const [name, value] of Object.entries(params ?? {})) values[name] = typeof value === "number" ? format.number(value) : String(value);
      // ICU select keys cannot contain spaces, so "one label" is matched as one_label.
      values.expected = values.expected!.replace(/\s+/g, "_");
      return values;
    },
    [format],
  );
}

/**
 * Returns functions that translate row issues: `title(code)` is a short name for filters and counts,
 * `describe(issue)` the full sentence "Line 12, messages[2].role: unknown role "bot"; use system, user or assistant".
 */
export function useIssueMessages() {
  const t = useTranslations("datasets.issues");
  const messageArguments = useMessageArguments();

  const title = useCallback((code: string) => (t.has(`codes.${code}.title`) ? t(`codes.${code}.title`) : code), [t]);

  const message = useCallback(
    (issue: { code: string; params?: Params }) => {
      if (!t.has(`codes.${issue.code}.message`)) return t("unknownCode", { code: issue.code });
      const text = t(`codes.${issue.code}.message`, messageArguments(issue.params));
      const hint = issue.params?.hint;
      return typeof hint === "string" && t.has(`hints.${hint}`) ? `${text} ${t(`hints.${hint}`)}` : text;
    },
    [t, messageArguments],
  );

  const describe = useCallback(
    (issue: { line: number; field: string; code: string; params?: Params }) =>
      issue.field ? t("lineField", { line: issue.line, field: issue.field, message: message(issue) }) : t("line", { line: issue.line, message: message(issue) }),
    [t, message],
  );

  return { title, message, describe };
}

/** Returns a function that translates why an import failed (report.failure), including what to do next. */
export function useFileErrorMessage() {
  const t = useTranslations("datasets.fileErrors");
  const messageArguments = useMessageArguments();
  return useCallback(
    (failure: { code: string; params?: Params } | null | undefined) => {
      if (!failure || !t.has(failure.code)) return t("internal");
      const values = messageArguments(failure.params);
      // json_not_array names the top-level value in English ("a string"); its select key is a_string.
      return t(failure.code, { ...values, foundKey: values.found!.replace(/\s+/g, "_") });
    },
    [t, messageArguments],
  );
}
