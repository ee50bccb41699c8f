"use client";

import { Boxes } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Badge, Button, Card, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { useDatasetVersionName } from "./format";
import { isActiveJob, useJobSummaries, useModelVersionSummaries } from "./queries";

/** The model versions tab: each finished job's model with its base model, job and dataset version. */
export function ModelVersionList() {
  const t = useTranslations("fineTuning.models");
  const format = useFormatter();
  const versionName = useDatasetVersionName();
  // A running job registers its model version when it finishes, so the table refreshes while one runs.
  const jobs = useJobSummaries();
  const live = jobs.data?.pages.some((page) => page.jobs.some(isActiveJob)) ?? false;
  const query = useModelVersionSummaries(live);
  const versions = query.data?.pages.flatMap((page) => page.versions) ?? [];

  return (
    <div>
      {query.isError && <Alert tone="error">{t("loadFailed")}</Alert>}

      {query.isSuccess && versions.length === 0 && (
        <Card>
          <EmptyState icon={<Boxes className="size-6" />} title={t("emptyTitle")} description={t("emptyBody")} />
        </Card>
      )}

      {versions.length > 0 && (
        <Table caption={t("caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("columns.name")}</Th>
              <Th>{t("columns.baseModel")}</Th>
              <Th>{t("columns.job")}</Th>
              <Th>{t("columns.dataset")}</Th>
              <Th>{t("columns.serving")}</Th>
              <Th>{t("columns.created")}</Th>
            </tr>
          </THead>
          <TBody>
            {versions.map((version) => (
              <Tr key={version.id}>
                <Td className="font-mono text-xs">{version.name}</Td>
                <Td>{version.baseModel?.name ?? "—"}</Td>
                <Td>
                  {version.job ? (
                    <Link href={`/fine-tuning/jobs/${version.job.id}`} className="text-brand-700 hover:underline">
                      {version.job.name}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td className="text-muted">{versionName(version.datasetVersion)}</Td>
                <Td>{version.servedAsChatModel ? <Badge tone="success">{t("servedChat")}</Badge> : <Badge tone="neutral">{t("notServed")}</Badge>}</Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(version.createdAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {query.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("more")}
          </Button>
        </div>
      )}
    </div>
  );
}
