import { isAppError } from "@/lib/errors";
import { renderPrompt } from "@/lib/prompts/render";
import { scanMessages } from "@/lib/prompts/template";
import type { ResolvedVersionSpec } from "@/lib/prompts/versions";
import type { ConfigStore } from "./config-store";
import { GatewayError, invalidRequest } from "./respond";

/**
 * Prompt addresses in `model`: `prompt:<name>@<label>`, or `prompt:<name>` for the production label. The
 * gateway renders the version the label points at with the body's `variables`, puts the client's messages
 * after the rendered ones, and sends the result to the version's model.
 */

export const PROMPT_PREFIX = "prompt:";
const DEFAULT_LABEL = "production";

export type PromptAddress = { name: string; label: string; /** `prompt:<name>@<label>`, logged as the route. */ route: string };

export type PromptRequest = { version: ResolvedVersionSpec; modelId: string; body: Record<string, unknown> };

export function isPromptModel(model: string): boolean {
  return model.startsWith(PROMPT_PREFIX);
}

export function parsePromptAddress(model: string): PromptAddress {
  const address = model.slice(PROMPT_PREFIX.length);
  const at = address.lastIndexOf("@");
  const name = at === -1 ? address : address.slice(0, at);
  const label = at === -1 ? DEFAULT_LABEL : address.slice(at + 1);
  if (!name || !label) {
    throw invalidRequest(`"${model}" is not a prompt address. Write prompt:<name>@<label>, for example prompt:support-reply@production.`, "model", "invalid_prompt_address");
  }
  return { name, label, route: `${PROMPT_PREFIX}${name}@${label}` };
}

/** The name a key's allowedModels must list (or "*") to call a prompt, whatever the label. */
export function promptPermissionName(address: PromptAddress): string {
  return `${PROMPT_PREFIX}${address.name}`;
}

function readVariables(body: Record<string, unknown>): Record<string, string> {
  const raw = body.variables;
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw invalidRequest("`variables` must be an object of variable names to values, such as {\"customer\": \"Li Lei\"}.", "variables", "invalid_type");
  }

  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === "string") values[name] = value;
    else if (typeof value === "number" || typeof value === "boolean") values[name] = String(value);
    else throw invalidRequest(`variables.${name} must be a string, number or boolean.`, `variables.${name}`, "invalid_type");
  }
  return values;
}

/** Names every placeholder that has neither a value nor a default, so one error lists all of them. */
function missingVariables(version: ResolvedVersionSpec, values: Record<string, string>): string[] {
  const defaults = new Set(version.variables.filter((variable) => variable.default !== undefined).map((variable) => variable.name));
  const missing = new Set<string>();
  for (const occurrence of scanMessages(version.messages).placeholders) {
    if (!Object.hasOwn(values, occurrence.name) && !defaults.has(occurrence.name)) missing.add(occurrence.name);
  }
  return [...missing];
}

async function resolveVersion(store: ConfigStore, workspaceId: string, address: PromptAddress): Promise<ResolvedVersionSpec> {
  try {
    return await store.resolvePrompt(workspaceId, address.name, address.label);
  } catch (error) {
    if (!isAppError(error) || error.code !== "NOT_FOUND") throw error;
    const what = error.options.reason === "prompts.label_not_found" ? `Prompt "${address.name}" has no label "${address.label}"` : `There is no prompt named "${address.name}"`;
    throw new GatewayError(404, {
      message: `${what} in this workspace. Check the name and label of \`model\` (prompt:<name>@<label>), or set the label on a version in the Luodi console.`,
      type: "invalid_request_error",
      param: "model",
      code: "model_not_found",
    });
  }
}

/** Resolves and renders a prompt address into the body to send upstream (still with the client's `model`). */
export async function buildPromptRequest(store: ConfigStore, workspaceId: string, address: PromptAddress, body: Record<string, unknown>): Promise<PromptRequest> {
  const values = readVariables(body);
  const version = await resolveVersion(store, workspaceId, address);
  const versionName = `version ${version.number} of prompt "${address.name}"`;

  if (!version.modelId) {
    throw invalidRequest(`${versionName} (label "${address.label}") names no model. Set a model on the version in the Luodi console, then point the label at it.`, "model", "prompt_without_model");
  }
  const missing = missingVariables(version, values);
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(", ");
    throw invalidRequest(`${versionName} needs values for ${list}. Pass them in \`variables\`, for example {"variables": {${missing.map((name) => `"${name}": "..."`).join(", ")}}}.`, "variables", "missing_variables");
  }

  let rendered;
  try {
    rendered = renderPrompt(version, values);
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw invalidRequest(`${versionName} cannot be rendered: ${error.publicMessage}`, "variables", "prompt_render_failed");
  }

  const { variables: _variables, messages: clientMessages, ...clientParams } = body;
  // NOTE: a self-consistency version is sent once, because the gateway does not sample several completions and vote.
  const forwarded: Record<string, unknown> = {
    ...rendered.params,
    ...clientParams,
    messages: [...rendered.messages, ...(Array.isArray(clientMessages) ? clientMessages : [])],
  };
  return { version, modelId: version.modelId, body: forwarded };
}
