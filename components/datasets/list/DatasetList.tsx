"use client";

import { useQuery } from "@tanstack/react-query";
import { Database, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Badge, Button, Card, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { apiGet, apiUrl, useApiErrorMessage, type ApiList } from "../api";
import { datasetKeys } from "../queries";
import { TypeBadge } from "../TypeBadge";
import type { DatasetView } from "../types";
import { NewDatasetDialog } from "./NewDatasetDialog";

/** Renders the datasets page body: the list of the workspace's datasets and the "New dataset" flow. */
export function DatasetList({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("datasets");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const archivedId = useId();
  const [creating, setCreating] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const { data: datasets, error, isPending, refetch } = useQuery({
    queryKey: [...datasetKeys.list(), { showArchived }],
    queryFn: ({ signal }) => apiGet<ApiList<DatasetView>>(apiUrl("/datasets", { includeArchived: showArchived || undefined }), signal).then((body) => body.data),
  });

  const newButton = canWrite && (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
      {t("list.new")}
    </Button>
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={newButton} />

      {error && (
        <Alert tone="error" className="mb-4">
          {errorMessage(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      )}

      <div className="mb-3 flex items-center gap-2">
        <input
          id={archivedId}
          type="checkbox"
          className="size-4 accent-brand-600"
          checked={showArchived}
          onChange={(event) => setShowArchived(event.target.checked)}
        />
        <label htmlFor={archivedId} className="text-sm">
          {t("list.showArchived")}
        </label>
      </div>

      {isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}

      {datasets && datasets.length === 0 && (
        <Card>
          <EmptyState
            icon={<Database className="size-6" />}
            title={t("list.emptyTitle")}
            description={canWrite ? t("list.emptyBody") : t("list.emptyBodyReadOnly")}
            actions={newButton || undefined}
          />
        </Card>
      )}

      {datasets && datasets.length > 0 && (
        <Table caption={t("list.caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("list.name")}</Th>
              <Th>{t("list.type")}</Th>
              <Th>{t("list.latestVersion")}</Th>
              <Th className="text-right">{t("list.rows")}</Th>
              <Th>{t("list.updated")}</Th>
            </tr>
          </THead>
          <TBody>
            {datasets.map((dataset) => (
              <Tr key={dataset.id}>
                <Td>
                  <Link href={`/datasets/${dataset.id}`} className="font-medium text-brand-700 hover:underline">
                    {dataset.name}
                  </Link>
                  {dataset.archivedAt && (
                    <Badge tone="warning" className="ml-2">
                      {t("header.archived")}
                    </Badge>
                  )}
                  {dataset.description && <p className="mt-0.5 line-clamp-1 max-w-md text-xs text-muted">{dataset.description}</p>}
                </Td>
                <Td>
                  <TypeBadge type={dataset.type} />
                </Td>
                <Td className="text-muted">
                  {dataset.latestVersion ? t("versions.number", { number: dataset.latestVersion.number ?? 0 }) : t("list.noVersion")}
                </Td>
                <Td className="text-right tabular-nums">{dataset.latestVersion ? format.number(dataset.latestVersion.rowCount) : "—"}</Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(dataset.updatedAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {canWrite && <NewDatasetDialog open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
