import { describe, expect, it } from "vitest";
import { applicableSettings, settingApplies } from "@/components/finetune/job/settings-fields";

describe("job settings panel fields", () => {
  it("shows LoRA settings only for LoRA and QLoRA", () => {
    expect(settingApplies("lora_rank", { task: "chat_sft", method: "lora" })).toBe(true);
    expect(settingApplies("target_modules", { task: "chat_sft", method: "qlora" })).toBe(true);
    expect(settingApplies("lora_alpha", { task: "chat_sft", method: "full" })).toBe(false);
    expect(settingApplies("lora_dropout", { task: "seq_classification", method: "prompt_tuning" })).toBe(false);
  });

  it("shows num_virtual_tokens only for prompt tuning and max_new_tokens only for chat", () => {
    expect(settingApplies("num_virtual_tokens", { task: "chat_sft", method: "prompt_tuning" })).toBe(true);
    expect(settingApplies("num_virtual_tokens", { task: "chat_sft", method: "lora" })).toBe(false);
    expect(settingApplies("max_new_tokens", { task: "chat_sft", method: "lora" })).toBe(true);
    expect(settingApplies("max_new_tokens", { task: "seq_classification", method: "lora" })).toBe(false);
  });

  it("keeps every other setting, sorted by name", () => {
    const settings = { seed: 42, lora_rank: 8, batch_size: 2, num_virtual_tokens: 20 };

    expect(applicableSettings(settings, { task: "seq_classification", method: "full" })).toEqual([["batch_size", 2], ["seed", 42]]);
    expect(applicableSettings(null, { task: "chat_sft", method: "lora" })).toEqual([]);
  });
});
