import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { once } from "node:events";

// Deterministic chat rows in OpenAI format, mixing Chinese and English turns of varying length, so the
// benchmark file looks like real fine-tuning data without shipping any.

const zhPhrases = ["请帮我查询北京到上海的高铁票", "这家酒店的评分是多少", "推荐一个适合家庭出游的景点", "我的订单什么时候发货", "如何修改绑定的手机号", "退款需要几个工作日"];
const enPhrases = ["How do I reset my password?", "Summarise the following paragraph.", "Translate this sentence into Chinese.", "What is the refund policy?", "Write a short poem about autumn."];
const answers = ["好的，我来帮您查询。", "根据最新数据，评分为4.6分。", "Sure, here is a concise answer.", "您可以在“我的-设置”中修改。", "The refund usually arrives within 3 to 5 working days."];

function makeRng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function chatRow(random: () => number, index: number): string {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const turns = 1 + Math.floor(random() * 3);
  const messages: { role: string; content: string }[] = [{ role: "system", content: "你是一个乐于助人的客服助手。" }];
  for (let turn = 0; turn < turns; turn += 1) {
    const question = random() < 0.6 ? pick(zhPhrases) : pick(enPhrases);
    messages.push({ role: "user", content: `${question}（编号 ${index}-${turn}）` });
    messages.push({ role: "assistant", content: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(answers)).join("") });
  }
  return JSON.stringify({ messages });
}

/** Writes a JSONL file of about `sizeMb` MiB unless one of at least that size already exists. */
export async function ensureChatFile(target: string, sizeMb: number): Promise<void> {
  const targetBytes = sizeMb * 1024 * 1024;
  const existing = await stat(target).catch(() => null);
  if (existing && existing.size >= targetBytes) return;

  const out = createWriteStream(target);
  const random = makeRng(20261204);
  let written = 0;
  let index = 0;
  while (written < targetBytes) {
    const lines: string[] = [];
    for (let i = 0; i < 2_000; i += 1) lines.push(chatRow(random, index++));
    const chunk = `${lines.join("\n")}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
