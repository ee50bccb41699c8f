"use client";

import { FlaskConical, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { EmptyState } from "@/components/EmptyState";
import { ProgressBar } from "@/components/datasets/ProgressBar";
import { Alert, Button, buttonClasses, Card, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { ExperimentsNav } from "../ExperimentsNav";
import { useExperiments } from "../queries";
import { StatusBadge } from "../StatusBadge";

/** Lists the workspace's experiments with live progress; roles that may run experiments get "New experiment". */
export function ExperimentList({ canRun }: { canRun: boolean }) {
  const t = useTranslations("experiments");
  const format = useFormatter();
  const query = useExperiments();
  const experiments = query.data?.pages.flatMap((page) => page.data) ?? [];

  const newButton = canRun ? (
    <Link href="/prompts/experiments/new" className={buttonClasses("primary")}>
      <Plus className="size-4" aria-hidden />
      {t("list.new")}
    </Link>
  ) : null;

  return (
    <div>
      <ExperimentsNav />
      <PageHeader title={t("title")} description={t("description")} actions={newButton} />

      {query.isError && <Alert tone="error">{t("list.loadFailed")}</Alert>}

      {query.isSuccess && experiments.length === 0 && (
        <Card>
          <EmptyState icon={<FlaskConical className="size-6" />} title={t("list.emptyTitle")} description={t("list.emptyBody")} actions={newButton} />
        </Card>
      )}

      {experiments.length > 0 && (
        <Table caption={t("list.caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("list.columns.name")}</Th>
              <Th>{t("list.columns.dataset")}</Th>
              <Th>{t("list.columns.variants")}</Th>
              <Th>{t("list.columns.status")}</Th>
              <Th className="w-64">{t("list.columns.progress")}</Th>
              <Th>{t("list.columns.created")}</Th>
            </tr>
          </THead>
          <TBody>
            {experiments.map((experiment) => (
              <Tr key={experiment.id}>
                <Td>
                  <Link href={`/prompts/experiments/${experiment.id}`} className="font-medium text-brand-700 hover:underline">
                    {experiment.name}
                  </Link>
                </Td>
                <Td className="text-muted">
                  {experiment.dataset ? t("list.datasetVersion", { name: experiment.dataset.name, version: experiment.dataset.versionNumber ?? 0 }) : "—"}
                </Td>
                <Td className="tabular-nums">{experiment.variantCount}</Td>
                <Td>
                  <StatusBadge status={experiment.status} />
                </Td>
                <Td>
                  <ProgressBar
                    value={experiment.progress}
                    label={t("list.progressLabel", { name: experiment.name })}
                    detail={t("list.progressDetail", { done: experiment.doneCalls, total: experiment.totalCalls })}
                  />
                </Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(experiment.createdAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {query.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("list.more")}
          </Button>
        </div>
      )}
    </div>
  );
}
