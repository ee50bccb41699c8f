import { z } from "zod";

/** Limits of one playground request; they keep a request body (images included) near 24 MiB at most. */
export const PLAYGROUND_LIMITS = {
  messages: 100,
  textChars: 200_000,
  images: 4,
  /** Decoded bytes of one image. */
  imageBytes: 4 * 1024 * 1024,
  stopSequences: 4,
  stopChars: 100,
  maxTokens: 128_000,
} as const;

/** Approximate request body limit: base64 images (4/3 of their bytes) plus text and JSON overhead. */
export const PLAYGROUND_MAX_BODY_BYTES = Math.ceil((PLAYGROUND_LIMITS.images * PLAYGROUND_LIMITS.imageBytes * 4) / 3) + 4 * 1024 * 1024;

const IMAGE_DATA_URL = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;

/** Decoded size of a base64 data URL, in bytes. */
function dataUrlBytes(url: string): number {
  const base64 = url.slice(url.indexOf(",") + 1);
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

const textPart = z.object({ type: z.literal("text"), text: z.string().max(PLAYGROUND_LIMITS.textChars) });

// Only data URLs: the playground attaches files from the browser, and a URL would make the provider fetch
// an address chosen by the user.
const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({
    url: z
      .string()
      .regex(IMAGE_DATA_URL, "Attach images as PNG, JPEG, GIF or WebP data URLs")
      .refine((url) => dataUrlBytes(url) <= PLAYGROUND_LIMITS.imageBytes, `Each image may be at most ${PLAYGROUND_LIMITS.imageBytes / 1024 / 1024} MiB`),
    detail: z.enum(["auto", "low", "high"]).optional(),
  }),
});

export const chatMessageInput = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.union([z.string().max(PLAYGROUND_LIMITS.textChars), z.array(z.discriminatedUnion("type", [textPart, imagePart])).min(1).max(20)]),
});

export const chatParamsInput = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().gt(0).max(1).optional(),
    max_tokens: z.number().int().min(1).max(PLAYGROUND_LIMITS.maxTokens).optional(),
    stop: z.array(z.string().min(1).max(PLAYGROUND_LIMITS.stopChars)).max(PLAYGROUND_LIMITS.stopSequences, `Use at most ${PLAYGROUND_LIMITS.stopSequences} stop sequences`).optional(),
    seed: z.number().int().optional(),
  })
  .strict();

function countImages(messages: z.output<typeof chatMessageInput>[]): number {
  return messages.reduce((sum, message) => sum + (Array.isArray(message.content) ? message.content.filter((part) => part.type === "image_url").length : 0), 0);
}

export const playgroundChatInput = z
  .object({
    modelId: z.string().trim().min(1).max(100),
    messages: z.array(chatMessageInput).min(1, "Write at least one message").max(PLAYGROUND_LIMITS.messages),
    params: chatParamsInput.default({}),
    /** A JSON Schema; when given, the model is asked for JSON and its output is validated against it. */
    jsonSchema: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((input) => countImages(input.messages) <= PLAYGROUND_LIMITS.images, {
    message: `Attach at most ${PLAYGROUND_LIMITS.images} images per request`,
    path: ["messages"],
  })
  .refine((input) => input.messages.some((message) => message.role !== "system"), {
    message: "Add a user message after the system prompt",
    path: ["messages"],
  });

export type PlaygroundChatInput = z.output<typeof playgroundChatInput>;
