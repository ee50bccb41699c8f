import { readFile } from "node:fs/promises";
import type { Db } from "@/lib/db/client";
import type { MediaAsset } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { maskPii } from "@/lib/guardrails/pii";
import { chatCompletion } from "@/lib/llm/client";
import { LlmError, type ChatMessage, type ChatParams, type ChatResult, type ModelTarget } from "@/lib/llm/types";
import { logger } from "@/lib/log";
import { resolveModelTarget } from "@/lib/providers/target";
import { pathOfKey } from "@/lib/storage/local";
import { recordRequestLog, requestLogFromResult } from "@/lib/usage/request-log";

/**
 * The vision call shared by questions, batch captions and field extraction. The derived copy travels as a
 * data URL, so the provider never needs to reach Luodi. The OCR text goes along as context, and every call
 * is written to the usage log with source "media".
 */

/**
 * Maximum derived copy sent inline, in bytes; base64 makes the request about a third larger.
 * NOTE: an estimate of what OpenAI-compatible providers accept inline, not checked against each provider.
 */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** Maximum OCR text sent as context, in characters, so one dense page cannot fill the context window. */
export const MAX_CONTEXT_CHARS = 8_000;

/** Builds an error whose reason the console translates from messages/<locale>/mediaExtract.json. */
export function mediaModelError(code: "INVALID_INPUT" | "CONFLICT" | "NOT_FOUND", reason: string, message: string, params: Record<string, string | number> = {}): AppError {
  return new AppError(code, message, { reason: `mediaExtract.${reason}`, params });
}

/**
 * Resolves a model for image calls. Raises INVALID_INPUT mediaExtract.not_vision when the model lacks the
 * vision capability, besides resolveModelTarget's own errors (unknown or disabled model).
 */
export async function resolveVisionTarget(db: Db, workspaceId: string, modelId: string): Promise<ModelTarget> {
  const target = await resolveModelTarget(db, workspaceId, modelId);
  if (!target.capabilities.includes("vision")) {
    const model = target.displayName || target.model;
    throw mediaModelError("INVALID_INPUT", "not_vision", `${model} cannot read images; choose a model with the vision capability`, { model });
  }
  return target;
}

/** Raises CONFLICT unless the asset is an image whose derived copy exists. */
export function assertImageReady(asset: MediaAsset): void {
  if (asset.kind !== "image") {
    throw mediaModelError("INVALID_INPUT", "not_an_image", `${asset.originalName} is not an image; only images can be sent to a vision model`, { filename: asset.originalName });
  }
  if (asset.status !== "ready" || !asset.derivedKey) {
    throw mediaModelError("CONFLICT", "image_not_ready", `${asset.originalName} is still ${asset.status}; wait until it is ready`, { filename: asset.originalName, status: asset.status });
  }
}

/** Reads the derived copy as a data URL. The derived copy is JPEG, or PNG for images with transparency. */
export async function derivedImageDataUrl(asset: MediaAsset, storageRoot?: string): Promise<string> {
  if (!asset.derivedKey) throw new Error(`Media asset ${asset.id} has no derived copy`);
  const bytes = await readFile(pathOfKey(asset.derivedKey, storageRoot));
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw mediaModelError("INVALID_INPUT", "image_too_large", `The derived copy of ${asset.originalName} is larger than ${MAX_IMAGE_BYTES} bytes and cannot be sent inline`, {
      filename: asset.originalName,
      limit: MAX_IMAGE_BYTES,
    });
  }
  const mime = asset.derivedKey.endsWith(".png") ? "image/png" : "image/jpeg";
  return `data:${mime};base64,${bytes.toString("base64")}`;
}

/**
 * Returns the OCR text to send as context, or null when there is none. Stored text is masked unless the
 * workspace allowed raw text at OCR time. It is masked again here unless the policy allows raw text now,
 * so turning the policy off also covers text recognised before.
 */
export function ocrContext(asset: Pick<MediaAsset, "ocrText">, rawTextAllowed: boolean): string | null {
  const text = asset.ocrText?.trim();
  if (!text) return null;
  const safe = rawTextAllowed ? text : maskPii(text);
  return safe.length > MAX_CONTEXT_CHARS ? safe.slice(0, MAX_CONTEXT_CHARS) : safe;
}

export async function rawTextAllowed(db: Db, workspaceId: string): Promise<boolean> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { mediaRawText: true } });
  return workspace.mediaRawText;
}

/** Builds the user message: the instruction, the OCR text when there is some, and the image. */
export function imageMessage(instruction: string, ocrText: string | null, imageUrl: string): ChatMessage {
  const context = ocrText ? `\n\nText recognised in the image by OCR (may contain errors):\n"""\n${ocrText}\n"""` : "";
  return {
    role: "user",
    content: [
      { type: "text", text: `${instruction}${context}` },
      { type: "image_url", image_url: { url: imageUrl } },
    ],
  };
}

export type VisionCallContext = { userId: string | null; requestId?: string | null };

/**
 * Sends one call and records it in the usage log whatever the outcome. Throws the LlmError of a failed
 * call after recording it.
 */
export async function callVisionModel(db: Db, target: ModelTarget, messages: ChatMessage[], params: ChatParams, context: VisionCallContext): Promise<ChatResult> {
  let outcome: unknown;
  try {
    outcome = await chatCompletion(target, { messages, params });
    return outcome as ChatResult;
  } catch (error) {
    outcome = error;
    throw error;
  } finally {
    const entry = requestLogFromResult(target, outcome, { source: "media", userId: context.userId, stream: false, requestId: context.requestId ?? null });
    try {
      await recordRequestLog(db, entry);
    } catch (error) {
      // The model output matters more than its log row, so a failed write is logged and not raised.
      logger.error({ err: error, modelId: target.modelId }, "media.request_log.failed");
    }
  }
}

/** Returns a failed call's message in plain words, for the question history and extraction results. */
export function describeCallFailure(error: unknown): { kind: string; message: string } {
  if (error instanceof LlmError) return { kind: error.kind, message: error.message.slice(0, 1000) };
  if (error instanceof AppError) return { kind: error.options.reason ?? error.code, message: error.publicMessage.slice(0, 1000) };
  return { kind: "internal", message: "The call failed with an internal error; see the server log" };
}
