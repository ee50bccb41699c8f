import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayHarness, type GatewayHarness } from "./gateway-harness";

const execFileAsync = promisify(execFile);
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "python", "sdk_check.py");
// The trainer's virtual environment built with LUODI_PYTHON_DEV=1 (scripts/python-env.sh), which pins openai.
const pythonEnv = process.env.LUODI_PYTHON_ENV;

let harness: GatewayHarness;

describe.skipIf(!pythonEnv)("official Python SDK through the gateway", () => {
  beforeAll(async () => {
    harness = await startGatewayHarness();
    await harness.createDeployment({ name: "py-chat", targets: [{ model: "fake-chat", weight: 1 }] });
    await harness.createDeployment({ name: "py-embed", targets: [{ model: "fake-embedding", weight: 1 }] });
    await harness.refresh();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("chats, streams, embeds and lists models", async () => {
    const { key } = await harness.createKey({ allowedModels: ["py-chat", "py-embed"] });
    const { stdout } = await execFileAsync(
      path.join(pythonEnv!, "bin", "python"),
      [script, "--base-url", harness.baseURL, "--api-key", key, "--chat-model", "py-chat", "--embedding-model", "py-embed"],
      { timeout: 60_000 },
    );
    const result = JSON.parse(stdout) as Record<string, unknown>;

    expect(result.chat).toEqual({ model: "py-chat", content: "Echo: Hello from Python", prompt_tokens: expect.any(Number) });
    expect(result.stream).toEqual({ content: "Echo: Stream from Python", models: ["py-chat"], completion_tokens: expect.any(Number) });
    expect(result.embeddings).toEqual({ model: "py-embed", count: 2, dimensions: 16 });
    expect(result.models).toEqual(["py-chat", "py-embed"]);
    expect(result.not_found).toEqual({ status: 404, code: "model_not_found" });
    expect(result.unauthenticated).toEqual({ status: 401, code: "invalid_api_key" });
  });
});
