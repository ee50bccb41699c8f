/** Wire shapes of the media API as the console reads them (lib/api/v1/media-schemas.ts). */

export type MediaKind = "image" | "audio";

export type MediaSummary = {
  id: string;
  kind: MediaKind;
  mimeType: string;
  bytes: number;
  sha256: string;
  originalName: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  tags: string[];
  caption: string | null;
  status: "processing" | "ready" | "failed" | string;
  error: string | null;
  ocrStatus: string;
  hasText: boolean;
  transcriptStatus: string;
  usedInDatasetIds: string[];
  createdAt: string;
  updatedAt: string;
  ocrTextPreview?: string | null;
  urls: { original: string; derived: string | null; thumbnail: string | null };
};

export type OcrBox = { text: string; confidence: number; box: [number, number][] };

export type MediaDetail = MediaSummary & {
  ocrText: string | null;
  ocrBoxes: OcrBox[] | null;
  ocrConfidence: number | null;
  ocrError: string | null;
  transcript: string | null;
  transcriptError: string | null;
};

export type UploadOutcome = {
  filename: string;
  status: "created" | "duplicate" | "rejected";
  duplicate: boolean;
  asset: MediaSummary | null;
  note: { reason: string; message: string; params: Record<string, string | number> } | null;
  error: { code: string; message: string; reason: string | null; params: Record<string, string | number> } | null;
};

/** Gallery filters as they appear in the page's query string. */
export type MediaFilters = {
  kind?: MediaKind;
  tag?: string;
  from?: string;
  to?: string;
  hasText?: "true" | "false";
  inDataset?: "true" | "false";
  q?: string;
};
