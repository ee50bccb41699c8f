"use client";

import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { Link, usePathname } from "@/i18n/navigation";

/** Tabs between the prompt templates and their experiments, shown above the experiment pages. */
export function ExperimentsNav() {
  const t = useTranslations("experiments.nav");
  const pathname = usePathname();
  const onExperiments = pathname.startsWith("/prompts/experiments");
  const tabs = [
    { href: "/prompts", label: t("prompts"), current: !onExperiments },
    { href: "/prompts/experiments", label: t("experiments"), current: onExperiments },
  ];

  return (
    <nav aria-label={t("label")} className="mb-6 flex gap-1 border-b border-border">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.current ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            tab.current ? "border-brand-600 text-brand-700" : "border-transparent text-muted hover:text-fg",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
