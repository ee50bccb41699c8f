/** A registered base model as GET /api/v1/base-models returns it. */
export type BaseModelOption = {
  id: string;
  name: string;
  source: "local" | "huggingface" | "modelscope";
  localPath: string | null;
  architecture: string | null;
  modelType: string | null;
  parameterCount: number | null;
  contextLength: number | null;
  hasChatTemplate: boolean;
  defaultTargetModules: string[];
  candidateTargetModules: string[];
  /** downloading, ready or failed; only ready models can be trained. */
  status: string;
  createdAt: string;
};

/** The result of POST /api/v1/fine-tuning/plan. */
export type PlanView = {
  device: "cuda" | "cpu";
  precision: string;
  trainableParameters: number;
  totalParameters: number;
  trainableRatio: number;
  targetModules: string[] | null;
  /** Estimated peak training memory in MiB. */
  memoryMb: { weights: number; gradients: number; optimizer: number; activations: number; total: number };
  rows: Record<string, number>;
};

/** The job POST /api/v1/fine-tuning/jobs returns; the form only needs its id. */
export type LaunchedJob = { id: string; externalId: string; name: string };
