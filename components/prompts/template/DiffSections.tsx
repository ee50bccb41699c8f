"use client";

import { useTranslations } from "next-intl";
import { cn } from "@/components/ui";
import type { DiffSectionView } from "../types";

const lineClasses = {
  same: "text-fg",
  added: "bg-emerald-50 text-emerald-900",
  removed: "bg-red-50 text-red-800",
} as const;

const markers = { same: " ", added: "+", removed: "-" } as const;

/** Line-level diff of each part of two versions; unchanged parts are listed by name only. */
export function DiffSections({ sections }: { sections: DiffSectionView[] }) {
  const t = useTranslations("prompts.diff");
  const changed = sections.filter((section) => section.changed);
  const unchanged = sections.filter((section) => !section.changed);

  return (
    <div className="space-y-4">
      {changed.length === 0 && <p className="text-sm text-muted">{t("identical")}</p>}
      {changed.map((section) => (
        <section key={section.part} aria-label={t(`parts.${section.part}`)}>
          <h3 className="mb-1 text-sm font-semibold">{t(`parts.${section.part}`)}</h3>
          <pre className="max-h-[32rem] overflow-auto rounded-md border border-border bg-subtle/40 py-1 font-mono text-xs leading-5">
            {section.lines.map((line, index) => (
              <div key={index} className={cn("px-2 break-words whitespace-pre-wrap", lineClasses[line.kind])}>
                <span aria-hidden className="mr-2 inline-block w-3 select-none text-muted">
                  {markers[line.kind]}
                </span>
                {line.kind === "added" && <span className="sr-only">{t("addedLine")}</span>}
                {line.kind === "removed" && <span className="sr-only">{t("removedLine")}</span>}
                {line.text || " "}
              </div>
            ))}
          </pre>
        </section>
      ))}
      {unchanged.length > 0 && (
        <p className="text-xs text-muted">{t("unchanged", { parts: unchanged.map((section) => t(`parts.${section.part}`)).join(", ") })}</p>
      )}
    </div>
  );
}
