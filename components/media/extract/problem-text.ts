"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { isApiRequestError } from "@/components/datasets/api";
import { keywordMessageFor, TRANSLATED_SCHEMA_KEYWORDS } from "@/components/playground/schema-error-text";
import { useMediaExtractErrorMessage } from "../ask/vision-models";
import type { Violation } from "./types";

type Values = Record<string, string | number>;

/**
 * Keywords with their own entry in mediaExtract.problems.keywords: ajv's common keywords, "json" for model
 * output that does not parse, and the schema checks of lib/media/extract/validate.ts and
 * lib/playground/json-schema.ts. Any other keyword gets the `other` entry, which still names it.
 */
export const TRANSLATED_KEYWORDS = [...TRANSLATED_SCHEMA_KEYWORDS, "topLevelType", "topLevelProperties"] as const;

/** Reasons of a rejected schema whose params carry an ajv keyword to translate. */
const SCHEMA_REASONS = ["mediaExtract.invalid_schema", "mediaExtract.schema_not_object"];

/**
 * Returns the catalogue key (under mediaExtract.problems.keywords) and ICU values for one violation. A param
 * the entry needs but the server left out shows as "?", so an older stored error still formats.
 */
export function keywordMessage(keyword: string, params: Values | undefined): { key: string; values: Values } {
  return keywordMessageFor(keyword, params, TRANSLATED_KEYWORDS);
}

/** Keeps ICU values plain strings or numbers, whatever the API stored. */
function plainValues(params: Record<string, unknown> | undefined): Values {
  const values: Values = {};
  for (const [name, value] of Object.entries(params ?? {})) values[name] = typeof value === "number" ? value : String(value);
  return values;
}

/**
 * Returns the JSON Pointer shown before a violation. ajv reports a missing required property on the object
 * that lacks it, so the property's name is appended to point at the empty field itself.
 */
export function violationPath(violation: Violation): string {
  const missing = violation.params?.missingProperty;
  if (violation.keyword === "required" && missing !== undefined) return `${violation.path}/${String(missing).replace(/~/g, "~0").replace(/\//g, "~1")}`;
  return violation.path || "/";
}

/**
 * Returns a function that writes one entry of a result's problem column in the console's language: an ajv
 * violation as "<path>: <translated keyword message>", and the call failure of an error result by its kind
 * (errors.reasons.llm.<kind>, else a generic message that names the kind).
 */
export function useProblemText(): (violation: Violation, resultStatus: string) => string {
  const t = useTranslations("mediaExtract.problems");
  const tErrors = useTranslations("errors.reasons.llm");
  return useCallback(
    (violation: Violation, resultStatus: string) => {
      const params = plainValues(violation.params);
      if (resultStatus === "error") {
        if (tErrors.has(violation.keyword)) return tErrors(violation.keyword, { status: "?", ...params });
        return t("callFailed", { kind: violation.keyword });
      }
      const { key, values } = keywordMessage(violation.keyword, params);
      return t("atPath", { path: violationPath(violation), detail: t(`keywords.${key}`, values) });
    },
    [t, tErrors],
  );
}

/**
 * Returns the extraction pages' error translator. A rejected schema is translated from its ajv keyword and
 * params, because the server's `message` param is English. Every other failure goes to
 * useMediaExtractErrorMessage.
 */
export function useExtractErrorText(): (error: unknown) => string {
  const t = useTranslations("mediaExtract");
  const general = useMediaExtractErrorMessage();
  return useCallback(
    (error: unknown) => {
      if (!isApiRequestError(error) || !error.reason || !SCHEMA_REASONS.includes(error.reason)) return general(error);
      const params = plainValues(error.params);
      const { key, values } = keywordMessage(String(params.keyword ?? "compile"), params);
      const reasonKey = error.reason.slice("mediaExtract.".length);
      return t(`reasons.${reasonKey}`, { path: String(params.path ?? "/"), detail: t(`problems.keywords.${key}`, values) });
    },
    [t, general],
  );
}
