"use client";

import { Upload } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/EmptyState";
import { buttonClasses, Card } from "@/components/ui";
import { Link } from "@/i18n/navigation";

type NoVersionYetProps = {
  datasetId: string;
  canWrite: boolean;
  icon?: ReactNode;
  /** Catalogue keys below `datasets` for the title and the two bodies; the clean, split and export tabs share the default. */
  messages?: { title: string; body: string; bodyReadOnly: string };
};

const defaultMessages = { title: "noVersion.title", body: "noVersion.body", bodyReadOnly: "noVersion.bodyReadOnly" };

/** Empty state of a dataset without versions, with a link to the import wizard for users who may import. */
export function NoVersionYet({ datasetId, canWrite, icon, messages = defaultMessages }: NoVersionYetProps) {
  const t = useTranslations("datasets");
  return (
    <Card>
      <EmptyState
        icon={icon}
        title={t(messages.title)}
        description={canWrite ? t(messages.body) : t(messages.bodyReadOnly)}
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
