"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { Alert, Button, Dialog, FormField, Input, Textarea } from "@/components/ui";
import { useRouter } from "@/i18n/navigation";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "../api";
import { datasetKeys } from "../queries";
import type { DatasetView } from "../types";

const NAME_MAX_LENGTH = 120;

/**
 * Renders the "New dataset" dialog with a name and a description. On success it opens the new dataset's import
 * wizard, because a dataset without a version has nothing else to show.
 */
export function NewDatasetDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("datasets.create");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const router = useRouter();
  const queryClient = useQueryClient();
  const formId = useId();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [nameError, setNameError] = useState<string | null>(null);

  function close() {
    setFailure(null);
    setNameError(null);
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const description = String(form.get("description") ?? "").trim();

    if (!name) return setNameError(t("nameRequired"));
    if (/[/\\<>]/.test(name)) return setNameError(t("nameCharacters"));

    setPending(true);
    setFailure(null);
    setNameError(null);
    try {
      const { data } = await apiSend<ApiItem<DatasetView>>("POST", "/datasets", { name, description });
      await queryClient.invalidateQueries({ queryKey: datasetKeys.list() });
      router.push(`/datasets/${data.id}/import`);
    } catch (error) {
      if (isApiRequestError(error) && error.reason === "datasets.name_taken") setNameError(errorMessage(error));
      else if (isApiRequestError(error) && error.fields?.name) setNameError(t("nameInvalid"));
      else setFailure(error);
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t("title")}
      description={t("description")}
      closeLabel={tCommon("close")}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={pending}>
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
        <FormField id={`${formId}-name`} label={t("name")} hint={t("nameHint")} error={nameError ?? undefined} required>
          <Input name="name" maxLength={NAME_MAX_LENGTH} autoComplete="off" autoFocus />
        </FormField>
        <FormField id={`${formId}-description`} label={t("descriptionLabel")} hint={t("descriptionHint")}>
          <Textarea name="description" maxLength={2_000} rows={3} />
        </FormField>
      </form>
    </Dialog>
  );
}
