"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, Dialog, FormField, Input, Textarea } from "@/components/ui";
import { Link, useRouter } from "@/i18n/navigation";
import { EXAMPLE_MAX_CHARS, EXAMPLES_MAX } from "@/lib/prompts/schemas";
import type { FewShotExample } from "@/lib/prompts/types";
import { promptKeys, useFewShotSet } from "../queries";
import type { FewShotSetView } from "../types";

/** Loads a few-shot set and shows its editor. */
export function FewShotSetEditor({ setId, canWrite }: { setId: string; canWrite: boolean }) {
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const set = useFewShotSet(setId);
  if (set.error) return <Alert tone="error">{errorMessage(set.error)}</Alert>;
  if (!set.data) return <p className="text-sm text-muted">{tCommon("loading")}</p>;
  return <SetForm key={set.data.id} set={set.data} canWrite={canWrite} />;
}

/** Name, description and examples of a set, saved whole. Versions that copied the set keep their copy. */
function SetForm({ set, canWrite }: { set: FewShotSetView; canWrite: boolean }) {
  const t = useTranslations("prompts.fewShot.editor");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const formId = useId();
  const [name, setName] = useState(set.name);
  const [description, setDescription] = useState(set.description);
  const [examples, setExamples] = useState<FewShotExample[]>(set.examples);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const tooLong = examples.map((example) => example.input.length + example.output.length > EXAMPLE_MAX_CHARS);
  const empty = examples.map((example) => example.input.trim() === "" || example.output.trim() === "");
  const invalid = tooLong.some(Boolean) || empty.some(Boolean) || examples.length > EXAMPLES_MAX || name.trim() === "";

  const updateExample = (index: number, patch: Partial<FewShotExample>) => {
    setSaved(false);
    setExamples(examples.map((example, at) => (at === index ? { ...example, ...patch } : example)));
  };

  async function save() {
    setPending(true);
    setFailure(null);
    try {
      const { data } = await apiSend<ApiItem<FewShotSetView>>("PATCH", `/few-shot-sets/${encodeURIComponent(set.id)}`, { name: name.trim(), description, examples });
      // The form keeps its own state, so the saved set goes straight into the cache instead of a refetch.
      queryClient.setQueryData(promptKeys.fewShotSet(set.id), data);
      await queryClient.invalidateQueries({ queryKey: promptKeys.fewShotSets(), exact: true });
      setSaved(true);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  async function remove() {
    setPending(true);
    try {
      await apiSend("DELETE", `/few-shot-sets/${encodeURIComponent(set.id)}`);
      queryClient.removeQueries({ queryKey: promptKeys.fewShotSet(set.id) });
      await queryClient.invalidateQueries({ queryKey: promptKeys.fewShotSets(), exact: true });
      router.push("/prompts/few-shot");
    } catch (error) {
      setFailure(error);
      setDeleting(false);
      setPending(false);
    }
  }

  const fieldProblems = isApiRequestError(failure) ? Object.entries(failure.fields ?? {}) : [];

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm text-muted">
          <Link href="/prompts/few-shot" className="hover:underline">
            {t("breadcrumb")}
          </Link>
        </p>
        <h1 className="text-xl font-semibold">{set.name}</h1>
        <p className="text-sm text-muted">{t("snapshotNote")}</p>
      </div>

      <Card>
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <FormField id={`${formId}-name`} label={t("name")} required>
            <Input value={name} maxLength={120} disabled={!canWrite} onChange={(event) => {
                setSaved(false);
                setName(event.target.value);
              }} />
          </FormField>
          <FormField id={`${formId}-description`} label={t("description")}>
            <Input value={description} maxLength={2_000} disabled={!canWrite} onChange={(event) => {
                setSaved(false);
                setDescription(event.target.value);
              }} />
          </FormField>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("examples")} description={t("examplesHelp", { max: EXAMPLES_MAX, chars: EXAMPLE_MAX_CHARS })} />
        <CardBody className="space-y-4">
          <p className="text-xs text-muted tabular-nums">{t("count", { count: examples.length, max: EXAMPLES_MAX })}</p>
          {examples.length === 0 && <p className="text-sm text-muted">{t("empty")}</p>}
          {examples.map((example, index) => (
            <div key={index} className="grid gap-2 rounded-md border border-border p-3 sm:grid-cols-[auto_1fr_1fr_auto]">
              <span className="pt-2 text-xs text-muted tabular-nums">{index + 1}</span>
              <FormField id={`${formId}-input-${index}`} label={t("input")} error={empty[index] && example.input.trim() === "" ? t("required") : undefined}>
                <Textarea rows={2} value={example.input} disabled={!canWrite} onChange={(event) => updateExample(index, { input: event.target.value })} />
              </FormField>
              <FormField
                id={`${formId}-output-${index}`}
                label={t("output")}
                error={tooLong[index] ? t("tooLong", { chars: EXAMPLE_MAX_CHARS }) : empty[index] && example.output.trim() === "" ? t("required") : undefined}
              >
                <Textarea rows={2} value={example.output} disabled={!canWrite} onChange={(event) => updateExample(index, { output: event.target.value })} />
              </FormField>
              {canWrite && (
                <Button
                  size="sm"
                  variant="ghost"
                  className="self-start"
                  aria-label={t("remove", { number: index + 1 })}
                  onClick={() => {
                    setSaved(false);
                    setExamples(examples.filter((_, at) => at !== index));
                  }}
                  icon={<Trash2 className="size-4" aria-hidden />}
                />
              )}
            </div>
          ))}
          {canWrite && (
            <Button
              variant="secondary"
              icon={<Plus className="size-4" aria-hidden />}
              disabled={examples.length >= EXAMPLES_MAX}
              onClick={() => {
                setSaved(false);
                setExamples([...examples, { input: "", output: "" }]);
              }}
            >
              {t("add")}
            </Button>
          )}
        </CardBody>
      </Card>

      {failure !== null && (
        <Alert tone="error">
          {errorMessage(failure)}
          {fieldProblems.length > 0 && (
            <ul className="mt-1 list-inside list-disc font-mono text-xs">
              {fieldProblems.map(([field, reasons]) => (
                <li key={field}>{`${field}: ${reasons.join(", ")}`}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {saved && <Alert tone="success">{t("saved")}</Alert>}

      {canWrite && (
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => void save()} loading={pending && !deleting} disabled={invalid}>
            {tCommon("save")}
          </Button>
          <Button variant="danger" onClick={() => setDeleting(true)} disabled={pending}>
            {t("delete")}
          </Button>
        </div>
      )}

      <Dialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={t("deleteTitle", { name: set.name })}
        description={t("deleteBody")}
        closeLabel={tCommon("close")}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleting(false)} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <Button variant="danger" loading={pending} onClick={() => void remove()}>
              {t("delete")}
            </Button>
          </>
        }
      />
    </div>
  );
}
