"use client";

import { useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend, useApiErrorMessage } from "@/components/datasets/api";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Button, Card, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { ApiKeyFormDialog } from "./ApiKeyFormDialog";
import { KeyStatusBadge } from "./badges";
import { NewKeyDialog } from "./NewKeyDialog";
import { gatewayKeys, useApiKeys } from "./queries";
import { RotateKeyDialog } from "./RotateKeyDialog";
import type { ApiKeyView } from "./types";

type Dialogs =
  | { kind: "create" }
  | { kind: "edit"; apiKey: ApiKeyView }
  | { kind: "rotate"; apiKey: ApiKeyView }
  | { kind: "revoke"; apiKey: ApiKeyView }
  | { kind: "secret"; name: string; secret: string }
  | null;

/** Lists the API keys with limits, budget, this month's spend and status; admins create, edit, rotate and revoke them here. */
export function ApiKeyList() {
  const t = useTranslations("gateway.keys");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const { data: keys, error, isPending, refetch } = useApiKeys();
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [revokePending, setRevokePending] = useState(false);
  const [revokeFailure, setRevokeFailure] = useState<unknown>(null);

  // Gateway spend is often a fraction of a cent, which two decimals would show as 0.00.
  const money = (amount: number, currency: string) => format.number(amount, { style: "currency", currency, maximumFractionDigits: amount !== 0 && Math.abs(amount) < 1 ? 4 : 2 });
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : "—");

  async function revoke(apiKey: ApiKeyView) {
    setRevokePending(true);
    setRevokeFailure(null);
    try {
      await apiSend("POST", `/api-keys/${encodeURIComponent(apiKey.id)}/revoke`);
      await queryClient.invalidateQueries({ queryKey: gatewayKeys.apiKeys });
      setDialog(null);
    } catch (failure) {
      setRevokeFailure(failure);
    } finally {
      setRevokePending(false);
    }
  }

  const createButton = (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setDialog({ kind: "create" })}>
      {t("create")}
    </Button>
  );

  return (
    <section className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <p className="max-w-3xl text-sm text-muted">{t("intro")}</p>
        {createButton}
      </div>

      {error && (
        <Alert tone="error">
          {errorMessage(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      )}
      {isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}

      {keys && keys.length === 0 && (
        <Card>
          <EmptyState icon={<KeyRound className="size-6" />} title={t("emptyTitle")} description={t("emptyBody")} actions={createButton} />
        </Card>
      )}

      {keys && keys.length > 0 && (
        <Table caption={t("caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("name")}</Th>
              <Th>{t("allowedModels")}</Th>
              <Th>{t("limits")}</Th>
              <Th>{t("budget")}</Th>
              <Th>{t("lastUsed")}</Th>
              <Th>{t("statusColumn")}</Th>
              <Th className="text-right">{t("actions")}</Th>
            </tr>
          </THead>
          <TBody>
            {keys.map((apiKey) => (
              <Tr key={apiKey.id}>
                <Td>
                  <p className="font-medium">{apiKey.name}</p>
                  <p className="font-mono text-xs text-muted">{apiKey.prefix}…</p>
                </Td>
                <Td className="max-w-48">
                  <p className="truncate font-mono text-xs" title={apiKey.allowedModels.join(", ")}>
                    {apiKey.allowedModels.includes("*") ? t("allModels") : apiKey.allowedModels.join(", ")}
                  </p>
                </Td>
                <Td className="text-xs tabular-nums">
                  <p>{apiKey.rpmLimit === null ? t("noRpm") : t("rpm", { value: apiKey.rpmLimit })}</p>
                  <p>{apiKey.tpmLimit === null ? t("noTpm") : t("tpm", { value: apiKey.tpmLimit })}</p>
                </Td>
                <Td className="text-xs tabular-nums">
                  <p>{apiKey.monthlyBudget === null ? t("noBudget") : t("budgetOf", { amount: money(apiKey.monthlyBudget, apiKey.budgetCurrency) })}</p>
                  <p className="text-muted">
                    {apiKey.monthSpend.length === 0
                      ? t("noSpend")
                      : t("spent", { amount: apiKey.monthSpend.map((entry) => money(entry.amount, entry.currency)).join(" + ") })}
                  </p>
                </Td>
                <Td className="text-xs">{apiKey.lastUsedAt ? when(apiKey.lastUsedAt) : t("neverUsed")}</Td>
                <Td>
                  <KeyStatusBadge status={apiKey.status} />
                  {apiKey.status === "active" && apiKey.expiresAt && <p className="mt-1 text-xs text-muted">{t("expires", { time: when(apiKey.expiresAt) })}</p>}
                </Td>
                <Td className="text-right whitespace-nowrap">
                  {apiKey.status !== "revoked" && (
                    <div className="flex justify-end gap-1">
                      <Button size="sm" variant="ghost" onClick={() => setDialog({ kind: "edit", apiKey })}>
                        {t("edit")}
                      </Button>
                      {apiKey.status === "active" && (
                        <Button size="sm" variant="ghost" onClick={() => setDialog({ kind: "rotate", apiKey })}>
                          {t("rotate")}
                        </Button>
                      )}
                      <Button size="sm" variant="ghost" className="text-red-700" onClick={() => setDialog({ kind: "revoke", apiKey })}>
                        {t("revoke")}
                      </Button>
                    </div>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {dialog?.kind === "create" && <ApiKeyFormDialog onClose={() => setDialog(null)} onCreated={(created) => setDialog({ kind: "secret", name: created.apiKey.name, secret: created.key })} />}
      {dialog?.kind === "edit" && <ApiKeyFormDialog apiKey={dialog.apiKey} onClose={() => setDialog(null)} />}
      {dialog?.kind === "rotate" && <RotateKeyDialog apiKey={dialog.apiKey} onClose={() => setDialog(null)} onRotated={(rotated) => setDialog({ kind: "secret", name: rotated.apiKey.name, secret: rotated.key })} />}
      {dialog?.kind === "secret" && <NewKeyDialog name={dialog.name} secret={dialog.secret} onClose={() => setDialog(null)} />}
      {dialog?.kind === "revoke" && (
        <ConfirmDialog
          open
          title={t("revokeTitle", { name: dialog.apiKey.name })}
          description={t("revokeBody", { prefix: dialog.apiKey.prefix })}
          confirmLabel={t("revoke")}
          cancelLabel={tCommon("cancel")}
          closeLabel={tCommon("close")}
          destructive
          pending={revokePending}
          onConfirm={() => void revoke(dialog.apiKey)}
          onClose={() => {
            setDialog(null);
            setRevokeFailure(null);
          }}
        >
          {revokeFailure !== null && <Alert tone="error">{errorMessage(revokeFailure)}</Alert>}
        </ConfirmDialog>
      )}
    </section>
  );
}
