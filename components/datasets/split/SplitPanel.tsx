"use client";

import { Shuffle, SplitSquareHorizontal } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Alert, Button, buttonClasses, Card, CardBody, CardFooter, FieldSet, FormField, Input, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { SPLITS, type Split } from "@/lib/datasets/model";
import { apiSend, useApiErrorMessage, type ApiItem } from "../api";
import { NoVersionYet } from "../NoVersionYet";
import { useDataset, useRefreshDataset, useVersion } from "../queries";
import { TabHeader } from "../TabHeader";
import { TaskProgress } from "../TaskProgress";
import type { TaskView } from "../types";
import { useSelectedVersion } from "../use-selected-version";
import { VersionPicker } from "../VersionPicker";
import { MAX_SEED, parseRatios, parseSeed, ratiosAddUp, ratiosSum } from "./split-ratios";

const SPLIT_COLORS: Record<Split, string> = { train: "bg-brand-600", validation: "bg-amber-500", test: "bg-emerald-600" };

type SplitResult = { versionNumber?: number; perSplit?: Record<Split | "none", number> };

/** Renders the Split tab: ratios, a seed and optional stratification, run as a task that writes a new version. */
export function SplitPanel({ datasetId, canWrite }: { datasetId: string; canWrite: boolean }) {
  const t = useTranslations("datasets.split");
  const tSplits = useTranslations("datasets.splits");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const refresh = useRefreshDataset(datasetId);
  const id = useId();
  const { data: dataset } = useDataset(datasetId);
  const { selected, query } = useSelectedVersion(datasetId);
  const { data: versionDetail } = useVersion(datasetId, selected?.id ?? null);
  const [ratioTexts, setRatioTexts] = useState<Record<Split, string>>({ train: "0.8", validation: "0.1", test: "0.1" });
  const [seedText, setSeedText] = useState("42");
  const [stratify, setStratify] = useState(false);
  const [message, setMessage] = useState("");
  const [taskId, setTaskId] = useState<string | null>(null);
  const [done, setDone] = useState<TaskView | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  if (query.isPending) return <p className="text-sm text-muted">{tCommon("loading")}</p>;
  if (!selected) return <NoVersionYet datasetId={datasetId} canWrite={canWrite} icon={<SplitSquareHorizontal className="size-6" />} />;
  const versionId = selected.id;

  const ratios = parseRatios(ratioTexts);
  const seed = parseSeed(seedText);
  const sum = ratios ? ratiosSum(ratios) : null;
  const ratiosError = !ratios ? t("ratioInvalid") : !ratiosAddUp(ratios) ? t("ratioSum", { sum: format.number(sum ?? 0, { maximumFractionDigits: 4 }) }) : null;
  // Stratifying needs labels: classification datasets, or any version whose rows carry labels.
  const canStratify = dataset?.type === "classification" || (versionDetail?.stats?.labelCount ?? 0) > 0;
  const running = taskId !== null;
  const currentSplits = versionDetail?.stats?.perSplit;

  async function submit() {
    if (!ratios || ratiosError || seed === null) return;
    setPending(true);
    setFailure(null);
    setDone(null);
    try {
      const body = { ratios, seed, stratify: canStratify && stratify, ...(message.trim() ? { message: message.trim() } : {}) };
      const { data } = await apiSend<ApiItem<TaskView>>("POST", `/dataset-versions/${versionId}/split`, body);
      setTaskId(data.id);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const result = (done?.result ?? null) as SplitResult | null;
  const resultTotal = result?.perSplit ? Object.values(result.perSplit).reduce((total, count) => total + count, 0) : 0;

  return (
    <div className="space-y-6">
      <TabHeader title={t("title")} description={t("description")} actions={<VersionPicker datasetId={datasetId} />} />
      {!canWrite && <Alert tone="info">{t("readOnly")}</Alert>}

      {currentSplits && (
        <p className="text-sm text-muted">
          {t("current", {
            train: format.number(currentSplits.train),
            validation: format.number(currentSplits.validation),
            test: format.number(currentSplits.test),
            none: format.number(currentSplits.none),
          })}
        </p>
      )}

      <Card>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <CardBody className="space-y-6">
            <FieldSet legend={t("ratios")}>
              <div className="grid max-w-xl grid-cols-3 gap-3">
                {SPLITS.map((split) => (
                  <FormField key={split} id={`${id}-${split}`} label={tSplits(split)}>
                    <Input
                      type="number"
                      min={0}
                      max={1}
                      step={0.01}
                      value={ratioTexts[split]}
                      disabled={!canWrite || running}
                      invalid={ratiosError !== null}
                      onChange={(event) => setRatioTexts({ ...ratioTexts, [split]: event.target.value })}
                    />
                  </FormField>
                ))}
              </div>
              {ratios && (
                <div aria-hidden className="flex h-2 max-w-xl overflow-hidden rounded-full bg-subtle">
                  {SPLITS.map((split) => (
                    <div key={split} className={SPLIT_COLORS[split]} style={{ width: `${Math.min(100, (ratios[split] / Math.max(sum ?? 1, 1)) * 100)}%` }} />
                  ))}
                </div>
              )}
              {ratiosError ? (
                <p role="alert" className="text-xs font-medium text-red-600">
                  {ratiosError}
                </p>
              ) : (
                <p className="text-xs text-muted">{t("ratiosHint")}</p>
              )}
            </FieldSet>

            <div className="grid max-w-xl gap-4 sm:grid-cols-2">
              <FormField id={`${id}-seed`} label={t("seed")} hint={t("seedHint")} error={seed === null ? t("seedInvalid", { max: format.number(MAX_SEED) }) : undefined}>
                <Input inputMode="numeric" value={seedText} disabled={!canWrite || running} onChange={(event) => setSeedText(event.target.value)} />
              </FormField>
              <div className="self-end pb-5">
                <Button
                  variant="ghost"
                  size="sm"
                  icon={<Shuffle className="size-4" aria-hidden />}
                  disabled={!canWrite || running}
                  onClick={() => setSeedText(String(Math.floor(Math.random() * MAX_SEED)))}
                >
                  {t("randomSeed")}
                </Button>
              </div>
            </div>

            <div className="flex items-start gap-2">
              <input
                id={`${id}-stratify`}
                type="checkbox"
                className="mt-0.5 size-4 accent-brand-600"
                checked={canStratify && stratify}
                disabled={!canWrite || running || !canStratify}
                onChange={(event) => setStratify(event.target.checked)}
                aria-describedby={`${id}-stratify-hint`}
              />
              <div>
                <label htmlFor={`${id}-stratify`} className="text-sm">
                  {t("stratify")}
                </label>
                <p id={`${id}-stratify-hint`} className="text-xs text-muted">
                  {canStratify ? t("stratifyHint") : t("stratifyUnavailable")}
                </p>
              </div>
            </div>
          </CardBody>
          {canWrite && (
            <CardFooter className="flex-wrap justify-between gap-3">
              <FormField id={`${id}-message`} label={t("message")} className="min-w-64 flex-1">
                <Input value={message} maxLength={500} onChange={(event) => setMessage(event.target.value)} />
              </FormField>
              <Button type="submit" className="self-end" loading={pending} disabled={ratiosError !== null || seed === null || running}>
                {t("submit", { number: selected.number ?? 0 })}
              </Button>
            </CardFooter>
          )}
        </form>
      </Card>

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
                refresh();
              }}
            />
          </CardBody>
        </Card>
      )}

      {done && result && (
        <Card>
          <CardBody className="space-y-4">
            <Alert tone="success" title={t("doneTitle", { number: result.versionNumber ?? 0 })} />
            {result.perSplit && (
              <Table caption={t("resultCaption")}>
                <THead>
                  <tr>
                    <Th>{t("split")}</Th>
                    <Th className="text-right">{t("rows")}</Th>
                    <Th className="text-right">{t("share")}</Th>
                  </tr>
                </THead>
                <TBody>
                  {([...SPLITS, "none"] as const).map((split) => (
                    <Tr key={split}>
                      <Td>{tSplits(split)}</Td>
                      <Td className="text-right tabular-nums">{format.number(result.perSplit?.[split] ?? 0)}</Td>
                      <Td className="text-right tabular-nums">{format.number(resultTotal ? (result.perSplit?.[split] ?? 0) / resultTotal : 0, { style: "percent", maximumFractionDigits: 1 })}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
            {done.resultVersionId && (
              <div className="flex flex-wrap gap-2">
                <Link href={`/datasets/${datasetId}?v=${done.resultVersionId}`} className={buttonClasses("secondary", "sm")}>
                  {t("openVersion")}
                </Link>
                <Link href={`/datasets/${datasetId}/stats?v=${done.resultVersionId}`} className={buttonClasses("ghost", "sm")}>
                  {t("openStats")}
                </Link>
              </div>
            )}
          </CardBody>
        </Card>
      )}
    </div>
  );
}
