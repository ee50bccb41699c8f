"use client";

import { useTranslations } from "next-intl";
import { cn } from "@/components/ui";
import { Link } from "@/i18n/navigation";

export type GatewayTab = "deployments" | "keys";

/** Switches between the Deployments and API keys sub-pages; only admins see the keys tab. */
export function GatewayTabs({ active, showKeys }: { active: GatewayTab; showKeys: boolean }) {
  const t = useTranslations("gateway.tabs");
  const tabs: { key: GatewayTab; href: string }[] = [{ key: "deployments", href: "/gateway" }];
  if (showKeys) tabs.push({ key: "keys", href: "/gateway?tab=keys" });

  return (
    <nav aria-label={t("label")} className="mb-6 flex gap-1 border-b border-border">
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={active === tab.key ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            active === tab.key ? "border-brand-600 text-brand-700" : "border-transparent text-muted hover:text-fg",
          )}
        >
          {t(tab.key)}
        </Link>
      ))}
    </nav>
  );
}
