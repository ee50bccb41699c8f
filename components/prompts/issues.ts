"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { SpecIssueView } from "./types";

/** Returns a function that translates a spec issue from errors.reasons, falling back to the API's English message. */
export function useIssueMessage(): (issue: SpecIssueView) => string {
  const t = useTranslations("errors");
  return useCallback(
    (issue: SpecIssueView) => {
      const key = `reasons.${issue.reason}`;
      return t.has(key) ? t(key, issue.params) : issue.message;
    },
    [t],
  );
}
