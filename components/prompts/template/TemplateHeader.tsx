"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, FlaskConical, Pencil, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { apiSend, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Badge, Button, buttonClasses } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { promptKeys, templatePath } from "../queries";
import type { TemplateView } from "../types";
import { EditTemplateDialog } from "./EditTemplateDialog";

/** Name, description and actions of a template: new version, run an experiment, edit, archive or restore. */
export function TemplateHeader({ template, canWrite, hasVersions }: { template: TemplateView; canWrite: boolean; hasVersions: boolean }) {
  const t = useTranslations("prompts.template");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function setArchived(archived: boolean) {
    setPending(true);
    setFailure(null);
    try {
      await apiSend("POST", `${templatePath(template.name)}/${archived ? "archive" : "restore"}`);
      await queryClient.invalidateQueries({ queryKey: promptKeys.all });
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <p className="text-sm text-muted">
            <Link href="/prompts" className="hover:underline">
              {t("breadcrumb")}
            </Link>
          </p>
          <h1 className="flex items-center gap-2 font-mono text-xl font-semibold tracking-tight text-fg">
            {template.name}
            {template.archivedAt && <Badge tone="warning">{t("archived")}</Badge>}
          </h1>
          {template.description && <p className="max-w-3xl text-sm text-muted">{template.description}</p>}
          <p className="text-xs text-muted">{t("address", { name: template.name })}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {hasVersions && (
            <Link href={`/prompts/experiments/new?templateId=${encodeURIComponent(template.id)}`} className={buttonClasses("secondary")}>
              <FlaskConical className="size-4" aria-hidden />
              {t("runExperiment")}
            </Link>
          )}
          {canWrite && (
            <>
              <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setEditing(true)}>
                {t("edit")}
              </Button>
              <Button
                variant="secondary"
                loading={pending}
                icon={template.archivedAt ? <ArchiveRestore className="size-4" aria-hidden /> : <Archive className="size-4" aria-hidden />}
                onClick={() => void setArchived(!template.archivedAt)}
              >
                {template.archivedAt ? t("restore") : t("archive")}
              </Button>
              <Link href={`/prompts/${template.name}/new`} className={buttonClasses("primary")}>
                <Plus className="size-4" aria-hidden />
                {t("newVersion")}
              </Link>
            </>
          )}
        </div>
      </div>
      {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
      {canWrite && <EditTemplateDialog template={template} open={editing} onClose={() => setEditing(false)} />}
    </div>
  );
}
