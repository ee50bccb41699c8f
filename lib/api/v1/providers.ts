import { z } from "zod";
import { can } from "@/lib/auth/roles";
import { testProviderConnection } from "@/lib/providers/connection";
import { PROVIDER_KINDS, PROVIDER_PRESETS } from "@/lib/providers/presets";
import { createProvider, deleteProvider, getProvider, listProviders, updateProvider } from "@/lib/providers/providers";
import { createProviderInput, updateProviderInput } from "@/lib/providers/schemas";
import { defineRoute } from "../route";
import { connectionTestResource, presetResource, providerResource } from "./providers-schemas";
import { toProviderView } from "./providers-views";

export const PROVIDERS_TAG = "Model providers";

export const providerPathParams = z.object({ providerId: z.string().min(1).max(100).describe("Provider id") });

export const listProviderPresetsRoute = defineRoute({
  method: "GET",
  path: "/providers/presets",
  operationId: "listProviderPresets",
  summary: "List provider presets",
  description: "Default base URL, key requirement, currency and known models of each kind of provider.",
  tag: PROVIDERS_TAG,
  permission: "console.read",
  response: z.array(presetResource),
  async handler() {
    return { data: PROVIDER_KINDS.map((kind) => PROVIDER_PRESETS[kind]) };
  },
});

export const listProvidersRoute = defineRoute({
  method: "GET",
  path: "/providers",
  operationId: "listProviders",
  summary: "List model providers",
  description: "Lists the workspace's providers by name. API keys are never included; only admins see a key's hint.",
  tag: PROVIDERS_TAG,
  permission: "console.read",
  response: z.array(providerResource),
  async handler({ actor, db }) {
    const includeKeyHint = can(actor.role, "providers.manage");
    const providers = await listProviders(db, actor);
    return { data: providers.map((provider) => toProviderView(provider, { includeKeyHint })) };
  },
});

export const createProviderRoute = defineRoute({
  method: "POST",
  path: "/providers",
  operationId: "createProvider",
  summary: "Add a model provider",
  description:
    "Adds an OpenAI-compatible provider. The API key is stored encrypted and never returned. A base URL whose host resolves to a loopback, private or link-local address needs a network allow rule first; cloud metadata addresses are always rejected.",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  body: createProviderInput.strict(),
  response: providerResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { provider, audit } = await createProvider(db, actor, body);
    return { data: toProviderView({ ...provider, modelCount: 0 }, { includeKeyHint: true }), audit };
  },
});

export const getProviderRoute = defineRoute({
  method: "GET",
  path: "/providers/{providerId}",
  operationId: "getProvider",
  summary: "Get a model provider",
  tag: PROVIDERS_TAG,
  permission: "console.read",
  params: providerPathParams,
  response: providerResource,
  async handler({ actor, db, params }) {
    const provider = await getProvider(db, actor, params.providerId);
    const modelCount = await db.providerModel.count({ where: { providerId: provider.id } });
    return { data: toProviderView({ ...provider, modelCount }, { includeKeyHint: can(actor.role, "providers.manage") }) };
  },
});

export const updateProviderRoute = defineRoute({
  method: "PATCH",
  path: "/providers/{providerId}",
  operationId: "updateProvider",
  summary: "Change a model provider",
  description: "Changes the name, base URL, key, rate limit, timeout or enabled flag. Leave apiKey out to keep the stored key; send clearApiKey to remove it.",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  params: providerPathParams,
  body: updateProviderInput.strict().refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one field to change"),
  response: providerResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { provider, audit } = await updateProvider(db, actor, params.providerId, body);
    const modelCount = await db.providerModel.count({ where: { providerId: provider.id } });
    return { data: toProviderView({ ...provider, modelCount }, { includeKeyHint: true }), audit };
  },
});

export const deleteProviderRoute = defineRoute({
  method: "DELETE",
  path: "/providers/{providerId}",
  operationId: "deleteProvider",
  summary: "Delete a model provider",
  description: "Deletes the provider and its models. To stop using it but keep its settings, set enabled to false instead.",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  params: providerPathParams,
  response: z.object({ id: z.string(), deleted: z.literal(true) }),
  async handler({ actor, db, params }) {
    const { provider, audit } = await deleteProvider(db, actor, params.providerId);
    return { data: { id: provider.id, deleted: true as const }, audit };
  },
});

export const testProviderRoute = defineRoute({
  method: "POST",
  path: "/providers/{providerId}/test",
  operationId: "testProviderConnection",
  summary: "Test a provider's connection",
  description:
    "Sends GET {baseUrl}/models with the provider's key and records the outcome. A failed connection still answers 200; `ok` and `reason` say what happened (unauthorized, not_found, blocked_address, timeout, network or bad_response).",
  tag: PROVIDERS_TAG,
  permission: "providers.manage",
  params: providerPathParams,
  response: connectionTestResource,
  async handler({ actor, db, params }) {
    const { result, audit } = await testProviderConnection(db, actor, params.providerId);
    return { data: result, audit };
  },
});
