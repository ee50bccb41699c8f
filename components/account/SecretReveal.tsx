"use client";

import { Alert } from "@/components/ui";
import { CopyButton } from "./CopyButton";

/**
 * Shows a value that the server returns once, such as an invitation link or a personal access token, with
 * a copy button and a warning that it cannot be shown again.
 */
export function SecretReveal({ value, warning, copyLabel, copiedLabel }: { value: string; warning: string; copyLabel: string; copiedLabel: string }) {
  return (
    <div className="space-y-3">
      <Alert tone="warning">{warning}</Alert>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 overflow-x-auto rounded-md border border-border bg-subtle px-3 py-2 font-mono text-sm break-all text-fg select-all">{value}</code>
        <CopyButton value={value} label={copyLabel} copiedLabel={copiedLabel} />
      </div>
    </div>
  );
}
