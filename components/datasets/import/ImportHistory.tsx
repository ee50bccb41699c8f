"use client";

import { useQuery } from "@tanstack/react-query";
import { FileUp, Upload } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Badge, buttonClasses, Card, Table, TBody, Td, Th, THead, Tr, type BadgeTone } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { apiGet, useApiErrorMessage, type ApiList } from "../api";
import { useFormatBytes } from "../format";
import { datasetKeys } from "../queries";
import { TabHeader } from "../TabHeader";
import { TypeBadge } from "../TypeBadge";
import { toNumber, type ImportStatus, type ImportView } from "../types";
import { POLL_INTERVAL_MS } from "../use-task";
import { IMPORT_PARAM } from "./ImportWizard";
import { isImportActive } from "./use-import";

const statusTones: Record<ImportStatus, BadgeTone> = {
  queued: "neutral",
  analyzing: "brand",
  review: "warning",
  importing: "brand",
  completed: "success",
  failed: "danger",
  cancelled: "neutral",
};

/** Renders the dataset's 50 newest imports with their state and outcome, refreshed while one of them runs. */
export function ImportHistory({ datasetId, canWrite }: { datasetId: string; canWrite: boolean }) {
  const t = useTranslations("datasets.history");
  const tStatus = useTranslations("datasets.importStatus");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const formatBytes = useFormatBytes();
  const errorMessage = useApiErrorMessage();
  const { data: imports, error, isPending } = useQuery({
    queryKey: datasetKeys.imports(datasetId),
    queryFn: ({ signal }) => apiGet<ApiList<ImportView>>(`/datasets/${encodeURIComponent(datasetId)}/imports`, signal).then((body) => body.data),
    refetchInterval: (query) => (query.state.data?.some((item) => isImportActive(item.status)) ? POLL_INTERVAL_MS * 3 : false),
  });

  const newImport = canWrite && (
    <Link href={`/datasets/${datasetId}/import`} className={buttonClasses("primary")}>
      <Upload className="size-4" aria-hidden />
      {t("new")}
    </Link>
  );

  return (
    <div className="space-y-4">
      <TabHeader title={t("title")} description={t("description")} actions={newImport} />
      {error && <Alert tone="error">{errorMessage(error)}</Alert>}
      {isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}

      {imports && imports.length === 0 && (
        <Card>
          <EmptyState
            icon={<FileUp className="size-6" />}
            title={t("emptyTitle")}
            description={canWrite ? t("emptyBody") : t("emptyBodyReadOnly")}
            actions={newImport || undefined}
          />
        </Card>
      )}

      {imports && imports.length > 0 && (
        <Table caption={t("title")} captionHidden>
          <THead>
            <tr>
              <Th>{t("started")}</Th>
              <Th>{t("status")}</Th>
              <Th>{t("format")}</Th>
              <Th>{t("type")}</Th>
              <Th className="text-right">{t("size")}</Th>
              <Th className="text-right">{t("valid")}</Th>
              <Th className="text-right">{t("invalid")}</Th>
              <Th className="text-right">
                <span className="sr-only">{t("actions")}</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {imports.map((item) => (
              <Tr key={item.id}>
                <Td className="whitespace-nowrap">{format.dateTime(new Date(item.createdAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
                <Td>
                  <Badge tone={statusTones[item.status]}>{tStatus(item.status)}</Badge>
                </Td>
                <Td className="text-muted uppercase">{item.format ?? "—"}</Td>
                <Td>{item.mapping?.type || item.detectedType ? <TypeBadge type={item.mapping?.type ?? item.detectedType} /> : "—"}</Td>
                <Td className="text-right text-muted tabular-nums">{formatBytes(toNumber(item.bytesTotal))}</Td>
                <Td className="text-right tabular-nums">{format.number(item.rowsValid)}</Td>
                <Td className="text-right tabular-nums">{format.number(item.rowsInvalid)}</Td>
                <Td className="text-right whitespace-nowrap">
                  {item.status === "completed" && item.versionId ? (
                    <Link href={`/datasets/${datasetId}?v=${item.versionId}`} className="text-sm font-medium text-brand-700 hover:underline">
                      {t("openVersion")}
                    </Link>
                  ) : (
                    <Link href={`/datasets/${datasetId}/import?${IMPORT_PARAM}=${item.id}`} className="text-sm font-medium text-brand-700 hover:underline">
                      {item.status === "review" && canWrite ? t("continue") : t("details")}
                    </Link>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
