"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { isApiRequestError, useApiErrorMessage } from "@/components/datasets/api";
import { FIELD_IDS } from "./field-ids";
import type { FormIssue } from "./form-state";

/** Returns a function that translates a form issue, naming tasks, methods and dataset types in the user's language. */
export function useIssueText(): (issue: FormIssue) => string {
  const t = useTranslations("fineTuning");
  const tTypes = useTranslations("datasets.types");
  return useCallback(
    (issue: FormIssue) => {
      const values: Record<string, string | number> = { ...issue.values };
      if (typeof values.task === "string" && t.has(`tasks.${values.task}`)) values.task = t(`tasks.${values.task}`);
      if (typeof values.method === "string" && t.has(`methods.${values.method}`)) values.method = t(`methods.${values.method}`);
      for (const key of ["type", "expected"] as const) {
        const type = values[key];
        if (typeof type === "string" && tTypes.has(type)) values[key] = tTypes(type);
      }
      return t(`launch.issues.${issue.key}`, values);
    },
    [t, tTypes],
  );
}

/** A failed plan or launch, split into messages shown next to form fields and messages shown above the form. */
export type ApiFailureText = { byField: Map<string, string>; general: string[] };

/**
 * Returns a function that places an API failure next to the fields it names. A failure with a reason has a
 * translated message for the fields it lists. Field errors without a reason come from the API's input
 * schema, whose English texts are replaced by a translated "invalid value".
 */
export function useApiFailureText(): (error: unknown) => ApiFailureText {
  const t = useTranslations("fineTuning.launch.issues");
  const errorMessage = useApiErrorMessage();
  return useCallback(
    (error: unknown) => {
      const byField = new Map<string, string>();
      const general: string[] = [];
      const fields = isApiRequestError(error) ? Object.keys(error.fields ?? {}) : [];
      const withReason = isApiRequestError(error) && error.reason !== undefined;

      for (const field of fields) {
        const text = withReason ? errorMessage(error) : t("invalid");
        if (FIELD_IDS[field]) byField.set(field, text);
        else if (!withReason) general.push(t("invalidField", { field }));
        else if (!general.includes(text)) general.push(text);
      }
      if (fields.length === 0) general.push(errorMessage(error));
      return { byField, general };
    },
    [errorMessage, t],
  );
}
