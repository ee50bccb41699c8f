"use client";

import { Library, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { EmptyState } from "@/components/EmptyState";
import { useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Button, Card, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { useFewShotSets } from "../queries";
import { NewFewShotSetDialog } from "./NewFewShotSetDialog";

/** Reusable few-shot sets of the workspace. Prompt versions copy a set's examples when they are saved. */
export function FewShotSetList({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("prompts.fewShot");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const sets = useFewShotSets();
  const [creating, setCreating] = useState(false);

  const newButton = canWrite && (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
      {t("new")}
    </Button>
  );

  return (
    <>
      <p className="mb-1 text-sm text-muted">
        <Link href="/prompts" className="hover:underline">
          {t("breadcrumb")}
        </Link>
      </p>
      <PageHeader title={t("title")} description={t("description")} actions={newButton} />
      {sets.error && <Alert tone="error">{errorMessage(sets.error)}</Alert>}
      {sets.isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}
      {sets.data && sets.data.length === 0 && (
        <Card>
          <EmptyState icon={<Library className="size-6" />} title={t("emptyTitle")} description={canWrite ? t("emptyBody") : t("emptyBodyReadOnly")} actions={newButton || undefined} />
        </Card>
      )}
      {sets.data && sets.data.length > 0 && (
        <Table caption={t("title")} captionHidden>
          <THead>
            <tr>
              <Th>{t("name")}</Th>
              <Th className="text-right">{t("examples")}</Th>
              <Th>{t("updated")}</Th>
            </tr>
          </THead>
          <TBody>
            {sets.data.map((set) => (
              <Tr key={set.id}>
                <Td>
                  <Link href={`/prompts/few-shot/${set.id}`} className="font-medium text-brand-700 hover:underline">
                    {set.name}
                  </Link>
                  {set.description && <p className="mt-0.5 line-clamp-1 max-w-md text-xs text-muted">{set.description}</p>}
                </Td>
                <Td className="text-right tabular-nums">{format.number(set.exampleCount)}</Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(set.updatedAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {canWrite && <NewFewShotSetDialog open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
