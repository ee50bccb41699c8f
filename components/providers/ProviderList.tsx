"use client";

import { HardDrive, Plus, ServerCog } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useApiErrorMessage } from "@/components/datasets/api";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Button, Card, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link, useRouter } from "@/i18n/navigation";
import { CheckStatusBadge } from "./CheckStatusBadge";
import { ConnectionResult } from "./ConnectionResult";
import { LocalModelDialog } from "./LocalModelDialog";
import { ProviderFormDialog } from "./ProviderFormDialog";
import { useProviders } from "./queries";
import { TestConnectionButton } from "./TestConnectionButton";
import type { ConnectionTestView } from "./types";

/** Renders the "Model providers" settings page: every provider with its connection state, and "Add provider". */
export function ProviderList() {
  const t = useTranslations("providers");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [registeringLocal, setRegisteringLocal] = useState(false);
  const [lastTest, setLastTest] = useState<{ providerId: string; result: ConnectionTestView } | null>(null);
  const [testFailure, setTestFailure] = useState<unknown>(null);
  const { data: providers, error, isPending, refetch } = useProviders();

  const addButton = (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setAdding(true)}>
      {t("list.add")}
    </Button>
  );
  const headerActions = (
    <div className="flex gap-2">
      <Button variant="secondary" icon={<HardDrive className="size-4" aria-hidden />} onClick={() => setRegisteringLocal(true)}>
        {t("localModel.open")}
      </Button>
      {addButton}
    </div>
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={headerActions} />

      {error && (
        <Alert tone="error" className="mb-4">
          {errorMessage(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      )}
      {testFailure !== null && (
        <Alert tone="error" className="mb-4">
          {errorMessage(testFailure)}
        </Alert>
      )}
      {lastTest && providers && (
        <div className="mb-4 space-y-1">
          <p className="text-sm font-medium">{t("list.testedProvider", { name: providers.find((entry) => entry.id === lastTest.providerId)?.name ?? "" })}</p>
          <ConnectionResult result={lastTest.result} />
        </div>
      )}

      {isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}

      {providers && providers.length === 0 && (
        <Card>
          <EmptyState icon={<ServerCog className="size-6" />} title={t("list.emptyTitle")} description={t("list.emptyBody")} actions={addButton} />
        </Card>
      )}

      {providers && providers.length > 0 && (
        <Table caption={t("list.caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("list.name")}</Th>
              <Th>{t("list.baseUrl")}</Th>
              <Th className="text-right">{t("list.models")}</Th>
              <Th>{t("list.status")}</Th>
              <Th className="text-right">{t("list.actions")}</Th>
            </tr>
          </THead>
          <TBody>
            {providers.map((provider) => (
              <Tr key={provider.id}>
                <Td>
                  <Link href={`/settings/providers/${provider.id}`} className="font-medium text-brand-700 hover:underline">
                    {provider.name}
                  </Link>
                  <p className="text-xs text-muted">{t(`kinds.${provider.kind}`)}</p>
                </Td>
                <Td className="max-w-xs truncate font-mono text-xs text-muted" title={provider.baseUrl}>
                  {provider.kind === "local" ? t("list.localRuntime") : provider.baseUrl}
                </Td>
                <Td className="text-right tabular-nums">{provider.modelCount ?? "—"}</Td>
                <Td>
                  <CheckStatusBadge lastCheck={provider.lastCheck} enabled={provider.enabled} />
                </Td>
                <Td className="text-right">
                  {provider.kind !== "local" && (
                    <TestConnectionButton
                      size="sm"
                      providerId={provider.id}
                      onResult={(result) => {
                        setTestFailure(null);
                        setLastTest({ providerId: provider.id, result });
                      }}
                      onError={(failure) => {
                        setLastTest(null);
                        setTestFailure(failure);
                      }}
                    />
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {registeringLocal && <LocalModelDialog onClose={() => setRegisteringLocal(false)} onSaved={(providerId) => router.push(`/settings/providers/${providerId}`)} />}
      {adding && <ProviderFormDialog open onClose={() => setAdding(false)} onSaved={(created) => router.push(`/settings/providers/${created.id}`)} />}
    </>
  );
}
