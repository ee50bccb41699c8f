import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { nameList } from "./errors";
import { ALL_MODELS, PROMPT_PREFIX } from "./schemas";

/**
 * Checks that each allowedModels entry names a deployment or a live prompt template (`prompt:<name>`) of the
 * workspace, or is "*". Unknown names are rejected with the valid ones listed, because a typo would
 * otherwise lock the application out with no hint until its first request.
 */
export async function assertAllowedModelsExist(db: Db, workspaceId: string, entries: readonly string[]): Promise<void> {
  if (entries.length === 1 && entries[0] === ALL_MODELS) return;

  const promptNames = entries.filter((entry) => entry.startsWith(PROMPT_PREFIX)).map((entry) => entry.slice(PROMPT_PREFIX.length));
  const deploymentNames = entries.filter((entry) => !entry.startsWith(PROMPT_PREFIX));

  const [deployments, templates] = await Promise.all([
    db.deployment.findMany({ where: { workspaceId }, select: { name: true }, orderBy: { name: "asc" } }),
    db.promptTemplate.findMany({ where: { workspaceId, archivedAt: null }, select: { name: true }, orderBy: { name: "asc" } }),
  ]);
  const knownDeployments = new Set(deployments.map((entry) => entry.name));
  const knownPrompts = new Set(templates.map((entry) => entry.name));

  const unknown = [
    ...deploymentNames.filter((name) => !knownDeployments.has(name)),
    ...promptNames.filter((name) => !knownPrompts.has(name)).map((name) => PROMPT_PREFIX + name),
  ];
  if (unknown.length === 0) return;

  const valid = [ALL_MODELS, ...knownDeployments, ...[...knownPrompts].map((name) => PROMPT_PREFIX + name)];
  const params = { names: nameList(unknown), valid: nameList(valid) };
  throw new AppError("INVALID_INPUT", `allowedModels names no deployment or prompt template: ${params.names}. Valid entries: ${params.valid}`, {
    reason: "gateway.unknown_allowed_models",
    params,
    fieldErrors: { allowedModels: [`Unknown: ${params.names}`] },
  });
}
