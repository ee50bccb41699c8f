import { readFileSync } from "node:fs";
import { createTranslator, type IntlError } from "next-intl";
import { describe, expect, it } from "vitest";
import { EVALUATION_FIELDS, NUMBER_FIELDS } from "@/components/finetune/launch/form-state";
import { METHODS, TASKS } from "@/lib/finetune/hyperparameters";
import enFineTuning from "@/messages/en/fineTuning.json";
import zhFineTuning from "@/messages/zh-CN/fineTuning.json";

/** Message keys the console builds from values at run time, which a typo would leave untranslated. */
const dynamicKeys: [string, Record<string, string | number>][] = [
  ...["queued", "running", "succeeded", "failed", "cancelled"].map((status) => [`status.${status}`, {}] as [string, Record<string, never>]),
  ...TASKS.map((task) => [`tasks.${task}`, {}] as [string, Record<string, never>]),
  ...METHODS.flatMap((method) => [
    [`methods.${method}`, {}],
    [`launch.methodHints.${method}`, {}],
    [`launch.sections.adapter.${method}`, {}],
  ] as [string, Record<string, never>][]),
  ...["data", "train", "evaluate", "register"].map((stage) => [`list.stages.${stage}`, {}] as [string, Record<string, never>]),
  ...["out_of_memory", "bad_row", "missing_model_files", "invalid_spec", "internal", "trainer_crashed"].map((code) => [`result.errors.${code}`, {}] as [string, Record<string, never>]),
  ...["accuracy", "macro_f1", "exact_match", "rouge_l", "perplexity"].map((metric) => [`result.metrics.${metric}`, {}] as [string, Record<string, never>]),
  ...NUMBER_FIELDS.flatMap((field) => [
    [`launch.hyperparameters.${field}.label`, {}],
    [`launch.hyperparameters.${field}.hint`, {}],
  ] as [string, Record<string, never>][]),
  ...EVALUATION_FIELDS.flatMap((field) => [
    [`launch.evaluation.${field}.label`, {}],
    [`launch.evaluation.${field}.hint`, {}],
  ] as [string, Record<string, never>][]),
];

/** Every issue key form-state.ts produces, with the values it passes. */
const issueKeys: [string, Record<string, string | number>][] = [
  ["chooseBaseModel", {}],
  ["baseModelNotReady", { status: "downloading" }],
  ["chooseDatasetVersion", {}],
  ["chooseTask", {}],
  ["datasetTypeMismatch", { task: "Chat SFT", type: "classification", expected: "chat" }],
  ["multiLabel", {}],
  ["tooFewLabels", { count: 1 }],
  ["noTrainSplit", { version: 2 }],
  ["noValidationSplit", { version: 2 }],
  ["gpuRequired", { method: "QLoRA" }],
  ["targetModulesRequired", { architecture: "tinyunknown" }],
  ["mergeNeedsLora", { method: "Full" }],
  ["maxLengthOverContext", { context: 512 }],
  ["whole", {}],
  ["number", {}],
  ["min", { min: 1 }],
  ["greaterThan", { min: 0 }],
  ["max", { max: 1 }],
  ["lessThan", { max: 1 }],
  ["modulesRequired", {}],
  ["modulesTooMany", { max: 64 }],
  ["moduleName", {}],
  ["modulesUnique", {}],
  ["invalid", {}],
  ["invalidField", { field: "hyperparameters.seed" }],
];

it("issue list matches form-state", () => {
  const read = (file: string) => readFileSync(new URL(`../../components/finetune/launch/${file}`, import.meta.url), "utf8");
  const produced = new Set([...read("form-state.ts").matchAll(/key: "(\w+)"/g)].map((match) => match[1]));
  // issue-text.ts adds its own keys for API failures.
  for (const match of read("issue-text.ts").matchAll(/\bt\("(\w+)"/g)) produced.add(match[1]);
  // issueFromZod picks between two keys with a conditional, which the pattern above does not see.
  for (const key of ["whole", "number", "min", "greaterThan", "max", "lessThan"]) produced.add(key);

  expect([...produced].sort()).toEqual(issueKeys.map(([key]) => key).sort());
});

describe.each([
  ["en", enFineTuning],
  ["zh-CN", zhFineTuning],
])("fineTuning messages in %s", (locale, messages) => {
  const errors: IntlError[] = [];
  const translator = createTranslator({ locale, messages: { fineTuning: messages }, namespace: "fineTuning", onError: (error) => errors.push(error) });
  // The keys below are built from values, as the console builds them, so they are plain strings here.
  const t = translator as unknown as (key: string, values?: Record<string, string | number>) => string;

  it("cover keys built at run time", () => {
    for (const [key, values] of dynamicKeys) {
      t(key, values);
      expect(errors, key).toEqual([]);
    }
  });

  it("cover every form issue", () => {
    for (const [key, values] of issueKeys) {
      const text = t(`launch.issues.${key}`, values);
      expect(errors, key).toEqual([]);
      for (const value of Object.values(values)) expect(text, key).toContain(String(value));
    }
  });
});
