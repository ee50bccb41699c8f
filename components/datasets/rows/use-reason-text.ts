"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";

/**
 * Returns a translator for the reasons the API gives for rejecting a row field. Issue codes such as
 * `role_order` have their own message; free text (zod's English messages) gets the generic one, because
 * it is not translated.
 */
export function useReasonText(): (reason: string) => string {
  const t = useTranslations("datasetRows.fieldErrors");
  return useCallback((reason: string) => (/^[a-z_]+$/.test(reason) && t.has(reason) ? t(reason) : t("invalid")), [t]);
}

/** Translates and joins the reasons of one field, or returns undefined when there are none. */
export function joinReasons(reasons: string[] | undefined, reasonText: (reason: string) => string): string | undefined {
  if (!reasons || reasons.length === 0) return undefined;
  return [...new Set(reasons.map(reasonText))].join(" ");
}
