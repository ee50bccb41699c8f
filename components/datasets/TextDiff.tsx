"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { diffText } from "./text-diff";

/**
 * Shows two texts side by side with the changed spans marked: removed text struck through in red on the
 * left, added text in green on the right. Uses <del> and <ins>, which assistive technology can report.
 */
export function TextDiff({ before, after }: { before: string; after: string }) {
  const t = useTranslations("datasets.diffText");
  const segments = useMemo(() => diffText(before, after), [before, after]);

  return (
    <div className="grid gap-2 md:grid-cols-2">
      <div className="min-w-0">
        <p className="mb-1 text-xs font-medium text-muted">{t("before")}</p>
        <p className="rounded-md border border-border bg-subtle/60 p-2 font-mono text-xs break-words whitespace-pre-wrap">
          {segments.map((segment, index) =>
            segment.kind === "added" ? null : segment.kind === "removed" ? (
              <del key={index} className="rounded-sm bg-red-100 text-red-800 decoration-red-500">
                {segment.text}
              </del>
            ) : (
              <span key={index}>{segment.text}</span>
            ),
          )}
        </p>
      </div>
      <div className="min-w-0">
        <p className="mb-1 text-xs font-medium text-muted">{t("after")}</p>
        <p className="rounded-md border border-border bg-subtle/60 p-2 font-mono text-xs break-words whitespace-pre-wrap">
          {segments.map((segment, index) =>
            segment.kind === "removed" ? null : segment.kind === "added" ? (
              <ins key={index} className="rounded-sm bg-emerald-100 text-emerald-900 no-underline">
                {segment.text}
              </ins>
            ) : (
              <span key={index}>{segment.text}</span>
            ),
          )}
        </p>
      </div>
    </div>
  );
}
