"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { Card, CardBody, CardHeader, FormField, Input, Select } from "@/components/ui";
import { ANSWER_PATTERN_MAX_LENGTH, DEFAULT_ANSWER_PATTERN, DEFAULT_SELF_CONSISTENCY_TEMPERATURE } from "@/lib/prompts/strategy";
import { STRATEGY_KINDS, type StrategyKind } from "@/lib/prompts/types";
import { Link } from "@/i18n/navigation";
import { useFewShotSets } from "../queries";
import type { DraftStrategy, ExampleSource } from "./draft";

type Props = {
  strategy: DraftStrategy;
  onStrategyChange: (strategy: DraftStrategy) => void;
  exampleSource: ExampleSource;
  onExampleSourceChange: (source: ExampleSource) => void;
  maxSamples: number;
};

const NONE = "none";
const KEEP = "keep";

/** The few-shot set picker and the strategy with its settings: shots, answer pattern, samples and temperature. */
export function StrategySettings({ strategy, onStrategyChange, exampleSource, onExampleSourceChange, maxSamples }: Props) {
  const t = useTranslations("prompts.editor.strategy");
  const tStrategy = useTranslations("prompts.strategy");
  const formId = useId();
  const sets = useFewShotSets();
  const set = (patch: Partial<DraftStrategy>) => onStrategyChange({ ...strategy, ...patch });

  const sourceValue = exampleSource.kind === "set" ? exampleSource.setId : exampleSource.kind;
  const keptCount = exampleSource.kind === "keep" ? exampleSource.examples.length : 0;
  const selectedSet = exampleSource.kind === "set" ? sets.data?.find((item) => item.id === exampleSource.setId) : undefined;
  const exampleCount = exampleSource.kind === "keep" ? keptCount : (selectedSet?.exampleCount ?? 0);
  const usesShots = strategy.kind !== "zero_shot";
  const usesReasoning = strategy.kind === "chain_of_thought" || strategy.kind === "self_consistency";

  function chooseSource(value: string) {
    if (value === NONE) onExampleSourceChange({ kind: "none" });
    else if (value === KEEP && exampleSource.kind === "keep") onExampleSourceChange(exampleSource);
    else onExampleSourceChange({ kind: "set", setId: value });
  }

  return (
    <Card>
      <CardHeader title={t("title")} description={t("help")} />
      <CardBody className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            id={`${formId}-examples`}
            label={t("examples")}
            hint={
              <>
                {t("examplesHint")}{" "}
                <Link href="/prompts/few-shot" className="underline">
                  {t("manageSets")}
                </Link>
              </>
            }
          >
            <Select value={sourceValue} onChange={(event) => chooseSource(event.target.value)}>
              <option value={NONE}>{t("noExamples")}</option>
              {exampleSource.kind === "keep" && <option value={KEEP}>{t("keepExamples", { count: keptCount, number: exampleSource.fromVersion })}</option>}
              {sets.data?.map((item) => (
                <option key={item.id} value={item.id}>
                  {t("setOption", { name: item.name, count: item.exampleCount })}
                </option>
              ))}
            </Select>
          </FormField>

          <FormField id={`${formId}-kind`} label={t("strategy")} hint={tStrategy(`help.${strategy.kind}`)}>
            <Select value={strategy.kind} onChange={(event) => set({ kind: event.target.value as StrategyKind })}>
              {STRATEGY_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {tStrategy(`kinds.${kind}`)}
                </option>
              ))}
            </Select>
          </FormField>
        </div>

        {(usesShots || usesReasoning) && (
          <div className="grid gap-4 sm:grid-cols-3">
            {usesShots && (
              <FormField id={`${formId}-shots`} label={t("shots")} hint={strategy.kind === "few_shot" ? t("shotsHintAll", { count: exampleCount }) : t("shotsHintNone", { count: exampleCount })}>
                <Input type="number" min={0} max={exampleCount} step={1} value={strategy.shots} onChange={(event) => set({ shots: event.target.value })} />
              </FormField>
            )}
            {strategy.kind === "self_consistency" && (
              <>
                <FormField id={`${formId}-samples`} label={t("samples")} hint={t("samplesHint", { max: maxSamples })}>
                  <Input type="number" min={2} max={maxSamples} step={1} value={strategy.samples} onChange={(event) => set({ samples: event.target.value })} />
                </FormField>
                <FormField id={`${formId}-temperature`} label={t("temperature")} hint={t("temperatureHint", { value: DEFAULT_SELF_CONSISTENCY_TEMPERATURE })}>
                  <Input
                    type="number"
                    min={0}
                    max={2}
                    step={0.1}
                    value={strategy.temperature}
                    placeholder={String(DEFAULT_SELF_CONSISTENCY_TEMPERATURE)}
                    onChange={(event) => set({ temperature: event.target.value })}
                  />
                </FormField>
              </>
            )}
          </div>
        )}

        {usesReasoning && (
          <FormField id={`${formId}-pattern`} label={t("answerPattern")} hint={t("answerPatternHint")}>
            <Input
              value={strategy.answerPattern}
              maxLength={ANSWER_PATTERN_MAX_LENGTH}
              placeholder={DEFAULT_ANSWER_PATTERN}
              className="font-mono text-xs"
              onChange={(event) => set({ answerPattern: event.target.value })}
            />
          </FormField>
        )}
      </CardBody>
    </Card>
  );
}
