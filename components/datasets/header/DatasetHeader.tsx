"use client";

import { Archive, ArchiveRestore, Upload } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { Alert, Badge, Button, buttonClasses } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { apiSend, useApiErrorMessage } from "../api";
import { useDataset, useRefreshDataset, useVersions } from "../queries";
import { TypeBadge } from "../TypeBadge";
import type { DraftView } from "../types";
import { DraftBanner } from "./DraftBanner";

/** Renders the top of every dataset page: name, type, latest version, import and archive actions and the draft banner. */
export function DatasetHeader({ datasetId, canWrite }: { datasetId: string; canWrite: boolean }) {
  const t = useTranslations("datasets");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const refresh = useRefreshDataset(datasetId);
  const { data: dataset, error } = useDataset(datasetId);
  const { data: versions } = useVersions(datasetId);
  const [archiveOpen, setArchiveOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  if (error && !dataset) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (!dataset) return <div aria-hidden className="h-16 animate-pulse rounded-md bg-subtle" />;

  // A draft opened after the dataset was fetched shows in the version list first; its change count comes with the next fetch.
  const draftVersion = versions?.find((version) => version.status === "draft");
  const draft: DraftView | null = dataset.draft ?? (draftVersion ? { ...draftVersion, changeCount: 0 } : null);
  const archived = dataset.archivedAt !== null;

  async function setArchived(next: boolean) {
    setPending(true);
    setFailure(null);
    try {
      await apiSend("POST", `/datasets/${datasetId}/${next ? "archive" : "restore"}`);
      setArchiveOpen(false);
      refresh();
    } catch (caught) {
      setFailure(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      <nav aria-label={t("header.breadcrumb")} className="text-sm text-muted">
        <Link href="/datasets" className="hover:text-fg hover:underline">
          {t("title")}
        </Link>
        <span aria-hidden> / </span>
        <span className="text-fg">{dataset.name}</span>
      </nav>

      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold tracking-tight text-fg">{dataset.name}</h1>
            <TypeBadge type={dataset.type} />
            {archived && <Badge tone="warning">{t("header.archived")}</Badge>}
          </div>
          <p className="text-sm text-muted">
            {dataset.latestVersion
              ? t("header.latest", {
                  number: dataset.latestVersion.number ?? 0,
                  rows: format.number(dataset.latestVersion.rowCount),
                  date: format.dateTime(new Date(dataset.latestVersion.readyAt ?? dataset.latestVersion.createdAt), { dateStyle: "medium" }),
                })
              : t("header.noVersion")}
          </p>
          {dataset.description && <p className="max-w-3xl text-sm text-muted">{dataset.description}</p>}
        </div>

        {canWrite && (
          <div className="flex shrink-0 items-center gap-2">
            {!archived && (
              <Link href={`/datasets/${datasetId}/import`} className={buttonClasses("primary")}>
                <Upload className="size-4" aria-hidden />
                {t("header.import")}
              </Link>
            )}
            {archived ? (
              <Button variant="secondary" icon={<ArchiveRestore className="size-4" aria-hidden />} loading={pending} onClick={() => void setArchived(false)}>
                {t("header.restore")}
              </Button>
            ) : (
              <Button variant="ghost" icon={<Archive className="size-4" aria-hidden />} onClick={() => setArchiveOpen(true)}>
                {t("header.archive")}
              </Button>
            )}
          </div>
        )}
      </div>

      {failure !== null && !archiveOpen && <Alert tone="error">{errorMessage(failure)}</Alert>}
      <DraftBanner datasetId={datasetId} draft={draft} canWrite={canWrite} />

      <ConfirmDialog
        open={archiveOpen}
        title={t("header.archiveTitle", { name: dataset.name })}
        description={t("header.archiveDescription")}
        confirmLabel={t("header.archive")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        pending={pending}
        onConfirm={() => void setArchived(true)}
        onClose={() => setArchiveOpen(false)}
      >
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
      </ConfirmDialog>
    </div>
  );
}
