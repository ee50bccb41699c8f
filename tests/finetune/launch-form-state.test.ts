import { describe, expect, it } from "vitest";
import {
  checkChoices,
  defaultJobName,
  initialDraft,
  parseHyperparameters,
  taskForDatasetType,
  toLaunchBody,
  validateDraft,
  type LaunchContext,
  type LaunchDraft,
} from "@/components/finetune/launch/form-state";
import type { BaseModelOption } from "@/components/finetune/launch/types";
import type { DatasetVersionOption } from "@/lib/finetune/console-reads";
import { launchJobInput, planJobInput } from "@/lib/finetune/schemas";

const llama: BaseModelOption = {
  id: "bm-llama",
  name: "tiny-llama",
  source: "local",
  localPath: "/models/tiny-llama",
  architecture: "LlamaForCausalLM",
  modelType: "llama",
  parameterCount: 1_000_000,
  contextLength: 512,
  hasChatTemplate: true,
  defaultTargetModules: ["q_proj", "v_proj"],
  candidateTargetModules: ["q_proj", "k_proj", "v_proj", "o_proj"],
  status: "ready",
  createdAt: "2025-01-01T00:00:00.000Z",
};

const chatVersion: DatasetVersionOption = {
  id: "dv-chat",
  datasetId: "ds-chat",
  datasetName: "crosswoz",
  number: 2,
  type: "chat",
  multiLabel: false,
  labelCount: 0,
  rowCount: 13,
  splits: { train: 8, validation: 3, test: 2, none: 0 },
  readyAt: "2025-01-01T00:00:00.000Z",
};

const context = (overrides: Partial<LaunchContext> = {}): LaunchContext => ({ baseModel: llama, version: chatVersion, gpuWorkerAvailable: false, ...overrides });
const draft = (overrides: Partial<LaunchDraft> = {}): LaunchDraft => ({ ...initialDraft(), baseModelId: llama.id, datasetVersionId: chatVersion.id, task: "chat_sft", ...overrides });
const keysOf = (issues: { key: string }[]) => issues.map((issue) => issue.key);

describe("launch form state", () => {
  it("builds a body the API schema accepts", () => {
    const { issues, body } = validateDraft(draft(), context());

    expect(issues).toEqual([]);
    expect(body).not.toBeNull();
    expect(planJobInput.strict().safeParse(body).success).toBe(true);
    expect(launchJobInput.strict().safeParse(toLaunchBody(body!, "", context())).success).toBe(true);
    expect(body!.hyperparameters.target_modules).toBeNull();
  });

  it("names an unnamed job after its choices", () => {
    expect(defaultJobName(context(), "lora")).toBe("tiny-llama · lora · crosswoz v2");
    const { body } = validateDraft(draft(), context());
    expect(toLaunchBody(body!, "  my job ", context()).name).toBe("my job");
  });

  it("asks for each missing choice", () => {
    const { issues, body } = validateDraft(initialDraft(), { baseModel: undefined, version: undefined, gpuWorkerAvailable: false });

    expect(body).toBeNull();
    expect(keysOf(issues)).toEqual(["chooseBaseModel", "chooseDatasetVersion", "chooseTask"]);
  });

  it("rejects out-of-range hyperparameters per field", () => {
    const numbers = { ...initialDraft().numbers, lora_rank: "0", learning_rate: "5", lora_dropout: "1", batch_size: "2.5", seed: "" };
    const { issues, body } = validateDraft(draft({ numbers }), context());

    expect(body).toBeNull();
    const byField = Object.fromEntries(issues.map((issue) => [issue.field, issue]));
    expect(byField["hyperparameters.lora_rank"]).toEqual({ field: "hyperparameters.lora_rank", key: "min", values: { min: 1 } });
    expect(byField["hyperparameters.learning_rate"]).toEqual({ field: "hyperparameters.learning_rate", key: "max", values: { max: 1 } });
    expect(byField["hyperparameters.lora_dropout"]).toEqual({ field: "hyperparameters.lora_dropout", key: "lessThan", values: { max: 1 } });
    expect(byField["hyperparameters.batch_size"]?.key).toBe("whole");
    expect(byField["hyperparameters.seed"]?.key).toBe("number");
  });

  it("treats a blank max steps as none", () => {
    const withSteps = parseHyperparameters(draft({ numbers: { ...initialDraft().numbers, max_steps: "4" } }));
    const blank = parseHyperparameters(draft({ numbers: { ...initialDraft().numbers, max_steps: " " } }));

    expect(withSteps.value?.max_steps).toBe(4);
    expect(blank.value?.max_steps).toBeNull();
  });

  it("ignores invalid fields the method hides", () => {
    const numbers = { ...initialDraft().numbers, lora_rank: "abc", num_virtual_tokens: "0" };

    const full = parseHyperparameters(draft({ method: "full", numbers }));
    const lora = parseHyperparameters(draft({ method: "lora", numbers }));

    expect(full.issues).toEqual([]);
    expect(full.value?.lora_rank).toBe(8);
    expect(full.value?.num_virtual_tokens).toBe(20);
    expect(keysOf(lora.issues)).toEqual(["number"]);
  });

  it("rejects module names the API rejects", () => {
    const result = parseHyperparameters(draft({ targetModules: ["q proj"] }));
    const duplicate = parseHyperparameters(draft({ targetModules: ["q_proj", "q_proj"] }));

    expect(result.issues).toEqual([{ field: "hyperparameters.target_modules", key: "moduleName" }]);
    expect(duplicate.issues).toEqual([{ field: "hyperparameters.target_modules", key: "modulesUnique" }]);
  });

  it("sends target modules only for LoRA methods", () => {
    const lora = validateDraft(draft({ targetModules: ["q_proj"] }), context());
    const full = validateDraft(draft({ method: "full", targetModules: ["q_proj"] }), context());

    expect(lora.body?.hyperparameters.target_modules).toEqual(["q_proj"]);
    expect(full.body?.hyperparameters.target_modules).toBeNull();
  });

  it("preselects the task from the dataset type", () => {
    expect(taskForDatasetType("chat")).toBe("chat_sft");
    expect(taskForDatasetType("classification")).toBe("seq_classification");
    expect(taskForDatasetType("preference")).toBeNull();
    expect(taskForDatasetType(null)).toBeNull();
  });

  it("rejects a dataset type that does not fit the task", () => {
    const issues = checkChoices(draft({ task: "seq_classification" }), context());

    expect(issues).toEqual([{ field: "task", key: "datasetTypeMismatch", values: { task: "seq_classification", type: "chat", expected: "classification" } }]);
  });

  it("rejects classification data the trainer cannot use", () => {
    const classification = { ...chatVersion, type: "classification" as const, labelCount: 1 };

    const fewLabels = checkChoices(draft({ task: "seq_classification" }), context({ version: classification }));
    const multiLabel = checkChoices(draft({ task: "seq_classification" }), context({ version: { ...classification, labelCount: 5, multiLabel: true } }));

    expect(keysOf(fewLabels)).toEqual(["tooFewLabels"]);
    expect(keysOf(multiLabel)).toEqual(["multiLabel"]);
  });

  it("rejects a version without train or validation rows", () => {
    const unsplit = { ...chatVersion, splits: { train: 0, validation: 0, test: 0, none: 13 } };

    const issues = checkChoices(draft(), context({ version: unsplit }));

    expect(issues).toEqual([
      { field: "datasetVersionId", key: "noTrainSplit", values: { version: 2 } },
      { field: "datasetVersionId", key: "noValidationSplit", values: { version: 2 } },
    ]);
  });

  it("rejects max_length over the base model's context length", () => {
    const numbers = { ...initialDraft().numbers, max_length: "4096" };

    expect(checkChoices(draft({ numbers }), context())).toEqual([{ field: "hyperparameters.max_length", key: "maxLengthOverContext", values: { context: 512 } }]);
    expect(checkChoices(draft({ numbers: { ...numbers, max_length: "512" } }), context())).toEqual([]);
    expect(checkChoices(draft({ numbers }), context({ baseModel: { ...llama, contextLength: null } }))).toEqual([]);
  });

  it("rejects QLoRA without a GPU worker", () => {
    expect(keysOf(checkChoices(draft({ method: "qlora" }), context()))).toEqual(["gpuRequired"]);
    expect(checkChoices(draft({ method: "qlora" }), context({ gpuWorkerAvailable: true }))).toEqual([]);
  });

  it("asks for target modules without an architecture default", () => {
    const unknown = { ...llama, modelType: "tinyunknown", defaultTargetModules: [] };

    const none = checkChoices(draft({ targetModules: [] }), context({ baseModel: unknown }));
    const picked = checkChoices(draft({ targetModules: ["q_proj"] }), context({ baseModel: unknown }));
    const fullMethod = checkChoices(draft({ method: "full", targetModules: [] }), context({ baseModel: unknown }));

    expect(none).toEqual([{ field: "hyperparameters.target_modules", key: "targetModulesRequired", values: { architecture: "tinyunknown" } }]);
    expect(picked).toEqual([]);
    expect(fullMethod).toEqual([]);
  });

  it("rejects merging without an adapter", () => {
    expect(keysOf(checkChoices(draft({ method: "prompt_tuning", mergeWeights: true }), context()))).toEqual(["mergeNeedsLora"]);
    expect(validateDraft(draft({ mergeWeights: true }), context()).body?.mergeWeights).toBe(true);
  });

  it("rejects a base model that is not ready", () => {
    const downloading = { ...llama, status: "downloading" };
    expect(checkChoices(draft(), context({ baseModel: downloading }))).toEqual([{ field: "baseModelId", key: "baseModelNotReady", values: { status: "downloading" } }]);
  });

  it("rejects evaluation settings out of range", () => {
    const { issues } = validateDraft(draft({ evaluation: { max_rows: "0", max_new_tokens: "9999", batch_size: "x" } }), context());

    expect(issues).toEqual([
      { field: "evaluation.max_rows", key: "min", values: { min: 1 } },
      { field: "evaluation.max_new_tokens", key: "max", values: { max: 4096 } },
      { field: "evaluation.batch_size", key: "number" },
    ]);
  });
});
