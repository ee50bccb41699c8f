"use client";

import { useTranslations } from "next-intl";
import { cn } from "@/components/ui";
import { Link } from "@/i18n/navigation";

export type FineTuningTab = "jobs" | "models" | "baseModels" | "compare";

const TABS: { key: FineTuningTab; href: string }[] = [
  { key: "jobs", href: "/fine-tuning" },
  { key: "models", href: "/fine-tuning?tab=models" },
  { key: "baseModels", href: "/fine-tuning/base-models" },
  { key: "compare", href: "/fine-tuning/compare" },
];

/** Switches between the fine-tuning pages: jobs, model versions, base models and the comparison. */
export function FineTuningTabs({ active }: { active: FineTuningTab }) {
  const t = useTranslations("fineTuning.tabs");

  return (
    <nav aria-label={t("label")} className="mb-6 flex gap-1 overflow-x-auto border-b border-border">
      {TABS.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={active === tab.key ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
            active === tab.key ? "border-brand-600 text-brand-700" : "border-transparent text-muted hover:text-fg",
          )}
        >
          {t(tab.key)}
        </Link>
      ))}
    </nav>
  );
}
