"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { ErrorCode, FieldErrors } from "@/lib/errors";

export type ActionFailure = { code: ErrorCode; fieldErrors?: FieldErrors; retryAfterSeconds?: number };

/**
 * Calls a server action from a form or button and keeps its pending state and last failure, so the
 * component can show field errors next to inputs and other failures in an alert.
 */
export function useServerAction<Input, Output>(action: (input: Input) => Promise<ActionResult<Output>>) {
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  function run(input: Input, onSuccess?: (data: Output) => void | Promise<void>, onFailure?: (failure: ActionFailure) => void) {
    startTransition(async () => {
      const result = await action(input);
      if (!result.ok) {
        setFailure(result.error);
        onFailure?.(result.error);
        return;
      }
      setFailure(null);
      await onSuccess?.(result.data);
    });
  }

  return { run, pending, failure, clearFailure: () => setFailure(null) };
}

/** Returns the first reason the action gave for rejecting `field`, or undefined when the field was accepted. */
export function firstFieldError(failure: ActionFailure | null, field: string): string | undefined {
  return failure?.fieldErrors?.[field]?.[0];
}

/**
 * Returns true when the failure has field errors for at least one of `fields`, so the form shows them
 * inline and needs no separate alert.
 */
export function hasFieldErrors(failure: ActionFailure | null, fields: readonly string[]): boolean {
  return fields.some((field) => firstFieldError(failure, field) !== undefined);
}

/** A translator scoped to a namespace that has `fieldErrors.<code>` and `fieldErrors.<field>` messages. */
export type FieldErrorTranslator = { (key: string): string; has(key: string): boolean };

/**
 * Translates the first error of `field`. Domain errors carry a snake_case code such as "taken", which has
 * its own message; zod's English messages fall back to the field's generic hint, e.g. "At least 12 characters".
 */
export function fieldErrorText(t: FieldErrorTranslator, failure: ActionFailure | null, field: string): string | undefined {
  const reason = firstFieldError(failure, field);
  if (reason === undefined) return undefined;

  const isCode = /^[a-z_]+$/.test(reason);
  if (isCode && t.has(`fieldErrors.${reason}`)) return t(`fieldErrors.${reason}`);
  return t(`fieldErrors.${field}`);
}
