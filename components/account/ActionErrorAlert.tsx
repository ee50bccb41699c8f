"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui";
import type { ActionFailure } from "./use-server-action";

/** Shows a failed action's error code as the translated `errors.<CODE>` message. */
export function ActionErrorAlert({ failure, className }: { failure: ActionFailure | null; className?: string }) {
  const t = useTranslations("errors");
  if (!failure) return null;
  return (
    <Alert tone="error" className={className}>
      {t(failure.code)}
    </Alert>
  );
}
