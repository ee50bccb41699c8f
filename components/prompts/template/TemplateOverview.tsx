"use client";

import { useTranslations } from "next-intl";
import { useApiErrorMessage } from "@/components/datasets/api";
import { Alert } from "@/components/ui";
import { useTemplate, useVersions } from "../queries";
import { LabelsPanel } from "./LabelsPanel";
import { TemplateHeader } from "./TemplateHeader";
import { VersionDiffPanel } from "./VersionDiffPanel";
import { VersionHistory } from "./VersionHistory";

/** The page of one template: header, labels, version history and a diff between any two versions. */
export function TemplateOverview({ name, canWrite, canPublish }: { name: string; canWrite: boolean; canPublish: boolean }) {
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const template = useTemplate(name);
  const versions = useVersions(name);

  if (template.error) return <Alert tone="error">{errorMessage(template.error)}</Alert>;
  if (!template.data) return <p className="text-sm text-muted">{tCommon("loading")}</p>;

  return (
    <div className="space-y-6">
      <TemplateHeader template={template.data} canWrite={canWrite} hasVersions={(versions.data?.length ?? 0) > 0} />
      {versions.error && <Alert tone="error">{errorMessage(versions.error)}</Alert>}
      <LabelsPanel name={name} versions={versions.data ?? []} canPublish={canPublish} />
      <VersionHistory name={name} versions={versions.data} canWrite={canWrite} />
      {versions.data && <VersionDiffPanel name={name} versions={versions.data} />}
    </div>
  );
}
