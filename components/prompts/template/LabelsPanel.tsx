"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, Dialog, FormField, Input, Select, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { LABEL_MAX_LENGTH, LABEL_PATTERN, STANDARD_LABELS } from "@/lib/prompts/schemas";
import { LabelBadge } from "../badges";
import { promptKeys, templatePath, useLabels } from "../queries";
import type { LabelView, VersionSummary } from "../types";

type PendingMove = { label: string; from: number | null; to: number; rollback: boolean };

const CUSTOM = "__custom";

/**
 * Labels of a template and the versions they point at. Members with prompts.publish can move a label,
 * roll it back to the version it pointed at before, or remove it; others see the labels only.
 */
export function LabelsPanel({ name, versions, canPublish }: { name: string; versions: VersionSummary[]; canPublish: boolean }) {
  const t = useTranslations("prompts.labels");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const formId = useId();
  const labels = useLabels(name);
  const [labelChoice, setLabelChoice] = useState<string>(STANDARD_LABELS[0]);
  const [customLabel, setCustomLabel] = useState("");
  const [versionChoice, setVersionChoice] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<PendingMove | null>(null);
  const [removing, setRemoving] = useState<LabelView | null>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const current = new Map((labels.data ?? []).map((label) => [label.name, label]));
  const versionOptions = versions.map((version) => ({ value: String(version.number), label: t("versionOption", { number: version.number, message: version.message || "—" }) }));

  function requestMove(event: FormEvent) {
    event.preventDefault();
    // The confirmation names the version the label leaves, so it waits for the current labels.
    if (!labels.data) return;
    const label = labelChoice === CUSTOM ? customLabel.trim() : labelChoice;
    if (!LABEL_PATTERN.test(label) || label.length > LABEL_MAX_LENGTH) return setFormError(t("labelInvalid"));
    const to = Number(versionChoice || versions[0]?.number);
    if (!to) return setFormError(t("versionRequired"));
    setFormError(null);
    setConfirming({ label, from: current.get(label)?.versionNumber ?? null, to, rollback: false });
  }

  async function run(action: () => Promise<unknown>) {
    setPending(true);
    setFailure(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: promptKeys.template(name) });
      await queryClient.invalidateQueries({ queryKey: promptKeys.list() });
      setConfirming(null);
      setRemoving(null);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const moveLabel = (move: PendingMove) =>
    run(() => apiSend("PUT", `${templatePath(name)}/labels/${encodeURIComponent(move.label)}`, { version: move.to }));
  const removeLabel = (label: LabelView) => run(() => apiSend("DELETE", `${templatePath(name)}/labels/${encodeURIComponent(label.name)}`));

  return (
    <Card>
      <CardHeader title={t("title")} description={canPublish ? t("description") : t("readOnly")} />
      <CardBody className="space-y-4">
        {labels.error && <Alert tone="error">{errorMessage(labels.error)}</Alert>}
        {failure !== null && !confirming && !removing && <Alert tone="error">{errorMessage(failure)}</Alert>}
        {labels.data && labels.data.length === 0 && <p className="text-sm text-muted">{t("empty")}</p>}

        {labels.data && labels.data.length > 0 && (
          <Table caption={t("title")} captionHidden>
            <THead>
              <tr>
                <Th>{t("label")}</Th>
                <Th>{t("pointsAt")}</Th>
                <Th>{t("updated")}</Th>
                {canPublish && <Th className="text-right">{t("actions")}</Th>}
              </tr>
            </THead>
            <TBody>
              {labels.data.map((label) => (
                <Tr key={label.name}>
                  <Td>
                    <LabelBadge name={label.name} />
                  </Td>
                  <Td className="font-medium">{t("version", { number: label.versionNumber })}</Td>
                  <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(label.updatedAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
                  {canPublish && (
                    <Td className="text-right whitespace-nowrap">
                      {label.previousVersionNumber !== null && versions.some((version) => version.number === label.previousVersionNumber) && (
                        <Button
                          size="sm"
                          variant="secondary"
                          icon={<Undo2 className="size-4" aria-hidden />}
                          onClick={() => setConfirming({ label: label.name, from: label.versionNumber, to: label.previousVersionNumber!, rollback: true })}
                        >
                          {t("rollback", { number: label.previousVersionNumber })}
                        </Button>
                      )}
                      <Button size="sm" variant="ghost" className="ml-1" onClick={() => setRemoving(label)}>
                        {t("remove")}
                      </Button>
                    </Td>
                  )}
                </Tr>
              ))}
            </TBody>
          </Table>
        )}

        {canPublish && versions.length > 0 && (
          <form id={formId} onSubmit={requestMove} className="flex flex-wrap items-end gap-3" noValidate>
            <FormField id={`${formId}-label`} label={t("label")} className="w-44">
              <Select value={labelChoice} onChange={(event) => setLabelChoice(event.target.value)}>
                {STANDARD_LABELS.map((label) => (
                  <option key={label} value={label}>
                    {label}
                  </option>
                ))}
                <option value={CUSTOM}>{t("customOption")}</option>
              </Select>
            </FormField>
            {labelChoice === CUSTOM && (
              <FormField id={`${formId}-custom`} label={t("customName")} hint={t("customHint")} className="w-48">
                <Input value={customLabel} onChange={(event) => setCustomLabel(event.target.value)} maxLength={LABEL_MAX_LENGTH} className="font-mono" placeholder="canary" />
              </FormField>
            )}
            <FormField id={`${formId}-version`} label={t("toVersion")} className="min-w-56 flex-1">
              <Select value={versionChoice || String(versions[0]?.number ?? "")} onChange={(event) => setVersionChoice(event.target.value)} options={versionOptions} />
            </FormField>
            <Button type="submit" disabled={!labels.data}>
              {t("move")}
            </Button>
            {formError && (
              <p role="alert" className="w-full text-xs font-medium text-red-600">
                {formError}
              </p>
            )}
          </form>
        )}
      </CardBody>

      <Dialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming?.rollback ? t("confirmRollbackTitle", { label: confirming.label }) : t("confirmMoveTitle", { label: confirming?.label ?? "" })}
        description={
          confirming
            ? confirming.from === null
              ? t("confirmCreate", { label: confirming.label, name, to: confirming.to })
              : t("confirmMove", { label: confirming.label, name, from: confirming.from, to: confirming.to })
            : undefined
        }
        closeLabel={tCommon("close")}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(null)} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <Button loading={pending} onClick={() => confirming && void moveLabel(confirming)}>
              {confirming?.rollback ? t("rollback", { number: confirming.to }) : t("move")}
            </Button>
          </>
        }
      >
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
      </Dialog>

      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={t("confirmRemoveTitle", { label: removing?.name ?? "" })}
        description={removing ? t("confirmRemove", { label: removing.name, name }) : undefined}
        closeLabel={tCommon("close")}
        footer={
          <>
            <Button variant="secondary" onClick={() => setRemoving(null)} disabled={pending}>
              {tCommon("cancel")}
            </Button>
            <Button variant="danger" loading={pending} onClick={() => removing && void removeLabel(removing)}>
              {t("remove")}
            </Button>
          </>
        }
      >
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
      </Dialog>
    </Card>
  );
}
