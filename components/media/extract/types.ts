/** Wire shapes of the extraction API as the console reads them (lib/api/v1/extraction-routes.ts). */

export type ExtractionSchemaView = { id: string; name: string; description: string | null; schema: Record<string, unknown>; columns: string[] };

export type ExtractionRunView = {
  id: string;
  schemaId: string;
  model: string;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  total: number;
  completed: number;
  failed: number;
  error: string | null;
  createdAt: string;
};

/** One problem of a result: ajv's JSON Pointer, keyword and params, or the failure kind of an error result; `message` is English. */
export type Violation = { path: string; message: string; keyword: string; params?: Record<string, string | number> };

export type ExtractionResultView = {
  id: string;
  assetId: string;
  fileName: string | null;
  thumbnailUrl: string | null;
  status: "pending" | "valid" | "invalid" | "error";
  data: Record<string, unknown> | null;
  errors: Violation[];
  edited: boolean;
};

export type RunResults = { run: ExtractionRunView; columns: string[]; results: ExtractionResultView[] };

export const extractKeys = {
  schemas: ["media-extract", "schemas"] as const,
  runs: ["media-extract", "runs"] as const,
  run: (id: string) => ["media-extract", "run", id] as const,
};
