import { z } from "zod";
import { CAPABILITIES } from "@/lib/llm/types";
import { previewRemoteModels } from "@/lib/providers/connection";
import { deleteProviderModel, importModels, listProviderModels, updateProviderModel } from "@/lib/providers/models";
import { importDefaults } from "@/lib/providers/presets";
import { importModelsInput, updateModelInput } from "@/lib/providers/schemas";
import { listUsableModels } from "@/lib/providers/target";
import { defineRoute } from "../route";
import { providerPathParams, PROVIDERS_TAG } from "./providers";
import { importResultResource, providerModelResource, remoteModelResource, usableModelResource } from "./providers-schemas";
import { toProviderModelView } from "./providers-views";

const modelPathParams = z.object({ modelId: z.string().min(1).max(100).describe("Provider model id") });

export const listProviderModelsRoute = defineRoute({
  method: "GET",
  path: "/providers/{providerId}/models",
  operationId: "listProviderModels",
  summary: "List a provider's imported models",
  description: "Lists the provider's models by name, disabled ones included.",
  tag: PROVIDERS_TAG,
  permission: "console.read",
  params: providerPathParams,
  response: z.array(providerModelResource),
  async handler({ actor, db, params }) {
    const models = await listProviderModels(db, actor, params.providerId);
    return { data: models.map(toProviderModelView) };
  },
});

export const listRemoteModelsRoute = defineRoute({
  method: "GET",
  path: "/providers/{providerId}/remote-models",
  operationId: "listRemoteModels",
  summary: "Preview the provider's models",
  description:
    "Reads GET {baseUrl}/models from the provider and marks the models already imported, with the capabilities and prices an import would record. A provider failure answers 502 with a reason such as providers.upstream_unauthorized.",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  params: providerPathParams,
  response: z.array(remoteModelResource),
  errors: ["UPSTREAM_ERROR"],
  async handler({ actor, db, params }) {
    const { provider, models } = await previewRemoteModels(db, actor, params.providerId);
    const data = models.map((model) => {
      const defaults = importDefaults(provider.kind, model.id);
      return {
        id: model.id,
        ownedBy: model.ownedBy ?? null,
        imported: model.imported,
        capabilities: defaults.capabilities,
        inputPrice: defaults.inputPrice,
        outputPrice: defaults.outputPrice,
        currency: defaults.currency,
      };
    });
    return { data };
  },
});

export const importModelsRoute = defineRoute({
  method: "POST",
  path: "/providers/{providerId}/models",
  operationId: "importProviderModels",
  summary: "Import models into a provider",
  description:
    "Adds models by their upstream ids. Known ids get the preset's capabilities and list prices; others get capabilities guessed from the id (vl/vision → vision, embed → embeddings, whisper/asr/audio → audio, else chat) and no prices. Ids already imported are skipped.",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  params: providerPathParams,
  body: importModelsInput.strict(),
  response: importResultResource,
  successStatus: 201,
  async handler({ actor, db, params, body }) {
    const { imported, skipped, audit } = await importModels(db, actor, params.providerId, body.models);
    return { data: { imported: imported.map(toProviderModelView), skipped }, audit };
  },
});

const usableQuery = z.object({
  capability: z.enum(CAPABILITIES).optional().describe("Only models with this capability"),
});

export const listUsableModelsRoute = defineRoute({
  method: "GET",
  path: "/provider-models",
  operationId: "listUsableModels",
  summary: "List usable models",
  description: "Enabled models of enabled providers, for model pickers. Never includes keys.",
  tag: PROVIDERS_TAG,
  permission: "console.read",
  query: usableQuery,
  response: z.array(usableModelResource),
  async handler({ actor, db, query }) {
    return { data: await listUsableModels(db, actor.workspaceId, query.capability) };
  },
});

export const updateProviderModelRoute = defineRoute({
  method: "PATCH",
  path: "/provider-models/{modelId}",
  operationId: "updateProviderModel",
  summary: "Change a model's capabilities, prices or name",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  params: modelPathParams,
  body: updateModelInput.strict().refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one field to change"),
  response: providerModelResource,
  async handler({ actor, db, params, body }) {
    const { model, audit } = await updateProviderModel(db, actor, params.modelId, body);
    return { data: toProviderModelView(model), audit };
  },
});

export const deleteProviderModelRoute = defineRoute({
  method: "DELETE",
  path: "/provider-models/{modelId}",
  operationId: "deleteProviderModel",
  summary: "Remove a model from its provider",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  params: modelPathParams,
  response: z.object({ id: z.string(), deleted: z.literal(true) }),
  async handler({ actor, db, params }) {
    const { model, audit } = await deleteProviderModel(db, actor, params.modelId);
    return { data: { id: model.id, deleted: true as const }, audit };
  },
});
