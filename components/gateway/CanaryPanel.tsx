"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, FormField, Textarea } from "@/components/ui";
import type { CanaryAction } from "@/lib/gateway/admin/schemas";
import { CanaryBadge } from "./badges";
import { gatewayKeys } from "./queries";
import { rollbackNoteText } from "./rollback-note-text";
import type { DeploymentView } from "./types";

/** Actions offered in each canary state. The API enforces the same table. */
const ACTIONS_BY_STATE = { none: ["start"], active: ["promote", "rollback"], rolled_back: ["resume"] } as const;

const ACTION_VARIANT = { start: "primary", resume: "primary", promote: "secondary", rollback: "danger" } as const satisfies Record<CanaryAction, string>;

/** Promote and roll back change live traffic for good, so they ask for confirmation. Start and resume run at once. */
const NEEDS_CONFIRMATION: Record<CanaryAction, boolean> = { start: false, resume: false, promote: true, rollback: true };

/**
 * Shows the canary's model, share, thresholds and state. A rollback, by an admin or by the gateway, is shown
 * with its time and note. Admins start, promote, roll back and resume it here.
 */
export function CanaryPanel({ deployment, canManage }: { deployment: DeploymentView; canManage: boolean }) {
  const t = useTranslations("gateway.canary");
  const tReason = useTranslations("gateway.canary.rollbackReasons");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const noteId = useId();
  const [confirming, setConfirming] = useState<CanaryAction | null>(null);
  const [note, setNote] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const canary = deployment.canary;

  async function run(action: CanaryAction) {
    setPending(true);
    setFailure(null);
    try {
      const body = action === "rollback" && note.trim() ? { action, note: note.trim() } : { action };
      const { data } = await apiSend<ApiItem<DeploymentView>>("POST", `/deployments/${encodeURIComponent(deployment.id)}/canary`, body);
      queryClient.setQueryData(gatewayKeys.deployment(deployment.id), data);
      await queryClient.invalidateQueries({ queryKey: gatewayKeys.deployments });
      setConfirming(null);
      setNote("");
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  if (!canary) {
    return (
      <Card>
        <CardHeader title={t("title")} />
        <CardBody>
          <p className="text-sm text-muted">{canManage ? t("noneAdmin") : t("noneReader")}</p>
        </CardBody>
      </Card>
    );
  }

  const modelName = canary.model ? `${canary.model.providerName} / ${canary.model.displayName}` : t("deletedModel");

  return (
    <Card>
      <CardHeader title={t("title")} actions={<CanaryBadge canary={canary} />} />
      <CardBody className="space-y-4">
        {canary.state === "rolled_back" && (
          <Alert tone="error" title={t("rolledBackTitle")}>
            <p>{canary.rolledBackAt ? t("rolledBackAt", { time: format.dateTime(new Date(canary.rolledBackAt), { dateStyle: "medium", timeStyle: "medium" }) }) : t("rolledBack")}</p>
            {canary.rollbackNote && <p className="mt-1 font-medium">{t("rollbackNote", { note: rollbackNoteText(canary.rollbackNote, tReason) })}</p>}
          </Alert>
        )}
        {canary.state === "none" && <Alert tone="info">{t("notStarted")}</Alert>}

        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-muted">{t("model")}</dt>
            <dd className="font-medium">{modelName}</dd>
          </div>
          <div>
            <dt className="text-muted">{t("share")}</dt>
            <dd className="tabular-nums">{t("percent", { value: canary.percent })}</dd>
          </div>
          <div>
            <dt className="text-muted">{t("maxErrorRate")}</dt>
            <dd className="tabular-nums">{t("percent", { value: Math.round(canary.maxErrorRate * 1000) / 10 })}</dd>
          </div>
          <div>
            <dt className="text-muted">{t("maxP95")}</dt>
            <dd className="tabular-nums">{canary.maxP95Ms === null ? t("notChecked") : t("milliseconds", { value: canary.maxP95Ms })}</dd>
          </div>
          <div>
            <dt className="text-muted">{t("minRequests")}</dt>
            <dd className="tabular-nums">{canary.minRequests}</dd>
          </div>
        </dl>

        {failure !== null && confirming === null && <Alert tone="error">{errorMessage(failure)}</Alert>}

        {canManage && (
          <div className="flex flex-wrap gap-2">
            {ACTIONS_BY_STATE[canary.state].map((action) => (
              <Button key={action} variant={ACTION_VARIANT[action]} onClick={() => (NEEDS_CONFIRMATION[action] ? setConfirming(action) : void run(action))} loading={pending && confirming === null}>
                {t(`actions.${action}`)}
              </Button>
            ))}
          </div>
        )}
      </CardBody>

      <ConfirmDialog
        open={confirming !== null}
        title={confirming === "promote" ? t("promoteTitle") : t("rollbackTitle")}
        description={confirming === "promote" ? t("promoteBody", { model: modelName }) : t("rollbackBody")}
        confirmLabel={confirming === "promote" ? t("actions.promote") : t("actions.rollback")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive={confirming === "rollback"}
        pending={pending}
        onConfirm={() => confirming && void run(confirming)}
        onClose={() => {
          setConfirming(null);
          setFailure(null);
        }}
      >
        {confirming === "rollback" && (
          <FormField id={noteId} label={t("noteLabel")} hint={t("noteHint")}>
            <Textarea value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} rows={3} />
          </FormField>
        )}
        {failure !== null && <Alert tone="error" className="mt-3">{errorMessage(failure)}</Alert>}
      </ConfirmDialog>
    </Card>
  );
}
