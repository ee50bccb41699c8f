import type { RouteContext } from "../app";
import { authenticate, keyAllows } from "../auth";
import { sendJson } from "../respond";
import { requireConfig } from "./routing";

/** GET /v1/models: the enabled deployments the key may call, in OpenAI's list shape, sorted by name. */
export async function handleModels(context: RouteContext): Promise<void> {
  const { req, res, deps } = context;
  await requireConfig(deps);
  const key = await authenticate(req, deps.config);

  const created = Math.floor(deps.config.snapshot().loadedAt / 1000);
  const data = deps.config
    .deploymentsOf(key.workspaceId)
    .filter((deployment) => keyAllows(key, deployment.name))
    .map((deployment) => deployment.name)
    .sort()
    .map((id) => ({ id, object: "model", created, owned_by: "luodi" }));
  sendJson(res, 200, { object: "list", data });
}
