"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Network, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend, isApiRequestError, useApiErrorMessage } from "@/components/datasets/api";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Button, Card, CardBody, CardHeader, FormField, Input, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { providerKeys, useAllowRules } from "./queries";
import type { AllowRuleView } from "./types";

/**
 * Renders the "Network" settings page: the private hosts and ranges server-side requests may reach. Cloud
 * metadata addresses stay blocked whatever is listed here, and the page states that.
 */
export function AllowRulesPanel() {
  const t = useTranslations("providers.network");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const format = useFormatter();
  const { data: rules, error, isPending } = useAllowRules();

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Alert tone="warning" className="mb-6">
        {t("metadataNote")}
      </Alert>

      <AddRuleForm />

      {error && (
        <Alert tone="error" className="mt-6">
          {errorMessage(error)}
        </Alert>
      )}
      {isPending && <p className="mt-6 text-sm text-muted">{tCommon("loading")}</p>}
      {rules && rules.length === 0 && (
        <Card className="mt-6">
          <EmptyState icon={<Network className="size-6" />} title={t("emptyTitle")} description={t("emptyBody")} />
        </Card>
      )}
      {rules && rules.length > 0 && (
        <Table caption={t("caption")} captionHidden className="mt-6">
          <THead>
            <tr>
              <Th>{t("pattern")}</Th>
              <Th>{t("note")}</Th>
              <Th>{t("created")}</Th>
              <Th className="text-right">{t("actions")}</Th>
            </tr>
          </THead>
          <TBody>
            {rules.map((rule) => (
              <Tr key={rule.id}>
                <Td className="font-mono text-xs">{rule.pattern}</Td>
                <Td className="text-muted">{rule.note || "—"}</Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(rule.createdAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
                <Td className="text-right">
                  <DeleteRuleButton rule={rule} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}

function AddRuleForm() {
  const t = useTranslations("providers.network");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const formId = useId();
  const [pending, setPending] = useState(false);
  const [patternError, setPatternError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const pattern = String(form.get("pattern") ?? "").trim();
    const note = String(form.get("note") ?? "").trim();
    if (!pattern) return setPatternError(t("patternRequired"));

    setPending(true);
    setPatternError(null);
    setFailure(null);
    try {
      await apiSend("POST", "/network-allow-rules", { pattern, note });
      formElement.reset();
      await queryClient.invalidateQueries({ queryKey: providerKeys.allowRules() });
    } catch (error) {
      if (isApiRequestError(error) && error.reason === "providers.rule_taken") setPatternError(errorMessage(error));
      else if (isApiRequestError(error) && error.fields?.pattern) setPatternError(t("patternInvalid"));
      else setFailure(error);
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader title={t("addTitle")} description={t("addDescription")} />
      <CardBody>
        <form id={formId} onSubmit={submit} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start" noValidate>
          {failure !== null && (
            <Alert tone="error" className="sm:col-span-3">
              {errorMessage(failure)}
            </Alert>
          )}
          <FormField id={`${formId}-pattern`} label={t("pattern")} hint={t("patternHint")} error={patternError ?? undefined} required>
            <Input name="pattern" maxLength={255} autoComplete="off" spellCheck={false} placeholder="10.0.0.0/8" />
          </FormField>
          <FormField id={`${formId}-note`} label={t("note")} hint={t("noteHint")}>
            <Input name="note" maxLength={500} autoComplete="off" />
          </FormField>
          <Button type="submit" className="sm:mt-6" loading={pending}>
            {t("add")}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function DeleteRuleButton({ rule }: { rule: AllowRuleView }) {
  const t = useTranslations("providers.network");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function confirm() {
    setPending(true);
    setFailure(null);
    try {
      await apiSend("DELETE", `/network-allow-rules/${encodeURIComponent(rule.id)}`);
      await queryClient.invalidateQueries({ queryKey: providerKeys.allowRules() });
      setOpen(false);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Button size="sm" variant="ghost" icon={<Trash2 className="size-4" aria-hidden />} aria-label={t("deleteRule", { pattern: rule.pattern })} onClick={() => setOpen(true)} />
      <ConfirmDialog
        open={open}
        title={t("deleteTitle", { pattern: rule.pattern })}
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
