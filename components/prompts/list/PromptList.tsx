"use client";

import { useQuery } from "@tanstack/react-query";
import { Library, MessageSquareText, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { EmptyState } from "@/components/EmptyState";
import { ExperimentsNav } from "@/components/experiments/ExperimentsNav";
import { apiGet, apiUrl, useApiErrorMessage, type ApiList } from "@/components/datasets/api";
import { Alert, Badge, Button, buttonClasses, Card, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { LabelBadge } from "../badges";
import { promptKeys } from "../queries";
import type { TemplateSummary } from "../types";
import { NewTemplateDialog } from "./NewTemplateDialog";

/** Renders the prompts page body: the workspace's templates with their label badges and the "New template" flow. */
export function PromptList({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("prompts");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const archivedId = useId();
  const [creating, setCreating] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const { data: templates, error, isPending, refetch } = useQuery({
    queryKey: [...promptKeys.list(), { showArchived }],
    queryFn: ({ signal }) => apiGet<ApiList<TemplateSummary>>(apiUrl("/prompts", { includeArchived: showArchived || undefined }), signal).then((body) => body.data),
  });

  const newButton = canWrite && (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
      {t("list.new")}
    </Button>
  );
  const actions = (
    <>
      <Link href="/prompts/few-shot" className={buttonClasses("secondary")}>
        <Library className="size-4" aria-hidden />
        {t("list.fewShotSets")}
      </Link>
      {newButton}
    </>
  );

  return (
    <>
      <ExperimentsNav />
      <PageHeader title={t("title")} description={t("description")} actions={actions} />

      {error && (
        <Alert tone="error" className="mb-4">
          {errorMessage(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      )}

      <div className="mb-3 flex items-center gap-2">
        <input id={archivedId} type="checkbox" className="size-4 accent-brand-600" checked={showArchived} onChange={(event) => setShowArchived(event.target.checked)} />
        <label htmlFor={archivedId} className="text-sm">
          {t("list.showArchived")}
        </label>
      </div>

      {isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}

      {templates && templates.length === 0 && (
        <Card>
          <EmptyState
            icon={<MessageSquareText className="size-6" />}
            title={t("list.emptyTitle")}
            description={canWrite ? t("list.emptyBody") : t("list.emptyBodyReadOnly")}
            actions={newButton || undefined}
          />
        </Card>
      )}

      {templates && templates.length > 0 && (
        <Table caption={t("list.caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("list.name")}</Th>
              <Th>{t("list.labels")}</Th>
              <Th>{t("list.latestVersion")}</Th>
              <Th>{t("list.updated")}</Th>
            </tr>
          </THead>
          <TBody>
            {templates.map((template) => (
              <Tr key={template.id}>
                <Td>
                  <Link href={`/prompts/${template.name}`} className="font-mono font-medium text-brand-700 hover:underline">
                    {template.name}
                  </Link>
                  {template.archivedAt && (
                    <Badge tone="warning" className="ml-2">
                      {t("list.archived")}
                    </Badge>
                  )}
                  {template.description && <p className="mt-0.5 line-clamp-1 max-w-md text-xs text-muted">{template.description}</p>}
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {template.labels.length === 0 && <span className="text-xs text-muted">{t("list.noLabels")}</span>}
                    {template.labels.map((label) => (
                      <LabelBadge key={label.name} name={label.name} versionNumber={label.versionNumber} />
                    ))}
                  </div>
                </Td>
                <Td className="text-muted">{template.latestVersionNumber ? t("versions.number", { number: template.latestVersionNumber }) : t("list.noVersion")}</Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(template.updatedAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {canWrite && <NewTemplateDialog open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
