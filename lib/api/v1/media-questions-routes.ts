import { z } from "zod";
import type { MediaQuestion } from "@/lib/db/generated/client";
import { askAboutImage, askQuestionInput, listImageQuestions, listQuestionsQuery } from "@/lib/media/ask";
import { captionBatchInput, captionProgress, captionProgressQuery, MAX_CAPTION_IMAGES, startCaptionBatch } from "@/lib/media/caption";
import { defineRoute, type AnyRouteDefinition } from "../route";

const TAG = "Media";

const assetParams = z.object({ assetId: z.string().min(1).max(100).describe("Media file id") });

export const mediaQuestionResource = z.object({
  id: z.string(),
  assetId: z.string(),
  kind: z.enum(["question", "caption"]),
  modelId: z.string().nullable().describe("ProviderModel id; null when the model was deleted"),
  model: z.string().describe("Model name sent upstream"),
  question: z.string(),
  answer: z.string().nullable(),
  status: z.enum(["pending", "ok", "error"]).describe("pending: a caption still waiting for its call"),
  error: z.string().nullable().describe("Why the call failed, in plain words; null when status is ok"),
  inputTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  createdAt: z.string(),
});

export function toMediaQuestionView(row: MediaQuestion): z.infer<typeof mediaQuestionResource> {
  return {
    id: row.id,
    assetId: row.assetId,
    kind: row.kind === "caption" ? "caption" : "question",
    modelId: row.providerModelId,
    model: row.model,
    question: row.question,
    answer: row.answer,
    status: row.status === "ok" || row.status === "pending" ? row.status : "error",
    error: row.error,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    latencyMs: row.latencyMs,
    createdAt: row.createdAt.toISOString(),
  };
}

export const askMediaQuestionRoute = defineRoute({
  method: "POST",
  path: "/media/{assetId}/questions",
  operationId: "askMediaQuestion",
  summary: "Ask a vision model about an image",
  description:
    "Sends the image's derived copy (inline, as a data URL) and its OCR text (PII-masked unless the workspace allows raw text) with the " +
    "question to a model with the vision capability, and stores the question with the answer. A provider failure (error status, timeout, " +
    "unreachable) is stored and returned with status error and the reason in `error`. Before anything is sent: INVALID_INPUT " +
    "mediaExtract.not_vision for a model without the vision capability, mediaExtract.not_an_image for audio, and CONFLICT " +
    "mediaExtract.image_not_ready while the image is processing.",
  tag: TAG,
  permission: "models.use",
  params: assetParams,
  body: askQuestionInput,
  response: mediaQuestionResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body, meta }) {
    const { question, audit } = await askAboutImage(db, actor, params.assetId, body, { requestId: meta.requestId });
    return { data: toMediaQuestionView(question), audit };
  },
});

export const listMediaQuestionsRoute = defineRoute({
  method: "GET",
  path: "/media/{assetId}/questions",
  operationId: "listMediaQuestions",
  summary: "List an image's questions and captions",
  description: "Lists the questions asked about the image and the captions generated for it, newest first.",
  tag: TAG,
  permission: "console.read",
  params: assetParams,
  query: listQuestionsQuery,
  response: z.array(mediaQuestionResource),
  async handler({ actor, db, params, query }) {
    return { data: (await listImageQuestions(db, actor, params.assetId, query)).map(toMediaQuestionView) };
  },
});

const captionProgressResource = z.object({
  total: z.number().int(),
  done: z.number().int().describe("Captions written to their image"),
  failed: z.number().int(),
  pending: z.number().int(),
});

export const startCaptionsRoute = defineRoute({
  method: "POST",
  path: "/media/captions",
  operationId: "startMediaCaptions",
  summary: "Caption images in batch",
  description:
    `Queues captions for up to ${MAX_CAPTION_IMAGES} images with a vision model. Each caption replaces the image's caption and is kept in ` +
    "its history (kind caption). Returns the caption ids; poll GET /media/captions?ids=... for progress. The model and every image are " +
    "checked first (mediaExtract.not_vision, mediaExtract.image_not_found, mediaExtract.not_an_image, mediaExtract.image_not_ready).",
  tag: TAG,
  permission: "models.use",
  body: captionBatchInput,
  response: z.object({ captionIds: z.array(z.string()), progress: captionProgressResource }),
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body, enqueue }) {
    const { captionIds, audit } = await startCaptionBatch(db, actor, enqueue, body);
    return { data: { captionIds, progress: { total: captionIds.length, done: 0, failed: 0, pending: captionIds.length } }, audit };
  },
});

export const captionProgressRoute = defineRoute({
  method: "GET",
  path: "/media/captions",
  operationId: "getMediaCaptionProgress",
  summary: "Get the progress of a caption batch",
  tag: TAG,
  permission: "console.read",
  query: captionProgressQuery,
  response: captionProgressResource,
  async handler({ actor, db, query }) {
    return { data: await captionProgress(db, actor, query.ids) };
  },
});

export const mediaQuestionRoutes: readonly AnyRouteDefinition[] = [askMediaQuestionRoute, listMediaQuestionsRoute, startCaptionsRoute, captionProgressRoute];
