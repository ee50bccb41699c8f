import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ChatMessage } from "@/lib/llm/types";
import { sharedDataPath } from "../helpers/shared-data";

/**
 * The CrossWOZ user-turn intents from the shared test data, cut to a small classification set, and a
 * deterministic stand-in classifier for the fake provider. The classifier knows each row's true intent
 * and answers it right with a probability that depends on the strategy it detects in the request, so
 * zero-shot, few-shot, chain-of-thought and self-consistency reach different accuracies, the same on
 * every run.
 */

type IntentRecord = { text: string; primary_intent: string };

function readIntents(): IntentRecord[] {
  const lines = readFileSync(sharedDataPath("dialogue_zh_crosswoz", "user_turn_intents.jsonl"), "utf8").split("\n");
  return lines.filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as IntentRecord);
}

/** `count` rows spread over the file (every 84th turn), so most intents appear; as JSONL with text and label. */
export function crossWozSample(count = 50): { jsonl: Buffer; rows: Array<{ text: string; label: string }>; labels: string[]; examples: Array<{ input: string; output: string }> } {
  const all = readIntents();
  const rows = all.filter((_, index) => index % 84 === 0).slice(0, count).map((record) => ({ text: record.text, label: record.primary_intent }));
  const labels = [...new Set(all.map((record) => record.primary_intent))].sort();
  const used = new Set(rows.map((row) => row.text));
  // Few-shot examples come from turns outside the sample, one per intent where available.
  const examples: Array<{ input: string; output: string }> = [];
  for (const label of ["Inform-酒店", "Request-景点", "Inform-餐馆", "General-thank"]) {
    const record = all.find((candidate) => candidate.primary_intent === label && !used.has(candidate.text));
    if (record) examples.push({ input: record.text, output: label });
  }
  const jsonl = Buffer.from(rows.map((row) => JSON.stringify(row)).join("\n") + "\n", "utf8");
  return { jsonl, rows, labels, examples };
}

/** Per-strategy chance that the stand-in classifier answers right. */
export const CLASSIFIER_ACCURACY = { zero_shot: 0.4, few_shot: 0.7, chain_of_thought: 0.8, self_consistency_sample: 0.65 } as const;

function unitHash(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

function contentText(message: ChatMessage | undefined): string {
  if (!message) return "";
  return typeof message.content === "string" ? message.content : message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/**
 * Builds the fake provider's `reply`. It finds the row by its text in the final user turn, detects the
 * strategy (few-shot: assistant turns; chain-of-thought: the step-by-step instruction; self-consistency:
 * that instruction with a sampling temperature), and answers with the true label or a wrong one.
 */
export function createIntentClassifier(rows: ReadonlyArray<{ text: string; label: string }>, labels: readonly string[]) {
  const sampleCounts = new Map<string, number>();

  return ({ messages, body }: { model: string; messages: ChatMessage[]; body: Record<string, unknown> }): string => {
    const finalUser = contentText([...messages].reverse().find((message) => message.role === "user"));
    const row = rows.find((candidate) => finalUser.includes(candidate.text));
    if (!row) return "none";

    const chainOfThought = /一步一步|step by step/i.test(finalUser);
    const fewShot = messages.some((message) => message.role === "assistant");
    const sampling = typeof body.temperature === "number" && body.temperature > 0;
    let key: string;
    let accuracy: number;
    if (chainOfThought && sampling) {
      // Each sample of a row draws anew, so the vote has something to decide.
      const sample = (sampleCounts.get(row.text) ?? 0) + 1;
      sampleCounts.set(row.text, sample);
      key = `sc:${sample}`;
      accuracy = CLASSIFIER_ACCURACY.self_consistency_sample;
    } else if (chainOfThought) {
      key = "cot";
      accuracy = CLASSIFIER_ACCURACY.chain_of_thought;
    } else if (fewShot) {
      key = "few";
      accuracy = CLASSIFIER_ACCURACY.few_shot;
    } else {
      key = "zero";
      accuracy = CLASSIFIER_ACCURACY.zero_shot;
    }

    const draw = unitHash(`${key}|${row.text}`);
    const others = labels.filter((label) => label !== row.label);
    const answer = draw < accuracy ? row.label : others[Math.floor(unitHash(`wrong|${key}|${row.text}`) * others.length)]!;
    return chainOfThought ? `用户的话里提到了要做的事，据此判断意图。\n答案：${answer}` : answer;
  };
}
