import type {
  ChatData,
  CompletionData,
  DatasetType,
  InstructionData,
  PreferenceData,
  ClassificationData,
} from "@/lib/datasets/model";
import { flattenChat, pairTurns } from "./chat-flatten";
import type { TransformRow } from "./types";

/** Builds the user text of an instruction row: the instruction, then a blank line and the input when there is one. */
export function instructionPrompt(data: InstructionData): string {
  return data.input === "" ? data.instruction : `${data.instruction}\n\n${data.input}`;
}

/** Joins the labels of a classification row with ", " for the assistant turn. */
export function classificationAnswer(row: TransformRow): string {
  return row.labels.join(", ");
}

/** Returns the user and assistant texts of a non-chat, non-preference row. */
function promptAndAnswer(type: DatasetType, row: TransformRow): [string, string] {
  switch (type) {
    case "instruction":
      return [instructionPrompt(row.data as InstructionData), (row.data as InstructionData).output];
    case "completion":
      return [(row.data as CompletionData).prompt, (row.data as CompletionData).completion];
    case "classification":
      return [(row.data as ClassificationData).text, classificationAnswer(row)];
    default:
      throw new Error(`Dataset type ${type} has no single prompt and answer.`);
  }
}

/**
 * OpenAI fine-tuning record: `{messages}` for supervised rows, with chat content parts (images included)
 * as stored. Preference rows use the preference fine-tuning shape with `input`, `preferred_output` and
 * `non_preferred_output`.
 */
export function toOpenAiRecord(type: DatasetType, row: TransformRow): object {
  if (type === "chat") {
    return { messages: (row.data as ChatData).messages.map((message) => ({ role: message.role, content: message.content })) };
  }
  if (type === "preference") {
    const data = row.data as PreferenceData;
    return {
      input: { messages: [{ role: "user", content: data.prompt }] },
      preferred_output: [{ role: "assistant", content: data.chosen }],
      non_preferred_output: [{ role: "assistant", content: data.rejected }],
    };
  }
  const [prompt, answer] = promptAndAnswer(type, row);
  return {
    messages: [
      { role: "user", content: prompt },
      { role: "assistant", content: answer },
    ],
  };
}

/**
 * LLaMA-Factory alpaca record: `instruction`, `input`, `output`. Chat rows put the last user turn in
 * `instruction`, the last assistant turn in `output`, earlier pairs in `history` and system text in
 * `system`. The keys `history`, `system` and `images` appear only when not empty. Preference rows carry
 * `chosen` and `rejected` in place of `output`.
 */
export function toAlpacaRecord(type: DatasetType, row: TransformRow): object {
  if (type === "chat") {
    const chat = flattenChat((row.data as ChatData).messages);
    const pairs = pairTurns(chat.turns);
    const [instruction, output] = pairs.pop() ?? ["", ""];
    const record: Record<string, unknown> = { instruction, input: "", output };
    if (chat.system !== "") record.system = chat.system;
    if (pairs.length > 0) record.history = pairs;
    if (chat.images.length > 0) record.images = chat.images;
    return record;
  }
  if (type === "preference") {
    const data = row.data as PreferenceData;
    return { instruction: data.prompt, input: "", chosen: data.chosen, rejected: data.rejected };
  }
  if (type === "instruction") {
    const data = row.data as InstructionData;
    return { instruction: data.instruction, input: data.input, output: data.output };
  }
  const [instruction, output] = promptAndAnswer(type, row);
  return { instruction, input: "", output };
}

/**
 * LLaMA-Factory sharegpt record: `conversations` of `{from: "human" | "gpt", value}`. The system prompt
 * goes in a top-level `system` key, not in a conversation turn, because LLaMA-Factory reads it from there
 * and requires human and gpt turns to alternate. Preference rows end with the prompt and carry
 * `chosen` and `rejected` turns.
 */
export function toShareGptRecord(type: DatasetType, row: TransformRow): object {
  if (type === "chat") {
    const chat = flattenChat((row.data as ChatData).messages);
    const record: Record<string, unknown> = {
      conversations: chat.turns.map((turn) => ({ from: turn.role === "user" ? "human" : "gpt", value: turn.text })),
    };
    if (chat.system !== "") record.system = chat.system;
    if (chat.images.length > 0) record.images = chat.images;
    return record;
  }
  if (type === "preference") {
    const data = row.data as PreferenceData;
    return {
      conversations: [{ from: "human", value: data.prompt }],
      chosen: { from: "gpt", value: data.chosen },
      rejected: { from: "gpt", value: data.rejected },
    };
  }
  const [prompt, answer] = promptAndAnswer(type, row);
  return {
    conversations: [
      { from: "human", value: prompt },
      { from: "gpt", value: answer },
    ],
  };
}
