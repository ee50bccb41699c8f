import { pino } from "pino";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { queues } from "@/lib/queue/contract";
import { workQueues } from "@/lib/queue/work";
import { registerInstance } from "@/lib/system/instance";
import { createHandlers } from "@/worker/handlers";
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from "../helpers/fake-openai";
import type { MediaHarness } from "./harness";

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

/**
 * Starts a second pg-boss instance on the media harness's database that runs the worker's real media.transcribe
 * and media.dataset-rows handlers, plus a loopback provider (the fake OpenAI server) registered in the
 * admin's workspace with an allow rule for 127.0.0.1.
 */
export async function startMediaActionsWorker(harness: MediaHarness, fakeOptions: FakeOpenAiOptions = {}) {
  const boss: PgBoss = await startBoss(harness.database.url, { service: "test-media-actions", log });
  const instance = await registerInstance(harness.db, "worker", { tests: "media-actions" });
  const handlers = createHandlers({ db: harness.db, instance, enqueue: harness.enqueue });
  await workQueues(
    boss,
    queues,
    { "media.transcribe": handlers["media.transcribe"], "media.dataset-rows": handlers["media.dataset-rows"] },
    { db: harness.db, log },
    { concurrency: 2, pollingIntervalSeconds: 0.5 },
  );

  const fake: FakeOpenAi = await startFakeOpenAi(fakeOptions);
  const workspaceId = harness.seed.admin.actor.workspaceId;
  await harness.db.networkAllowRule.create({ data: { workspaceId, pattern: "127.0.0.1", note: "fake provider of the tests" } });

  async function addProvider(name: string, baseUrl = fake.url) {
    return harness.db.provider.create({ data: { workspaceId, name, kind: "openai-compatible", baseUrl, timeoutMs: 5_000 } });
  }

  async function addModel(providerId: string, name: string, capabilities: string[]) {
    return harness.db.providerModel.create({ data: { workspaceId, providerId, name, capabilities } });
  }

  async function stop() {
    await boss.stop({ graceful: false });
    await fake.close();
  }

  return { boss, fake, workspaceId, addProvider, addModel, stop };
}
