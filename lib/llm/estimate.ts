import { createRequire } from "node:module";
import type { ChatMessage } from "./types";

/**
 * Token counts for providers that report no usage. They use the o200k_base encoding (GPT-4o) from
 * gpt-tokenizer 4, so for other model families they are estimates, and every caller marks them as such.
 */

// OpenAI's guide to counting chat tokens adds 3 tokens per message for the role framing and 3 to prime the reply.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

// NOTE: an image's real cost depends on its size and the provider. This flat figure is OpenAI's price of a
// low-detail image, used only so that estimates do not ignore images.
const TOKENS_PER_IMAGE = 85;

type Encoder = { countTokens(text: string): number };

let encoder: Encoder | null = null;

/**
 * Loads the encoding on first use. Its tables hold about 20 MB of heap, which every full garbage
 * collection of the gateway has to walk, and most providers report usage, so a gateway that never
 * estimates never loads them. The first estimate waits for the load once (a few hundred ms).
 */
function loadEncoder(): Encoder {
  encoder ??= createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as Encoder;
  return encoder;
}

export function countTextTokens(text: string): number {
  return text ? loadEncoder().countTokens(text) : 0;
}

export function countChatTokens(messages: ChatMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE;
    if (typeof message.content === "string") {
      total += countTextTokens(message.content);
      continue;
    }
    for (const part of message.content) total += part.type === "text" ? countTextTokens(part.text) : TOKENS_PER_IMAGE;
  }
  return total;
}
