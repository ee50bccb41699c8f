import type { Db } from "@/lib/db/client";
import type { Capability } from "@/lib/llm/types";

export type FakeModelSpec = { name: string; capabilities?: Capability[]; inputPrice?: number | null; outputPrice?: number | null; currency?: "USD" | "CNY" };

/**
 * Registers the fake server as an OpenAI-compatible provider of the workspace, with its models and the
 * allow rule an admin adds for a loopback host. Returns the ProviderModel id of each model name.
 */
export async function registerFakeProvider(db: Db, workspaceId: string, baseUrl: string, models: FakeModelSpec[], options: { timeoutMs?: number } = {}) {
  const provider = await db.provider.create({
    data: { workspaceId, name: `fake-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, kind: "openai-compatible", baseUrl, timeoutMs: options.timeoutMs ?? 5_000 },
  });
  await db.networkAllowRule.upsert({
    where: { workspaceId_pattern: { workspaceId, pattern: "127.0.0.1" } },
    create: { workspaceId, pattern: "127.0.0.1", note: "fake OpenAI server for tests" },
    update: {},
  });

  const ids: Record<string, string> = {};
  for (const model of models) {
    const created = await db.providerModel.create({
      data: {
        workspaceId,
        providerId: provider.id,
        name: model.name,
        capabilities: model.capabilities ?? ["chat"],
        inputPrice: model.inputPrice === undefined ? 1 : model.inputPrice,
        outputPrice: model.outputPrice === undefined ? 2 : model.outputPrice,
        currency: model.currency ?? "CNY",
      },
    });
    ids[model.name] = created.id;
  }
  return { providerId: provider.id, modelIds: ids };
}

export type StreamEvent = { event: string; data: Record<string, unknown> };

/** Reads a playground event stream to its end. */
export async function readEvents(response: Response): Promise<StreamEvent[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "{}";
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}
