import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelTarget } from "@/lib/llm/types";
import { buildMultipartBody, callTranscriptions, TranscribeCallError } from "@/lib/media/transcribe-request";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";

let fake: FakeOpenAi;
const audio = { bytes: Buffer.from("RIFF0000WAVE"), filename: "a\"b.wav", mimeType: "audio/wav" };

function targetFor(model: string, timeoutMs = 2_000): ModelTarget {
  return {
    workspaceId: "w",
    providerId: "p",
    providerName: "loopback",
    providerKind: "openai-compatible",
    modelId: "m",
    model,
    displayName: model,
    baseUrl: fake.url,
    apiKey: "key",
    timeoutMs,
    rpmLimit: null,
    capabilities: ["audio"],
    prices: { input: null, output: null, currency: "USD" },
    policy: { allowRules: ["127.0.0.1"] },
  };
}

/** Posts a form to the fake server the way a client would, in a given response_format. */
async function postForm(format: string | null, withFile = true): Promise<Response> {
  const fields: Record<string, string> = { model: "whisper-1" };
  if (format) fields.response_format = format;
  const { body, contentType } = buildMultipartBody(fields, withFile ? audio : { ...audio, bytes: Buffer.alloc(0) });
  return fetch(`${fake.url}/audio/transcriptions`, { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) });
}

beforeAll(async () => {
  fake = await startFakeOpenAi({ transcript: ({ bytes }) => `heard ${bytes.length} bytes` });
});

afterAll(async () => {
  await fake?.close();
});

describe("transcription call", () => {
  it("returns the transcript text", async () => {
    expect(await callTranscriptions(targetFor("whisper-1"), audio)).toBe(`heard ${audio.bytes.length} bytes`);
    const sent = fake.requests.at(-1)!;
    expect(sent.headers.authorization).toBe("Bearer key");
    expect((sent.body as { filename: string }).filename).toBe("a_b.wav");
  });

  it("classifies provider errors", async () => {
    const rateLimited = await callTranscriptions(targetFor("fail-429"), audio).catch((error: unknown) => error);
    expect(rateLimited).toBeInstanceOf(TranscribeCallError);
    expect((rateLimited as TranscribeCallError).permanent).toBe(false);

    const hanging = await callTranscriptions(targetFor("hang", 300), audio).catch((error: unknown) => error);
    expect((hanging as TranscribeCallError).code).toBe("timeout");
  });

  it("rejects an unlisted private address", async () => {
    const target = { ...targetFor("whisper-1"), policy: { allowRules: [] } };
    const blocked = await callTranscriptions(target, audio).catch((error: unknown) => error);
    expect((blocked as TranscribeCallError).code).toBe("blocked_address");
    expect((blocked as TranscribeCallError).permanent).toBe(true);
  });
});

describe("fake transcription endpoint", () => {
  it("answers in each format", async () => {
    expect(await (await postForm(null)).json()).toEqual({ text: `heard ${audio.bytes.length} bytes` });
    expect(await (await postForm("text")).text()).toBe(`heard ${audio.bytes.length} bytes\n`);
    const verbose = (await (await postForm("verbose_json")).json()) as { task: string; text: string; segments: unknown[] };
    expect(verbose.task).toBe("transcribe");
    expect(verbose.segments).toHaveLength(1);
  });

  it("rejects bad requests", async () => {
    const badFormat = await postForm("mp3");
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { error: { param: string } }).error.param).toBe("response_format");

    const noFile = await postForm("json", false);
    expect(noFile.status).toBe(400);

    const notMultipart = await fetch(`${fake.url}/audio/transcriptions`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(notMultipart.status).toBe(400);
  });
});
