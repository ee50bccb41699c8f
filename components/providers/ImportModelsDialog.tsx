"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import { apiGet, apiSend, useApiErrorMessage, type ApiItem, type ApiList } from "@/components/datasets/api";
import { Alert, Badge, Button, Dialog, Input, Spinner } from "@/components/ui";
import { MAX_IMPORT_MODELS } from "@/lib/providers/limits";
import { guessCapabilities } from "@/lib/providers/presets";
import { providerKeys } from "./queries";
import type { ProviderModelView, ProviderView, RemoteModelView } from "./types";

/**
 * Renders the "Import models" dialog, which lists what the provider's /models endpoint offers as checkboxes, marks the
 * models already imported, and also takes ids typed by hand for providers whose list is incomplete.
 */
export function ImportModelsDialog({ provider, onClose }: { provider: ProviderView; onClose: () => void }) {
  const t = useTranslations("providers.import");
  const tCapabilities = useTranslations("providers.models.capabilities");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const filterId = useId();
  const manualId = useId();
  const [filter, setFilter] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [manual, setManual] = useState<string[]>([]);
  const [manualText, setManualText] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<{ imported: number; skipped: number } | null>(null);

  const remote = useQuery({
    queryKey: providerKeys.remoteModels(provider.id),
    queryFn: ({ signal }) => apiGet<ApiList<RemoteModelView>>(`/providers/${encodeURIComponent(provider.id)}/remote-models`, signal).then((body) => body.data),
    // A failed listing is shown with its reason at once; retrying a wrong key would only slow that down.
    retry: false,
    staleTime: 0,
  });

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (remote.data ?? []).filter((model) => !needle || model.id.toLowerCase().includes(needle));
  }, [remote.data, filter]);
  const selectable = visible.filter((model) => !model.imported);
  const chosen = [...selected, ...manual];

  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function selectAllVisible(on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      for (const model of selectable) {
        if (on) next.add(model.id);
        else next.delete(model.id);
      }
      return next;
    });
  }

  function addManual() {
    const id = manualText.trim();
    if (!id || id.length > 200 || manual.includes(id) || selected.has(id)) return;
    setManual((current) => [...current, id]);
    setManualText("");
  }

  async function submit() {
    setPending(true);
    setFailure(null);
    try {
      const { data } = await apiSend<ApiItem<{ imported: ProviderModelView[]; skipped: string[] }>>("POST", `/providers/${encodeURIComponent(provider.id)}/models`, {
        models: chosen.slice(0, MAX_IMPORT_MODELS),
      });
      setDone({ imported: data.imported.length, skipped: data.skipped.length });
      setSelected(new Set());
      setManual([]);
      await queryClient.invalidateQueries({ queryKey: providerKeys.provider(provider.id) });
      await queryClient.invalidateQueries({ queryKey: providerKeys.list() });
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const allVisibleChosen = selectable.length > 0 && selectable.every((model) => selected.has(model.id));

  return (
    <Dialog
      open
      onClose={onClose}
      title={t("title", { name: provider.name })}
      description={t("description")}
      closeLabel={tCommon("close")}
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {done ? tCommon("close") : tCommon("cancel")}
          </Button>
          <Button onClick={() => void submit()} loading={pending} disabled={chosen.length === 0 || chosen.length > MAX_IMPORT_MODELS}>
            {t("submit", { count: chosen.length })}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {done && <Alert tone="success">{t("done", { imported: done.imported, skipped: done.skipped })}</Alert>}
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
        {chosen.length > MAX_IMPORT_MODELS && <Alert tone="warning">{t("tooMany", { max: MAX_IMPORT_MODELS })}</Alert>}

        {remote.isPending && (
          <p className="flex items-center gap-2 text-sm text-muted" role="status">
            <Spinner />
            {t("loading")}
          </p>
        )}
        {remote.error && (
          <Alert tone="error" title={t("listFailed")}>
            {errorMessage(remote.error)}{" "}
            <button type="button" className="font-medium underline" onClick={() => void remote.refetch()}>
              {tCommon("retry")}
            </button>
          </Alert>
        )}

        {remote.data && (
          <div className="space-y-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <label htmlFor={filterId} className="sr-only">
                {t("filter")}
              </label>
              <Input id={filterId} className="max-w-xs" placeholder={t("filter")} value={filter} onChange={(event) => setFilter(event.target.value)} />
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="size-4 accent-brand-600" checked={allVisibleChosen} disabled={selectable.length === 0} onChange={(event) => selectAllVisible(event.target.checked)} />
                {t("selectAll", { count: selectable.length })}
              </label>
            </div>
            <p className="text-xs text-muted">{t("listed", { count: remote.data.length })}</p>
            <ul className="max-h-80 divide-y divide-border overflow-y-auto rounded-md border border-border">
              {visible.length === 0 && <li className="px-3 py-6 text-center text-sm text-muted">{t("noneListed")}</li>}
              {visible.map((model) => (
                <li key={model.id} className="flex items-center gap-3 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={model.id}
                    className="size-4 accent-brand-600"
                    checked={model.imported || selected.has(model.id)}
                    disabled={model.imported}
                    onChange={(event) => toggle(model.id, event.target.checked)}
                  />
                  <span className="min-w-0 flex-1 truncate font-mono text-xs" title={model.id}>
                    {model.id}
                  </span>
                  {model.imported && <Badge tone="success">{t("imported")}</Badge>}
                  {model.capabilities.map((capability) => (
                    <Badge key={capability}>{tCapabilities(capability)}</Badge>
                  ))}
                  {model.inputPrice !== null && (
                    <span className="text-xs whitespace-nowrap text-muted">{t("price", { input: model.inputPrice, output: model.outputPrice ?? 0, currency: model.currency })}</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}

        <div className="space-y-2 border-t border-border pt-4">
          <label htmlFor={manualId} className="block text-sm font-medium">
            {t("manual")}
          </label>
          <div className="flex gap-2">
            <Input
              id={manualId}
              value={manualText}
              maxLength={200}
              spellCheck={false}
              placeholder="qwen-max-latest"
              onChange={(event) => setManualText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  addManual();
                }
              }}
            />
            <Button variant="secondary" onClick={addManual} disabled={!manualText.trim()}>
              {t("addManual")}
            </Button>
          </div>
          <p className="text-xs text-muted">{t("manualHint")}</p>
          {manual.length > 0 && (
            <ul className="flex flex-wrap gap-2">
              {manual.map((id) => (
                <li key={id} className="flex items-center gap-1 rounded-full bg-subtle px-2 py-0.5 font-mono text-xs">
                  {id}
                  <span className="text-muted">({guessCapabilities(id).map((capability) => tCapabilities(capability)).join(", ")})</span>
                  <button type="button" className="ml-1 text-muted hover:text-fg" aria-label={t("removeManual", { id })} onClick={() => setManual((current) => current.filter((entry) => entry !== id))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Dialog>
  );
}
