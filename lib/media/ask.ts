import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import type { MediaQuestion } from "@/lib/db/generated/client";
import { logger } from "@/lib/log";
import { readMediaAsset } from "./assets";
import {
  assertImageReady,
  callVisionModel,
  derivedImageDataUrl,
  describeCallFailure,
  imageMessage,
  ocrContext,
  rawTextAllowed,
  resolveVisionTarget,
} from "./ask-call";

const log = logger.child({ domain: "media.ask" });

/** Longest answer requested from the model, in tokens. */
const ANSWER_MAX_TOKENS = 1024;

export const askQuestionInput = z
  .object({
    modelId: z.string().min(1).max(100).describe("ProviderModel id of a model with the vision capability"),
    question: z.string().trim().min(1, "Write a question").max(2000, "A question has at most 2000 characters").describe("The question about the image"),
  })
  .strict();

export type AskQuestionInput = z.output<typeof askQuestionInput>;

export const listQuestionsQuery = z.object({
  kind: z.enum(["question", "caption"]).optional().describe("Only questions or only generated captions"),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Items to return, newest first"),
});

/**
 * Asks a vision model about one image and stores the question with its answer, or with the failure in
 * plain words (status error), so the history shows both. Raises before sending, and stores nothing, when
 * the image is missing or not ready or the model cannot read images.
 */
export async function askAboutImage(
  db: Db,
  actor: Actor,
  assetId: string,
  input: AskQuestionInput,
  options: { requestId?: string | null } = {},
): Promise<{ question: MediaQuestion; audit: AuditEntry }> {
  const asset = await readMediaAsset(db, actor, assetId);
  assertImageReady(asset);
  const target = await resolveVisionTarget(db, actor.workspaceId, input.modelId);

  const context = ocrContext(asset, await rawTextAllowed(db, actor.workspaceId));
  const message = imageMessage(input.question, context, await derivedImageDataUrl(asset));
  const base = { workspaceId: actor.workspaceId, assetId, providerModelId: target.modelId, model: target.model, kind: "question", question: input.question, createdById: actor.userId };

  let question: MediaQuestion;
  try {
    const result = await callVisionModel(db, target, [message], { max_tokens: ANSWER_MAX_TOKENS }, { userId: actor.userId, requestId: options.requestId });
    question = await db.mediaQuestion.create({
      data: { ...base, answer: result.text, status: "ok", inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, latencyMs: result.latencyMs },
    });
  } catch (error) {
    const failure = describeCallFailure(error);
    log.warn({ assetId, modelId: target.modelId, kind: failure.kind }, "media.ask.failed");
    question = await db.mediaQuestion.create({ data: { ...base, status: "error", error: failure.message } });
  }

  const audit: AuditEntry = { action: "media.ask", targetType: "media", targetId: assetId, changes: { questionId: question.id, model: target.model, status: question.status } };
  return { question, audit };
}

/** Lists an image's questions and captions, newest first. */
export async function listImageQuestions(db: Db, actor: Actor, assetId: string, query: z.output<typeof listQuestionsQuery>): Promise<MediaQuestion[]> {
  await readMediaAsset(db, actor, assetId);
  return db.mediaQuestion.findMany({
    where: { workspaceId: actor.workspaceId, assetId, ...(query.kind && { kind: query.kind }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
}
