"use client";

import { useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { Link, usePathname } from "@/i18n/navigation";
import { VERSION_PARAM } from "../use-selected-version";

/** Tabs of a dataset in display order; `segment` is the path below /datasets/<id>. */
const TABS = [
  { key: "overview", segment: "" },
  { key: "rows", segment: "rows" },
  { key: "label", segment: "label" },
  { key: "stats", segment: "stats" },
  { key: "clean", segment: "clean" },
  { key: "split", segment: "split" },
  { key: "export", segment: "export" },
  { key: "imports", segment: "imports" },
] as const;

/** Returns the tab segment of a path below the dataset; the import wizard counts as part of Imports. */
function activeSegment(pathname: string, basePath: string): string {
  const rest = pathname.slice(basePath.length).replace(/^\/+/, "");
  const first = rest.split("/")[0] ?? "";
  return first === "import" ? "imports" : first;
}

/**
 * Links to the dataset's pages, keeping the chosen version (`?v=`) so each tab opens on the same version.
 * These are navigation links, so they use aria-current rather than the ARIA tab pattern.
 */
export function DatasetTabs({ datasetId }: { datasetId: string }) {
  const t = useTranslations("datasets.tabs");
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const basePath = `/datasets/${datasetId}`;
  const current = activeSegment(pathname, basePath);
  const version = searchParams.get(VERSION_PARAM);

  return (
    <nav aria-label={t("navigation")} className="overflow-x-auto border-b border-border">
      <ul className="flex gap-1">
        {TABS.map((tab) => {
          const active = tab.segment === current;
          const path = tab.segment ? `${basePath}/${tab.segment}` : basePath;
          return (
            <li key={tab.key}>
              <Link
                href={version ? `${path}?${VERSION_PARAM}=${encodeURIComponent(version)}` : path}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors",
                  "focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-500",
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-muted hover:border-border hover:text-fg",
                )}
              >
                {t(tab.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
