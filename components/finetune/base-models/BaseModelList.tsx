"use client";

import { useQuery } from "@tanstack/react-query";
import { Boxes, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { EmptyState } from "@/components/EmptyState";
import { apiGet, useApiErrorMessage, type ApiList } from "@/components/datasets/api";
import { Alert, Badge, Button, Card, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { BaseModelStatus } from "./BaseModelStatus";
import { RegisterBaseModelDialog } from "./RegisterBaseModelDialog";
import { baseModelKeys, type BaseModelView } from "./types";

/** Milliseconds between refreshes while a model is downloading, so the progress bar moves without a reload. */
const POLL_MS = 1_500;

/** Renders the base models page: every registered model with what inspect read, and the register flow. */
export function BaseModelList({ canRegister }: { canRegister: boolean }) {
  const t = useTranslations("baseModels");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const [registering, setRegistering] = useState(false);
  const { data: models, error, isPending, refetch } = useQuery({
    queryKey: baseModelKeys.list(),
    queryFn: ({ signal }) => apiGet<ApiList<BaseModelView>>("/base-models", signal).then((body) => body.data),
    refetchInterval: (query) => (query.state.data?.some((model) => model.status === "downloading") ? POLL_MS : false),
  });

  const chatTemplateText = (model: BaseModelView) => {
    if (model.status !== "ready") return "—";
    return model.hasChatTemplate ? t("list.yes") : t("list.no");
  };

  const registerButton = canRegister && (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setRegistering(true)}>
      {t("list.register")}
    </Button>
  );

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
        actions={registerButton}
      />

      {error && (
        <Alert tone="error" className="mb-4">
          {errorMessage(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      )}

      {isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}

      {models && models.length === 0 && (
        <Card>
          <EmptyState
            icon={<Boxes className="size-6" />}
            title={t("list.emptyTitle")}
            description={canRegister ? t("list.emptyBody") : t("list.emptyBodyReadOnly")}
            actions={registerButton || undefined}
          />
        </Card>
      )}

      {models && models.length > 0 && (
        <Table caption={t("list.caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("list.name")}</Th>
              <Th>{t("list.source")}</Th>
              <Th>{t("list.architecture")}</Th>
              <Th className="text-right whitespace-nowrap">{t("list.parameters")}</Th>
              <Th className="text-right">{t("list.contextLength")}</Th>
              <Th>{t("list.chatTemplate")}</Th>
              <Th>{t("list.status")}</Th>
            </tr>
          </THead>
          <TBody>
            {models.map((model) => (
              <Tr key={model.id}>
                <Td>
                  <span className="font-medium">{model.name}</span>
                  <p className="mt-0.5 max-w-xs font-mono text-xs break-all text-muted">
                    {model.source === "local" ? model.localPath : `${model.repoId}@${model.revision}`}
                  </p>
                </Td>
                <Td>
                  <Badge>{t(`sources.${model.source}`)}</Badge>
                </Td>
                <Td className="text-muted">{model.architecture ?? "—"}</Td>
                <Td className="text-right whitespace-nowrap tabular-nums">{model.parameterCount === null ? "—" : format.number(model.parameterCount, { notation: "compact", maximumFractionDigits: 2 })}</Td>
                <Td className="text-right tabular-nums">{model.contextLength === null ? "—" : format.number(model.contextLength)}</Td>
                <Td>{chatTemplateText(model)}</Td>
                <Td>
                  <BaseModelStatus model={model} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {canRegister && <RegisterBaseModelDialog open={registering} onClose={() => setRegistering(false)} />}
    </>
  );
}
