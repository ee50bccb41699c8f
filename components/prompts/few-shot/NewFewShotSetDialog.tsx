"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Dialog, FormField, Input, Textarea } from "@/components/ui";
import { useRouter } from "@/i18n/navigation";
import { promptKeys } from "../queries";
import type { FewShotSetView } from "../types";

/** Creates an empty few-shot set and opens it for adding examples. */
export function NewFewShotSetDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("prompts.fewShot.create");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const formId = useId();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [nameError, setNameError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const description = String(form.get("description") ?? "").trim();
    if (!name) return setNameError(t("nameRequired"));

    setPending(true);
    setFailure(null);
    setNameError(null);
    try {
      const { data } = await apiSend<ApiItem<FewShotSetView>>("POST", "/few-shot-sets", { name, description });
      await queryClient.invalidateQueries({ queryKey: promptKeys.fewShotSets() });
      router.push(`/prompts/few-shot/${data.id}`);
    } catch (error) {
      if (isApiRequestError(error) && (error.reason === "prompts.few_shot_name_taken" || error.fields?.name)) setNameError(errorMessage(error));
      else setFailure(error);
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("title")}
      description={t("description")}
      closeLabel={tCommon("close")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {tCommon("cancel")}
          </Button>
          <Button type="submit" form={formId} loading={pending}>
            {t("submit")}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
        <FormField id={`${formId}-name`} label={t("name")} error={nameError ?? undefined} required>
          <Input name="name" maxLength={120} autoComplete="off" autoFocus />
        </FormField>
        <FormField id={`${formId}-description`} label={t("descriptionLabel")}>
          <Textarea name="description" maxLength={2_000} rows={2} />
        </FormField>
      </form>
    </Dialog>
  );
}
