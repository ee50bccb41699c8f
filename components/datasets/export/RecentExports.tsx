"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect } from "react";
import { Alert, Badge, Card, CardHeader, Table, TableEmptyRow, TBody, Td, Th, THead, Tr, type BadgeTone } from "@/components/ui";
import { apiGet, useApiErrorMessage, type ApiList } from "../api";
import { useFormatBytes } from "../format";
import { datasetKeys, useVersions } from "../queries";
import type { TaskStatus, TaskView } from "../types";
import { isTaskActive, POLL_INTERVAL_MS, taskDownloadUrl } from "../use-task";

/** Result of a completed export task. */
export type ExportResult = { rows?: number; bytes?: number; filename?: string; format?: string };

const statusTones: Record<TaskStatus, BadgeTone> = { queued: "neutral", running: "brand", completed: "success", failed: "danger" };

/** Renders the dataset's recent export tasks, newest first, with a download link for each completed one. */
export function RecentExports({ datasetId, refreshKey }: { datasetId: string; refreshKey: string }) {
  const t = useTranslations("datasets.export");
  const tTask = useTranslations("datasets.taskStatus");
  const tSplits = useTranslations("datasets.splits");
  const format = useFormatter();
  const formatBytes = useFormatBytes();
  const errorMessage = useApiErrorMessage();
  const { data: versions } = useVersions(datasetId);
  const tasks = useQuery({
    queryKey: datasetKeys.tasks(datasetId),
    queryFn: ({ signal }) => apiGet<ApiList<TaskView>>(`/datasets/${encodeURIComponent(datasetId)}/tasks`, signal).then((body) => body.data),
    refetchInterval: (query) => (query.state.data?.some((task) => task.kind === "export" && isTaskActive(task)) ? POLL_INTERVAL_MS * 3 : false),
  });
  const { refetch } = tasks;

  // A new export started or finished on this page: reload the list so it shows at once.
  useEffect(() => {
    if (refreshKey) void refetch();
  }, [refreshKey, refetch]);

  const numberById = new Map((versions ?? []).map((version) => [version.id, version.number]));
  const exports = (tasks.data ?? []).filter((task) => task.kind === "export");

  return (
    <Card>
      <CardHeader title={t("recentTitle")} description={t("recentDescription")} />
      {tasks.error && <Alert tone="error">{errorMessage(tasks.error)}</Alert>}
      <Table caption={t("recentTitle")} captionHidden className="rounded-t-none border-0">
        <THead>
          <tr>
            <Th>{t("created")}</Th>
            <Th>{t("version")}</Th>
            <Th>{t("format")}</Th>
            <Th>{t("splits")}</Th>
            <Th className="text-right">{t("rows")}</Th>
            <Th className="text-right">{t("size")}</Th>
            <Th>{t("status")}</Th>
            <Th className="text-right">
              <span className="sr-only">{t("download")}</span>
            </Th>
          </tr>
        </THead>
        <TBody>
          {exports.length === 0 && <TableEmptyRow colSpan={8}>{tasks.isPending ? t("loading") : t("recentEmpty")}</TableEmptyRow>}
          {exports.map((task) => {
            const result = (task.result ?? null) as ExportResult | null;
            const params = task.params as { format?: string; splits?: string[] };
            const number = numberById.get(task.versionId);
            return (
              <Tr key={task.id}>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(task.createdAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
                <Td className="whitespace-nowrap">{number ? t("versionNumber", { number }) : "—"}</Td>
                <Td>{params.format && t.has(`formats.${params.format}.name`) ? t(`formats.${params.format}.name`) : (params.format ?? "—")}</Td>
                <Td className="text-muted">{params.splits?.length ? format.list(params.splits.map((split) => tSplits(split))) : t("allRows")}</Td>
                <Td className="text-right tabular-nums">{result?.rows !== undefined ? format.number(result.rows) : "—"}</Td>
                <Td className="text-right tabular-nums">{result?.bytes !== undefined ? formatBytes(result.bytes) : "—"}</Td>
                <Td>
                  <Badge tone={statusTones[task.status]}>{tTask(task.status)}</Badge>
                </Td>
                <Td className="text-right">
                  {task.status === "completed" && task.fileId && (
                    <a href={taskDownloadUrl(task.id)} download className="text-sm font-medium text-brand-700 hover:underline">
                      {t("download")}
                    </a>
                  )}
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </Card>
  );
}
