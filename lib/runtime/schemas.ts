import path from "node:path";
import { z } from "zod";

const folderPath = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what} folder`)
    .max(1_000, "Use at most 1,000 characters")
    .regex(/^[^\p{Cc}]+$/u, "Folder paths cannot contain control characters")
    .refine((value) => path.isAbsolute(value), "Enter an absolute path, such as /srv/models/qwen2-0.5b")
    // A trailing slash would make the same folder look like a different registration.
    .transform((value) => path.normalize(value).replace(/(.)\/+$/, "$1"));

export const registerLocalModelInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a model name")
    .max(200, "Use at most 200 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/, "Use letters, digits and . _ : / @ + - only, starting with a letter or digit")
    .describe("Id callers send as `model`; registering the same name again updates its folders"),
  displayName: z.string().trim().max(200, "Use at most 200 characters").optional().describe("Name shown in model pickers"),
  localPath: folderPath("model").describe("Absolute path of a model folder in Hugging Face format (config.json, tokenizer, weights)"),
  adapterPath: folderPath("adapter").nullish().describe("Absolute path of a PEFT adapter folder (adapter_config.json, adapter weights) trained on that model"),
});

export type RegisterLocalModelInput = z.output<typeof registerLocalModelInput>;
