"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Button, Input, Select, Td, Tr } from "@/components/ui";
import { CAPABILITIES, CURRENCIES, type Capability, type Currency } from "@/lib/llm/types";
import { providerKeys } from "./queries";
import type { ProviderModelView } from "./types";

type Draft = { displayName: string; capabilities: Capability[]; inputPrice: string; outputPrice: string; currency: Currency; enabled: boolean };

function draftOf(model: ProviderModelView): Draft {
  return {
    displayName: model.displayName,
    capabilities: model.capabilities,
    inputPrice: model.inputPrice === null ? "" : String(model.inputPrice),
    outputPrice: model.outputPrice === null ? "" : String(model.outputPrice),
    currency: model.currency,
    enabled: model.enabled,
  };
}

/** Reads a price field: empty means unknown (null); anything else must be a number of at least 0. */
function parsePrice(text: string): number | null | "invalid" {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? value : "invalid";
}

/** Renders one model of the provider's model table, edited in place: display name, capabilities, prices, currency, enabled. */
export function ModelRow({ model }: { model: ProviderModelView }) {
  const t = useTranslations("providers.models");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(model));
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);

  const saved = draftOf(model);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const update = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  function toggleCapability(capability: Capability, on: boolean) {
    const next = on ? [...draft.capabilities, capability] : draft.capabilities.filter((entry) => entry !== capability);
    update({ capabilities: CAPABILITIES.filter((entry) => next.includes(entry)) });
  }

  async function save() {
    const inputPrice = parsePrice(draft.inputPrice);
    const outputPrice = parsePrice(draft.outputPrice);
    if (inputPrice === "invalid" || outputPrice === "invalid") return setProblem(t("priceInvalid"));
    if (draft.capabilities.length === 0) return setProblem(t("capabilityRequired"));

    setPending(true);
    setProblem(null);
    try {
      await apiSend<ApiItem<ProviderModelView>>("PATCH", `/provider-models/${encodeURIComponent(model.id)}`, {
        displayName: draft.displayName.trim(),
        capabilities: draft.capabilities,
        inputPrice,
        outputPrice,
        currency: draft.currency,
        enabled: draft.enabled,
      });
      await queryClient.invalidateQueries({ queryKey: providerKeys.models(model.providerId) });
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  async function remove() {
    setPending(true);
    try {
      await apiSend("DELETE", `/provider-models/${encodeURIComponent(model.id)}`);
      await queryClient.invalidateQueries({ queryKey: providerKeys.provider(model.providerId) });
    } catch (error) {
      setProblem(errorMessage(error));
      setPending(false);
      setRemoving(false);
    }
  }

  return (
    <Tr>
      <Td className="min-w-48">
        <p className="font-mono text-xs">{model.name}</p>
        <Input
          aria-label={t("displayNameFor", { model: model.name })}
          className="mt-1 h-8"
          value={draft.displayName}
          placeholder={t("displayNamePlaceholder")}
          maxLength={200}
          onChange={(event) => update({ displayName: event.target.value })}
        />
        {problem && (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {problem}
          </p>
        )}
      </Td>
      <Td>
        <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
          <legend className="sr-only">{t("capabilitiesFor", { model: model.name })}</legend>
          {CAPABILITIES.map((capability) => (
            <label key={capability} className="flex items-center gap-1 text-xs whitespace-nowrap">
              <input
                type="checkbox"
                className="size-3.5 accent-brand-600"
                checked={draft.capabilities.includes(capability)}
                onChange={(event) => toggleCapability(capability, event.target.checked)}
              />
              {t(`capabilities.${capability}`)}
            </label>
          ))}
        </fieldset>
      </Td>
      <Td>
        <Input
          aria-label={t("inputPriceFor", { model: model.name })}
          className="h-8 w-24 min-w-24"
          inputMode="decimal"
          value={draft.inputPrice}
          placeholder={t("unknownPrice")}
          onChange={(event) => update({ inputPrice: event.target.value })}
        />
      </Td>
      <Td>
        <Input
          aria-label={t("outputPriceFor", { model: model.name })}
          className="h-8 w-24 min-w-24"
          inputMode="decimal"
          value={draft.outputPrice}
          placeholder={t("unknownPrice")}
          onChange={(event) => update({ outputPrice: event.target.value })}
        />
      </Td>
      <Td>
        <Select
          aria-label={t("currencyFor", { model: model.name })}
          className="h-8 w-24 min-w-24 pr-7 pl-2"
          value={draft.currency}
          onChange={(event) => update({ currency: event.target.value as Currency })}
          options={CURRENCIES.map((currency) => ({ value: currency, label: currency }))}
        />
      </Td>
      <Td>
        <label className="flex items-center gap-1.5 text-xs whitespace-nowrap">
          <input type="checkbox" className="size-3.5 accent-brand-600" checked={draft.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
          {t("enabled")}
        </label>
      </Td>
      <Td className="text-right whitespace-nowrap">
        <Button size="sm" onClick={() => void save()} disabled={!dirty} loading={pending && !removing}>
          {tCommon("save")}
        </Button>
        <Button size="sm" variant="ghost" className="ml-1" aria-label={t("removeModel", { model: model.name })} icon={<Trash2 className="size-4" aria-hidden />} onClick={() => setRemoving(true)} />
        <ConfirmDialog
          open={removing}
          title={t("removeTitle", { model: model.name })}
          description={t("removeBody")}
          confirmLabel={t("remove")}
          cancelLabel={tCommon("cancel")}
          closeLabel={tCommon("close")}
          destructive
          pending={pending}
          onConfirm={() => void remove()}
          onClose={() => setRemoving(false)}
        />
      </Td>
    </Tr>
  );
}
