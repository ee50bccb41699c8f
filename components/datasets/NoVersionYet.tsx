"use client";

import { Upload } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/EmptyState";
import { buttonClasses, Card } from "@/components/ui";
import { Link } from "@/i18n/navigation";

/** Empty state of tabs that work on a version (clean, split, export) when the dataset has none yet. */
export function NoVersionYet({ datasetId, canWrite, icon }: { datasetId: string; canWrite: boolean; icon?: ReactNode }) {
  const t = useTranslations("datasets");
  return (
    <Card>
      <EmptyState
        icon={icon}
        title={t("noVersion.title")}
        description={canWrite ? t("noVersion.body") : t("noVersion.bodyReadOnly")}
        actions={
          canWrite ? (
            <Link href={`/datasets/${datasetId}/import`} className={buttonClasses("primary")}>
              <Upload className="size-4" aria-hidden />
              {t("header.import")}
            </Link>
          ) : undefined
        }
      />
    </Card>
  );
}
