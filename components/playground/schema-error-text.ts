"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";

/**
 * Keywords with their own message in playground.schemaErrors: ajv's keywords, "json" for output that does not
 * parse, and the schema checks lib/playground/json-schema.ts adds. Any other keyword gets the `other` message.
 */
export const TRANSLATED_SCHEMA_KEYWORDS = [
  "type",
  "required",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "pattern",
  "additionalProperties",
  "format",
  "json",
  "schemaTooLong",
  "unsupportedDraft",
  "missingRef",
  "compile",
] as const;

export type SchemaErrorParams = Record<string, string | number>;

/**
 * Returns the message key and ICU values for one schema error, where `translated` lists the keywords that
 * have their own message and any other keyword gets `other`. Params a message needs but the server left out
 * show as "?", so an older or partial error still formats.
 */
export function keywordMessageFor(keyword: string, params: SchemaErrorParams | undefined, translated: readonly string[]): { key: string; values: SchemaErrorParams } {
  const values = {
    type: "?",
    missingProperty: "?",
    allowedValues: "?",
    allowedValue: "?",
    limit: "?",
    pattern: "?",
    additionalProperty: "?",
    format: "?",
    declared: "?",
    missingRef: "?",
    ...params,
    keyword,
  };
  return { key: translated.includes(keyword) ? keyword : "other", values };
}

/** Returns the playground.schemaErrors key and ICU values for one schema error. */
export function schemaErrorMessage(keyword: string, params: SchemaErrorParams | undefined): { key: string; values: SchemaErrorParams } {
  return keywordMessageFor(keyword, params, TRANSLATED_SCHEMA_KEYWORDS);
}

/** Returns a function that translates a schema error from its ajv `keyword` and `params`, in place of ajv's English message. */
export function useSchemaErrorText(): (keyword: string, params: SchemaErrorParams | undefined) => string {
  const t = useTranslations("playground.schemaErrors");
  return useCallback(
    (keyword: string, params: SchemaErrorParams | undefined) => {
      const { key, values } = schemaErrorMessage(keyword, params);
      return t(key, values);
    },
    [t],
  );
}
