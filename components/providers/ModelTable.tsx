"use client";

import { Download, Boxes } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useApiErrorMessage } from "@/components/datasets/api";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Button, Card, CardHeader, Table, TBody, Th, THead } from "@/components/ui";
import { ImportModelsDialog } from "./ImportModelsDialog";
import { ModelRow } from "./ModelRow";
import { useProviderModels } from "./queries";
import type { ProviderView } from "./types";

/** Renders the provider's models with in-place editing of capabilities and prices, and the "Import models" flow. */
export function ModelTable({ provider }: { provider: ProviderView }) {
  const t = useTranslations("providers.models");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const [importing, setImporting] = useState(false);
  const { data: models, error, isPending } = useProviderModels(provider.id);
  const canImport = provider.kind !== "local";

  const importButton = canImport && (
    <Button icon={<Download className="size-4" aria-hidden />} onClick={() => setImporting(true)}>
      {t("import")}
    </Button>
  );

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} actions={importButton || undefined} />
      {error && (
        <Alert tone="error" className="m-4">
          {errorMessage(error)}
        </Alert>
      )}
      {isPending && <p className="px-5 py-4 text-sm text-muted">{tCommon("loading")}</p>}
      {models && models.length === 0 && (
        <EmptyState icon={<Boxes className="size-6" />} title={t("emptyTitle")} description={canImport ? t("emptyBody") : t("emptyBodyLocal")} actions={importButton || undefined} />
      )}
      {models && models.length > 0 && (
        <Table caption={t("caption", { provider: provider.name })} captionHidden className="rounded-t-none border-0">
          <THead>
            <tr>
              <Th>{t("model")}</Th>
              <Th>{t("capabilitiesLabel")}</Th>
              <Th>{t("inputPrice")}</Th>
              <Th>{t("outputPrice")}</Th>
              <Th>{t("currency")}</Th>
              <Th>{t("status")}</Th>
              <Th className="text-right">{t("actions")}</Th>
            </tr>
          </THead>
          <TBody>
            {models.map((model) => (
              // Keyed by updatedAt so a saved or refreshed model starts a fresh draft.
              <ModelRow key={`${model.id}:${model.updatedAt}`} model={model} />
            ))}
          </TBody>
        </Table>
      )}
      {models && models.length > 0 && <p className="border-t border-border px-5 py-3 text-xs text-muted">{t("priceNote")}</p>}
      {importing && <ImportModelsDialog provider={provider} onClose={() => setImporting(false)} />}
    </Card>
  );
}
