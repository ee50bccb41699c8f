"use client";

import { Download, FileOutput } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Alert, Button, buttonClasses, Card, CardBody, CardFooter, FieldSet } from "@/components/ui";
import { SPLITS } from "@/lib/datasets/model";
import type { ExportFormat } from "@/lib/datasets/transform/export";
import { apiSend, useApiErrorMessage, type ApiItem } from "../api";
import { useFormatBytes } from "../format";
import { NoVersionYet } from "../NoVersionYet";
import { useVersion } from "../queries";
import { TabHeader } from "../TabHeader";
import { TaskProgress } from "../TaskProgress";
import type { TaskView } from "../types";
import { taskDownloadUrl } from "../use-task";
import { useSelectedVersion } from "../use-selected-version";
import { VersionPicker } from "../VersionPicker";
import { RecentExports, type ExportResult } from "./RecentExports";

export const EXPORT_FORMAT_ORDER: readonly ExportFormat[] = ["openai", "alpaca", "sharegpt", "csv"];
const SPLIT_FILTERS = [...SPLITS, "none"] as const;
type SplitFilter = (typeof SPLIT_FILTERS)[number];

/**
 * Renders the Export tab: pick a format and optionally some splits, run the export task and download the
 * file. Formats the dataset type cannot be written in are disabled.
 */
export function ExportPanel({ datasetId, canWrite, supportedFormats }: { datasetId: string; canWrite: boolean; supportedFormats: ExportFormat[] }) {
  const t = useTranslations("datasets.export");
  const tSplits = useTranslations("datasets.splits");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const formatBytes = useFormatBytes();
  const errorMessage = useApiErrorMessage();
  const id = useId();
  const { selected, query } = useSelectedVersion(datasetId);
  const { data: versionDetail } = useVersion(datasetId, selected?.id ?? null);
  const [exportFormat, setExportFormat] = useState<ExportFormat>(supportedFormats[0] ?? "openai");
  const [splits, setSplits] = useState<Set<SplitFilter>>(new Set(SPLIT_FILTERS));
  const [taskId, setTaskId] = useState<string | null>(null);
  const [done, setDone] = useState<TaskView | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  if (query.isPending) return <p className="text-sm text-muted">{tCommon("loading")}</p>;
  if (!selected) return <NoVersionYet datasetId={datasetId} canWrite={canWrite} icon={<FileOutput className="size-6" />} />;
  const versionId = selected.id;

  const perSplit = versionDetail?.stats?.perSplit;
  // The split filter matters only once rows carry splits; before that every row is "none".
  const hasSplits = perSplit !== undefined && perSplit.train + perSplit.validation + perSplit.test > 0;
  const allSplits = splits.size === SPLIT_FILTERS.length;
  const running = taskId !== null;

  function toggleSplit(split: SplitFilter, checked: boolean) {
    const next = new Set(splits);
    if (checked) next.add(split);
    else next.delete(split);
    setSplits(next);
  }

  async function submit() {
    setPending(true);
    setFailure(null);
    setDone(null);
    try {
      const body = { format: exportFormat, ...(hasSplits && !allSplits ? { splits: [...splits] } : {}) };
      const { data } = await apiSend<ApiItem<TaskView>>("POST", `/dataset-versions/${versionId}/exports`, body);
      setTaskId(data.id);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const result = (done?.result ?? null) as ExportResult | null;

  return (
    <div className="space-y-6">
      <TabHeader title={t("title")} description={t("description")} actions={<VersionPicker datasetId={datasetId} />} />
      {!canWrite && <Alert tone="info">{t("readOnly")}</Alert>}

      {canWrite && (
        <Card>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <CardBody className="space-y-6">
              <FieldSet legend={t("format")}>
                <div className="grid gap-3 sm:grid-cols-2">
                  {EXPORT_FORMAT_ORDER.map((value) => {
                    const supported = supportedFormats.includes(value);
                    return (
                      <label
                        key={value}
                        htmlFor={`${id}-${value}`}
                        className="flex items-start gap-2 rounded-md border border-border p-3 has-checked:border-brand-500 has-checked:bg-brand-50/50 has-disabled:opacity-60"
                      >
                        <input
                          id={`${id}-${value}`}
                          type="radio"
                          name={`${id}-format`}
                          value={value}
                          checked={exportFormat === value}
                          disabled={!supported || running}
                          onChange={() => setExportFormat(value)}
                          className="mt-0.5 size-4 accent-brand-600"
                        />
                        <span>
                          <span className="block text-sm font-medium">{t(`formats.${value}.name`)}</span>
                          <span className="block text-xs text-muted">{supported ? t(`formats.${value}.description`) : t("unsupported")}</span>
                        </span>
                      </label>
                    );
                  })}
                </div>
              </FieldSet>

              {hasSplits && (
                <FieldSet legend={t("splits")}>
                  <p className="-mt-2 text-xs text-muted">{t("splitsHint")}</p>
                  <div className="flex flex-wrap gap-4">
                    {SPLIT_FILTERS.map((split) => (
                      <div key={split} className="flex items-center gap-2">
                        <input
                          id={`${id}-split-${split}`}
                          type="checkbox"
                          className="size-4 accent-brand-600"
                          checked={splits.has(split)}
                          disabled={running}
                          onChange={(event) => toggleSplit(split, event.target.checked)}
                        />
                        <label htmlFor={`${id}-split-${split}`} className="text-sm">
                          {tSplits(split)} <span className="text-muted">({format.number(perSplit?.[split] ?? 0)})</span>
                        </label>
                      </div>
                    ))}
                  </div>
                  {splits.size === 0 && (
                    <p role="alert" className="text-xs font-medium text-red-600">
                      {t("splitsEmpty")}
                    </p>
                  )}
                </FieldSet>
              )}
            </CardBody>
            <CardFooter>
              <Button type="submit" loading={pending} disabled={running || !supportedFormats.includes(exportFormat) || (hasSplits && splits.size === 0)}>
                {t("submit", { number: selected.number ?? 0 })}
              </Button>
            </CardFooter>
          </form>
        </Card>
      )}

      {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}

      {taskId && (
        <Card>
          <CardBody>
            <TaskProgress
              taskId={taskId}
              label={t("running")}
              onCompleted={(task) => {
                setDone(task);
                setTaskId(null);
              }}
            />
          </CardBody>
        </Card>
      )}

      {done && (
        <Alert tone="success" title={t("doneTitle")}>
          {result && <p>{t("doneBody", { filename: result.filename ?? "", rows: format.number(result.rows ?? 0), size: formatBytes(result.bytes ?? 0) })}</p>}
          <a href={taskDownloadUrl(done.id)} download className={buttonClasses("primary", "sm", "mt-3")}>
            <Download className="size-4" aria-hidden />
            {t("download")}
          </a>
        </Alert>
      )}

      <RecentExports datasetId={datasetId} refreshKey={done?.id ?? taskId ?? ""} />
    </div>
  );
}
