"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Pencil, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, PageHeader } from "@/components/ui";
import { Link, useRouter } from "@/i18n/navigation";
import { CheckStatusBadge } from "./CheckStatusBadge";
import { ConnectionResult } from "./ConnectionResult";
import { ModelTable } from "./ModelTable";
import { ProviderFormDialog } from "./ProviderFormDialog";
import { providerKeys, useProvider } from "./queries";
import { TestConnectionButton } from "./TestConnectionButton";
import type { ConnectionTestView, ProviderView } from "./types";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm break-all text-fg">{children}</dd>
    </div>
  );
}

/** Renders one provider's page: its settings, connection test, and model list with import and price editing. */
export function ProviderDetail({ providerId }: { providerId: string }) {
  const t = useTranslations("providers");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const { data: provider, error, isPending } = useProvider(providerId);
  const [testResult, setTestResult] = useState<ConnectionTestView | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);

  const back = (
    <Link href="/settings/providers" className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline">
      <ArrowLeft className="size-4" aria-hidden />
      {t("detail.back")}
    </Link>
  );

  if (isPending) return <p className="text-sm text-muted">{tCommon("loading")}</p>;
  if (error || !provider) {
    return (
      <div className="space-y-4">
        {back}
        <Alert tone="error">{errorMessage(error)}</Alert>
      </div>
    );
  }

  const isLocal = provider.kind === "local";
  return (
    <div className="space-y-6">
      {back}
      <PageHeader
        title={provider.name}
        description={t(`kinds.${provider.kind}`)}
        actions={
          <>
            {!isLocal && (
              <TestConnectionButton
                providerId={provider.id}
                onResult={(result) => {
                  setFailure(null);
                  setTestResult(result);
                }}
                onError={(caught) => {
                  setTestResult(null);
                  setFailure(caught);
                }}
              />
            )}
            <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setEditing(true)}>
              {t("detail.edit")}
            </Button>
            <DeleteProviderButton provider={provider} />
          </>
        }
      />

      {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
      {testResult && <ConnectionResult result={testResult} />}

      <ProviderFacts provider={provider} />
      <ModelTable provider={provider} />

      {editing && <ProviderFormDialog open provider={provider} onClose={() => setEditing(false)} />}
    </div>
  );
}

function ProviderFacts({ provider }: { provider: ProviderView }) {
  const t = useTranslations("providers.detail");
  const format = useFormatter();
  const isLocal = provider.kind === "local";

  return (
    <Card>
      <CardHeader title={t("settings")} actions={<CheckStatusBadge lastCheck={provider.lastCheck} enabled={provider.enabled} />} />
      <CardBody>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Fact label={t("baseUrl")}>{isLocal ? t("localRuntime") : <span className="font-mono text-xs">{provider.baseUrl}</span>}</Fact>
          {!isLocal && (
            <Fact label={t("apiKey")}>
              {provider.hasApiKey ? (
                <>
                  <span className="font-mono">{provider.apiKeyHint ?? "…"}</span>
                  <span className="block text-xs text-muted">{t("apiKeyNeverShown")}</span>
                </>
              ) : (
                t("noApiKey")
              )}
            </Fact>
          )}
          <Fact label={t("rpmLimit")}>{provider.rpmLimit === null ? t("unlimited") : t("perMinute", { count: provider.rpmLimit })}</Fact>
          <Fact label={t("timeout")}>{t("seconds", { count: provider.timeoutMs / 1000 })}</Fact>
          <Fact label={t("lastCheck")}>
            {provider.lastCheck ? (
              <>
                {format.dateTime(new Date(provider.lastCheck.at), { dateStyle: "medium", timeStyle: "short" })}
                {!provider.lastCheck.ok && <span className="mt-0.5 block font-mono text-xs text-red-700">{provider.lastCheck.message}</span>}
              </>
            ) : (
              t("neverChecked")
            )}
          </Fact>
        </dl>
      </CardBody>
    </Card>
  );
}

function DeleteProviderButton({ provider }: { provider: ProviderView }) {
  const t = useTranslations("providers.detail");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function confirm() {
    setPending(true);
    setFailure(null);
    try {
      await apiSend("DELETE", `/providers/${encodeURIComponent(provider.id)}`);
      await queryClient.invalidateQueries({ queryKey: providerKeys.list() });
      router.push("/settings/providers");
    } catch (error) {
      setFailure(error);
      setPending(false);
    }
  }

  return (
    <>
      <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => setOpen(true)}>
        {t("delete")}
      </Button>
      <ConfirmDialog
        open={open}
        title={t("deleteTitle", { name: provider.name })}
        description={t("deleteBody")}
        confirmLabel={t("delete")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive
        pending={pending}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
      >
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
      </ConfirmDialog>
    </>
  );
}
