"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Button, PageHeader } from "@/components/ui";
import { Link, useRouter } from "@/i18n/navigation";
import { EnabledBadge } from "./badges";
import { CallSnippet } from "./CallSnippet";
import { CanaryPanel } from "./CanaryPanel";
import { DeploymentForm } from "./DeploymentForm";
import { DeploymentSummary } from "./DeploymentSummary";
import { gatewayKeys, useDeployment } from "./queries";

type Props = { deploymentId: string; canManage: boolean; gatewayUrl: string };

/** Renders one deployment: canary state and controls, the "how to call" snippet, and its settings (editable by admins). */
export function DeploymentDetail({ deploymentId, canManage, gatewayUrl }: Props) {
  const t = useTranslations("gateway.detail");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { data: deployment, error, isPending, refetch } = useDeployment(deploymentId);
  const [deleting, setDeleting] = useState(false);
  const [deletePending, setDeletePending] = useState(false);
  const [deleteFailure, setDeleteFailure] = useState<unknown>(null);

  async function remove() {
    setDeletePending(true);
    setDeleteFailure(null);
    try {
      await apiSend("DELETE", `/deployments/${encodeURIComponent(deploymentId)}`);
      await queryClient.invalidateQueries({ queryKey: gatewayKeys.deployments });
      router.push("/gateway");
    } catch (failure) {
      setDeleteFailure(failure);
      setDeletePending(false);
    }
  }

  const back = (
    <Link href="/gateway" className="mb-4 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
      <ArrowLeft className="size-4" aria-hidden />
      {t("back")}
    </Link>
  );

  if (error) {
    return (
      <>
        {back}
        <Alert tone="error">
          {errorMessage(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      </>
    );
  }
  if (isPending || !deployment) return <p className="text-sm text-muted">{tCommon("loading")}</p>;

  const embeddings = deployment.targets.some((target) => target.model?.capabilities.includes("embeddings") && !target.model.capabilities.includes("chat"));

  return (
    <>
      {back}
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <span className="font-mono">{deployment.name}</span>
            <EnabledBadge enabled={deployment.enabled} />
          </span>
        }
        description={deployment.description || undefined}
        actions={
          canManage ? (
            <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => setDeleting(true)}>
              {t("delete")}
            </Button>
          ) : undefined
        }
      />

      <div className="space-y-6">
        <CanaryPanel deployment={deployment} canManage={canManage} />
        <CallSnippet gatewayUrl={gatewayUrl} model={deployment.name} embeddings={embeddings} />
        {/* Keyed by the canary, so the form reloads its values after a promotion replaces the targets and removes the canary. */}
        {canManage ? <DeploymentForm key={`${deployment.canary?.modelId ?? "none"}:${deployment.canary?.state ?? "none"}`} deployment={deployment} /> : <DeploymentSummary deployment={deployment} />}
      </div>

      <ConfirmDialog
        open={deleting}
        title={t("deleteTitle", { name: deployment.name })}
        description={t("deleteBody")}
        confirmLabel={t("delete")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive
        pending={deletePending}
        onConfirm={() => void remove()}
        onClose={() => {
          setDeleting(false);
          setDeleteFailure(null);
        }}
      >
        {deleteFailure !== null && <Alert tone="error">{errorMessage(deleteFailure)}</Alert>}
      </ConfirmDialog>
    </>
  );
}
