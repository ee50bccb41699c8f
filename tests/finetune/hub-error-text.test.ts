import { createTranslator, type IntlError } from "next-intl";
import { describe, expect, it } from "vitest";
import { hubErrorText } from "@/components/finetune/base-models/hub-error-text";
import enBaseModels from "@/messages/en/baseModels.json";
import zhBaseModels from "@/messages/zh-CN/baseModels.json";

// The texts lib/finetune/hub-fetch.ts, hub-download.ts and hub-download-job.ts store on a failed download.
const stored: [string, string, Record<string, string>][] = [
  ["The hub responded 404 Not Found for http://127.0.0.1:4000/api/models/nobody/missing", "notFound", { where: "http://127.0.0.1:4000/api/models/nobody/missing" }],
  ["The hub has no such revision (http://127.0.0.1:4000/api/models/a/b/revision/v9)", "revisionNotFound", { where: "http://127.0.0.1:4000/api/models/a/b/revision/v9" }],
  [
    "The hub responded 401 for http://127.0.0.1:4000/api/models/a/b: the repository is private or gated, or does not exist; set HF_TOKEN or MODELSCOPE_API_TOKEN for gated repositories",
    "accessDenied",
    { status: "401", where: "http://127.0.0.1:4000/api/models/a/b" },
  ],
  ["model.safetensors has SHA-256 abc, but the hub lists def; the file is corrupt or the mirror serves other content", "checksumMismatch", { file: "model.safetensors" }],
  ["config.json has Git blob id abc, but the hub lists def; the file is corrupt or the mirror serves other content", "checksumMismatch", { file: "config.json" }],
  ["acme/tiny has no model weights Luodi can load: it needs model*.safetensors, or pytorch_model*.bin when it has no safetensors", "noWeights", { repo: "acme/tiny" }],
  ["Could not reach http://127.0.0.1:9: connection refused", "unreachable", { origin: "http://127.0.0.1:9" }],
  ["The hub sent nothing for 30 s", "silent", { seconds: "30" }],
  ["Queuing the download failed; register the model again", "queueFailed", {}],
];

describe("hub download error text", () => {
  it.each(stored)("recognises %s", (error, key, values) => {
    expect(hubErrorText(error)).toEqual({ cause: { key, values }, retrying: false });
  });

  it("recognises the cause of a download that will be retried", () => {
    expect(hubErrorText("Retrying after: The hub sent nothing for 30 s")).toEqual({ cause: { key: "silent", values: { seconds: "30" } }, retrying: true });
  });

  it("leaves unknown text alone", () => {
    expect(hubErrorText("Something else broke")).toEqual({ cause: null, retrying: false });
  });

  describe.each([
    ["en", enBaseModels],
    ["zh-CN", zhBaseModels],
  ])("messages in %s", (locale, messages) => {
    it("translate every recognised cause with its values", () => {
      const errors: IntlError[] = [];
      const t = createTranslator({ locale, messages: { baseModels: messages }, namespace: "baseModels", onError: (error) => errors.push(error) }) as unknown as (key: string, values?: Record<string, string>) => string;
      for (const [error, key, values] of [...stored, ["", "connectionBroke", {}], ["", "notJson", {}], ["", "unexpected", {}]] as [string, string, Record<string, string>][]) {
        const text = t(`hubErrors.${key}`, values);
        expect(errors, `${key} ${error}`).toEqual([]);
        for (const value of Object.values(values)) expect(text).toContain(value);
      }
      t("hubErrors.retrying", { cause: "x" });
      expect(errors).toEqual([]);
    });
  });
});
