import { ALL_MODELS } from "@/lib/gateway/admin/schemas";
import type { Currency } from "@/lib/llm/types";
import type { ApiKeyView } from "./types";

/** The API key dialog's fields and their conversion to the API body. Numbers stay strings while typing. */
export type KeyFormState = {
  name: string;
  allowAll: boolean;
  allowed: string[];
  rpmLimit: string;
  tpmLimit: string;
  monthlyBudget: string;
  budgetCurrency: Currency;
  /** `YYYY-MM-DDTHH:mm` in the browser's time zone, as <input type="datetime-local"> uses; "" for never. */
  expiresAt: string;
  cacheEnabled: boolean;
  storeContent: boolean;
  fineTuningEnabled: boolean;
};

function localDateTime(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function initialKeyForm(key?: ApiKeyView): KeyFormState {
  const allowAll = !key || key.allowedModels.includes(ALL_MODELS);
  return {
    name: key?.name ?? "",
    allowAll,
    allowed: allowAll ? [] : (key?.allowedModels ?? []),
    rpmLimit: key?.rpmLimit?.toString() ?? "",
    tpmLimit: key?.tpmLimit?.toString() ?? "",
    monthlyBudget: key?.monthlyBudget?.toString() ?? "",
    budgetCurrency: key?.budgetCurrency ?? "CNY",
    expiresAt: key?.expiresAt ? localDateTime(key.expiresAt) : "",
    cacheEnabled: key?.cacheEnabled ?? true,
    storeContent: key?.storeContent ?? false,
    fineTuningEnabled: key?.fineTuningEnabled ?? false,
  };
}

const optionalNumber = (text: string) => (text.trim() === "" ? null : Number(text));

function sameEntries(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && [...left].sort().join("\n") === [...right].sort().join("\n");
}

/**
 * Builds the POST or PATCH body. An edit sends allowedModels only when it changed, so a key that still lists
 * a since-deleted deployment can have its limits changed without first cleaning up that list.
 */
export function keyFormBody(state: KeyFormState, existing?: ApiKeyView): Record<string, unknown> {
  const allowedModels = state.allowAll ? [ALL_MODELS] : state.allowed;
  const body: Record<string, unknown> = {
    name: state.name.trim(),
    rpmLimit: optionalNumber(state.rpmLimit),
    tpmLimit: optionalNumber(state.tpmLimit),
    monthlyBudget: optionalNumber(state.monthlyBudget),
    budgetCurrency: state.budgetCurrency,
    expiresAt: state.expiresAt ? new Date(state.expiresAt).toISOString() : null,
    cacheEnabled: state.cacheEnabled,
    storeContent: state.storeContent,
    fineTuningEnabled: state.fineTuningEnabled,
  };
  if (!existing || !sameEntries(existing.allowedModels, allowedModels)) body.allowedModels = allowedModels;
  return body;
}
