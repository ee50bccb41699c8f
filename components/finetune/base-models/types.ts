/** A base model as GET /api/v1/base-models returns it. */
export type BaseModelView = {
  id: string;
  name: string;
  source: "local" | "huggingface" | "modelscope";
  localPath: string | null;
  repoId: string | null;
  revision: string | null;
  architecture: string | null;
  modelType: string | null;
  parameterCount: number | null;
  contextLength: number | null;
  hasChatTemplate: boolean;
  defaultTargetModules: string[];
  candidateTargetModules: string[];
  status: string;
  error: string | null;
  downloadedBytes: number | null;
  totalBytes: number | null;
  createdAt: string;
};

export type BaseModelSource = BaseModelView["source"];
export const BASE_MODEL_SOURCES: BaseModelSource[] = ["local", "huggingface", "modelscope"];

/** React-query key of the base model list, refreshed after a registration. */
export const baseModelKeys = { list: () => ["base-models", "list"] as const };
