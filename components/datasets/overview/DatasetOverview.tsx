"use client";

import { History } from "lucide-react";
import { useTranslations } from "next-intl";
import { Alert, Card, CardBody, CardHeader } from "@/components/ui";
import { useApiErrorMessage } from "../api";
import { NoVersionYet } from "../NoVersionYet";
import { useSelectedVersion } from "../use-selected-version";
import { VersionPicker } from "../VersionPicker";
import { VersionDiffPanel } from "./VersionDiffPanel";
import { VersionLineage } from "./VersionLineage";
import { VersionsTable } from "./VersionsTable";

/** Renders the Overview tab: the version picker, the versions table, the lineage diagram and the diff panel. */
export function DatasetOverview({ datasetId, canWrite, memberNames }: { datasetId: string; canWrite: boolean; memberNames: Record<string, string> }) {
  const t = useTranslations("datasets");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const { allVersions, selected, selectVersion, query } = useSelectedVersion(datasetId);

  if (query.isPending) return <p className="text-sm text-muted">{tCommon("loading")}</p>;
  if (query.error) return <Alert tone="error">{errorMessage(query.error)}</Alert>;

  if (allVersions.length === 0) {
    return (
      <NoVersionYet
        datasetId={datasetId}
        canWrite={canWrite}
        icon={<History className="size-6" />}
        messages={{ title: "overview.emptyTitle", body: "overview.emptyBody", bodyReadOnly: "overview.emptyBodyReadOnly" }}
      />
    );
  }

  return (
    <div className="space-y-6">
      <VersionPicker datasetId={datasetId} />

      <section aria-labelledby="versions-heading" className="space-y-3">
        <h2 id="versions-heading" className="text-base font-semibold">
          {t("versions.title")}
        </h2>
        <VersionsTable versions={allVersions} selectedId={selected?.id ?? null} onSelect={selectVersion} memberNames={memberNames} />
      </section>

      <Card>
        <CardHeader title={t("lineage.title")} description={t("lineage.description")} />
        <CardBody>
          <VersionLineage versions={allVersions} selectedId={selected?.id ?? null} />
        </CardBody>
      </Card>

      <VersionDiffPanel key={selected?.id ?? "none"} datasetId={datasetId} versions={allVersions} selected={selected} />
    </div>
  );
}
