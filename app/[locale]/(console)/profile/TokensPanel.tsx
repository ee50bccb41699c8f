"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { SecretReveal } from "@/components/account/SecretReveal";
import { fieldErrorText, hasFieldErrors, useServerAction } from "@/components/account/use-server-action";
import { Badge, Button, FormField, Input, Select, Table, TableEmptyRow, TBody, Td, Th, THead, Tr, type BadgeTone } from "@/components/ui";
import { tokenExpiryOptions } from "@/lib/users/token-schemas";
import { createToken, revokeToken } from "./actions";

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

type TokenStatus = "active" | "expired" | "revoked";

const statusTones: Record<TokenStatus, BadgeTone> = { active: "success", expired: "warning", revoked: "neutral" };

/** Status at `now`; revocation wins over expiry because it is the user's own decision. */
function statusOf(token: TokenRow, now: Date): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt <= now) return "expired";
  return "active";
}

/** Personal access tokens: create one (shown once), list them, revoke with confirmation. */
export function TokensPanel({ tokens, now }: { tokens: TokenRow[]; now: Date }) {
  const t = useTranslations("tokens");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const router = useRouter();
  const formId = useId();
  const [createdToken, setCreatedToken] = useState<string | null>(null);
  const [revokeTarget, setRevokeTarget] = useState<TokenRow | null>(null);
  const creation = useServerAction(createToken);
  const revocation = useServerAction(revokeToken);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setCreatedToken(null);
    creation.run({ name: String(form.get("name") ?? ""), expiry: String(form.get("expiry") ?? "") }, ({ token }) => {
      setCreatedToken(token);
      formElement.reset();
      router.refresh();
    });
  }

  function confirmRevoke() {
    if (!revokeTarget) return;
    revocation.run({ tokenId: revokeTarget.id }, () => {
      setRevokeTarget(null);
      router.refresh();
    });
  }

  function closeRevokeDialog() {
    revocation.clearFailure();
    setRevokeTarget(null);
  }

  const dateTime = (value: Date) => format.dateTime(value, { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="flex flex-wrap items-start gap-3" noValidate>
        {creation.failure && !hasFieldErrors(creation.failure, ["name", "expiry"]) && <ActionErrorAlert failure={creation.failure} className="w-full" />}
        <FormField id={`${formId}-name`} label={t("fields.name")} hint={t("create.nameHint")} error={fieldErrorText(t, creation.failure, "name")} required className="min-w-56 flex-1">
          <Input name="name" maxLength={100} autoComplete="off" />
        </FormField>
        <FormField id={`${formId}-expiry`} label={t("fields.expiry")} error={fieldErrorText(t, creation.failure, "expiry")} className="w-48">
          <Select name="expiry" defaultValue="90" options={tokenExpiryOptions.map((option) => ({ value: option, label: t(`expiry.${option}`) }))} />
        </FormField>
        <Button type="submit" loading={creation.pending} className="mt-6.5">
          {t("create.submit")}
        </Button>
      </form>

      {createdToken && (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-fg">{t("create.revealTitle")}</h3>
          <SecretReveal value={createdToken} warning={t("create.revealWarning")} copyLabel={t("copy")} copiedLabel={t("copied")} />
        </div>
      )}

      <Table caption={t("table.caption")} captionHidden>
        <THead>
          <tr>
            <Th>{t("fields.name")}</Th>
            <Th>{t("fields.prefix")}</Th>
            <Th>{t("fields.created")}</Th>
            <Th>{t("fields.lastUsed")}</Th>
            <Th>{t("fields.expires")}</Th>
            <Th>{t("fields.status")}</Th>
            <Th className="text-right">{t("table.actions")}</Th>
          </tr>
        </THead>
        <TBody>
          {tokens.length === 0 && <TableEmptyRow colSpan={7}>{t("table.empty")}</TableEmptyRow>}
          {tokens.map((token) => {
            const status = statusOf(token, now);
            return (
              <Tr key={token.id}>
                <Td className="font-medium">{token.name}</Td>
                <Td>
                  <code className="font-mono text-xs">{token.prefix}…</code>
                </Td>
                <Td className="whitespace-nowrap text-muted">{dateTime(token.createdAt)}</Td>
                <Td className="whitespace-nowrap text-muted">{token.lastUsedAt ? dateTime(token.lastUsedAt) : t("table.neverUsed")}</Td>
                <Td className="whitespace-nowrap text-muted">{token.expiresAt ? dateTime(token.expiresAt) : t("table.noExpiry")}</Td>
                <Td>
                  <Badge tone={statusTones[status]}>{t(`statuses.${status}`)}</Badge>
                </Td>
                <Td className="text-right">
                  {status !== "revoked" && (
                    <Button variant="ghost" size="sm" onClick={() => setRevokeTarget(token)}>
                      {t("revoke.open")}
                    </Button>
                  )}
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>

      <ConfirmDialog
        open={revokeTarget !== null}
        title={revokeTarget ? t("revoke.title", { name: revokeTarget.name }) : ""}
        description={t("revoke.description")}
        confirmLabel={t("revoke.confirm")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive
        pending={revocation.pending}
        onConfirm={confirmRevoke}
        onClose={closeRevokeDialog}
      >
        <ActionErrorAlert failure={revocation.failure} />
      </ConfirmDialog>
    </div>
  );
}
