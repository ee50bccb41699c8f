import { z } from "zod";
import { registerLocalModel } from "@/lib/runtime/local-provider";
import { registerLocalModelInput } from "@/lib/runtime/schemas";
import { listLocalRuntimes, requestRuntimeStop } from "@/lib/runtime/status";
import { defineRoute, type AnyRouteDefinition } from "../route";
import { PROVIDERS_TAG } from "./providers";
import { providerModelResource } from "./providers-schemas";
import { toProviderModelView } from "./providers-views";

const localModelResource = providerModelResource
  .extend({
    localPath: z.string().describe("Model folder in Hugging Face format"),
    adapterPath: z.string().nullable().describe("PEFT adapter folder applied to the model; null for the base model"),
    created: z.boolean().describe("False when the name was already registered and only its folders changed"),
  })
  .meta({ id: "LocalModel", description: "A model served by Luodi's local runtime" });

const localRuntimeResource = z
  .object({
    modelId: z.string(),
    modelName: z.string(),
    status: z.enum(["starting", "ready", "stopped", "failed"]),
    hostname: z.string(),
    pid: z.number().int(),
    port: z.number().int(),
    message: z.string().nullable().describe("Why it stopped or failed, with the runtime's last output"),
    startedAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime(),
  })
  .meta({ id: "LocalRuntime", description: "A local runtime process serving one model on loopback" });

export const registerLocalModelRoute = defineRoute({
  method: "POST",
  path: "/local-models",
  operationId: "registerLocalModel",
  summary: "Register a local model",
  description:
    "Registers a model folder on the server (Hugging Face format), optionally with a PEFT adapter folder, as a chat model of the workspace's \"Local runtime\" provider, which is created on first use. Luodi starts a runtime for it on loopback on the first request and stops it after LUODI_RUNTIME_IDLE_MINUTES without requests. Registering an existing name again points it at the new folders.",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  body: registerLocalModelInput.strict(),
  response: localModelResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { model, created, audit } = await registerLocalModel(db, actor, body);
    return { data: { ...toProviderModelView(model), localPath: model.localPath ?? body.localPath, adapterPath: model.adapterPath, created }, audit };
  },
});

export const listLocalRuntimesRoute = defineRoute({
  method: "GET",
  path: "/local-models/runtimes",
  operationId: "listLocalRuntimes",
  summary: "List local runtimes",
  description: "Lists the runtime processes of the workspace's local models: status, host, port and when each was last used.",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  response: z.array(localRuntimeResource),
  async handler({ actor, db }) {
    const rows = await listLocalRuntimes(db, actor);
    return {
      data: rows.map((row) => ({
        modelId: row.modelId,
        modelName: row.modelName,
        status: row.status as "starting" | "ready" | "stopped" | "failed",
        hostname: row.hostname,
        pid: row.pid,
        port: row.port,
        message: row.message,
        startedAt: row.startedAt,
        lastUsedAt: row.lastUsedAt,
      })),
    };
  },
});

export const stopLocalRuntimeRoute = defineRoute({
  method: "POST",
  path: "/local-models/{modelId}/stop",
  operationId: "stopLocalRuntime",
  summary: "Stop a local runtime",
  description: "Stops the model's runtime within 30 s to free its memory. The next request to the model starts it again.",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  params: z.object({ modelId: z.string().min(1).max(100).describe("Provider model id") }),
  response: z.object({ modelId: z.string(), stopped: z.boolean().describe("False when no runtime was running") }),
  async handler({ actor, db, params }) {
    const { stopped, audit } = await requestRuntimeStop(db, actor, params.modelId);
    return { data: { modelId: params.modelId, stopped }, audit };
  },
});

/** Routes of the local runtime, for lib/api/v1/providers-routes.ts. */
export const localModelRoutes: readonly AnyRouteDefinition[] = [registerLocalModelRoute, listLocalRuntimesRoute, stopLocalRuntimeRoute];
