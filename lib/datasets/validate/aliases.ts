import type { DatasetType } from "@/lib/datasets/model";

/**
 * Source field names that detection maps to each canonical field, in order of preference. Names are
 * compared after normalizeFieldName, so case, spaces and hyphens do not matter.
 */
export const FIELD_ALIASES: Record<Exclude<DatasetType, "chat" | "classification">, Record<string, readonly string[]>> = {
  // Alpaca uses instruction/input/output, and Dolly uses instruction/context/response.
  instruction: {
    instruction: ["instruction"],
    input: ["input", "context"],
    output: ["output", "response"],
  },
  completion: {
    prompt: ["prompt", "question", "input"],
    completion: ["completion", "answer", "target", "output", "response"],
  },
  preference: {
    prompt: ["prompt", "question", "instruction", "input"],
    chosen: ["chosen"],
    rejected: ["rejected"],
  },
};

/** Names of a field that contains a message list. Fields with other names are detected by their values. */
export const MESSAGE_LIST_ALIASES = [
  "messages",
  "conversations",
  "conversation",
  "dialog",
  "dialogue",
  "dialogs",
  "dialogues",
  "chat",
  "turns",
] as const;

export const TEXT_ALIASES = ["text", "sentence", "query", "utterance", "content", "文本", "句子", "内容"] as const;

/** Label field names. Singular names come first, so a single label wins a tie against a list of labels. */
export const LABEL_ALIASES = [
  "label",
  "intent",
  "category",
  "class",
  "标签",
  "类别",
  "意图",
  "primary_intent",
  "labels",
  "intents",
  "categories",
  "tags",
] as const;

/** Label fields whose plural name suggests several labels per row. */
export const PLURAL_LABEL_ALIASES: readonly string[] = ["labels", "intents", "categories", "tags"];

/** Order of preference between types whose candidates fit equally many samples: more specific first. */
export const TYPE_PRIORITY: readonly DatasetType[] = ["chat", "preference", "instruction", "completion", "classification"];
