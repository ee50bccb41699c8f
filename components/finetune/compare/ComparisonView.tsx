"use client";

import { Scale } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { EmptyState } from "@/components/EmptyState";
import { Card, PageHeader, Select } from "@/components/ui";
import { Link, usePathname, useRouter } from "@/i18n/navigation";
import type { ComparisonEntry, DatasetVersionChoice, GainRecord } from "@/lib/finetune/compare-data";
import { MeasuredGain } from "./MeasuredGain";
import { TASKS } from "./metrics";
import { TaskComparison } from "./TaskComparison";

export type ComparisonViewProps = {
  versions: DatasetVersionChoice[];
  /** The chosen dataset version, or null for all. */
  versionId: string | null;
  entries: ComparisonEntry[];
  gain: GainRecord | null;
};

/**
 * Renders the comparison page: a dataset version filter, one section per task with the base model's
 * zero-shot score beside each finished job's tuned score and compute cost, and the measured benchmark.
 */
export function ComparisonView({ versions, versionId, entries, gain }: ComparisonViewProps) {
  const t = useTranslations("fineTuningCompare");
  const router = useRouter();
  const pathname = usePathname();
  const filterId = useId();

  const choose = (value: string) => router.push(value ? `${pathname}?version=${encodeURIComponent(value)}` : pathname);
  const options = [
    { value: "", label: t("filter.all") },
    ...versions.map((version) => ({ value: version.id, label: t("filter.version", { dataset: version.datasetName, number: version.number ?? 0, jobs: version.jobs }) })),
  ];
  const tasks = TASKS.filter((task) => entries.some((entry) => entry.task === task));

  return (
    <>
      <PageHeader
        title={t("title")}
        description={
          <>
            {t("description")}{" "}
            <Link href="/fine-tuning" className="font-medium text-brand-700 hover:underline">
              {t("backToJobs")}
            </Link>
          </>
        }
      />

      <div className="mb-4 flex max-w-md items-center gap-3">
        <label htmlFor={filterId} className="shrink-0 text-sm font-medium">
          {t("filter.label")}
        </label>
        <Select id={filterId} value={versionId ?? ""} onChange={(event) => choose(event.target.value)} options={options} />
      </div>

      <div className="space-y-6">
        {tasks.length === 0 && (
          <Card>
            <EmptyState icon={<Scale className="size-6" />} title={t("emptyTitle")} description={t("emptyBody")} />
          </Card>
        )}
        {tasks.map((task) => (
          <TaskComparison key={task} task={task} entries={entries.filter((entry) => entry.task === task)} />
        ))}
        <MeasuredGain record={gain} />
      </div>
    </>
  );
}
