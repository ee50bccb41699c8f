import type { RuntimeModelFolders } from "./process";

const HEALTH_TIMEOUT_MS = 3_000;

type HealthBody = { status?: unknown; model?: unknown; modelPath?: unknown; adapterPath?: unknown };

/** Builds the runtime's base URL for OpenAI clients. */
export function runtimeBaseUrl(port: number): string {
  return `http://127.0.0.1:${port}/v1`;
}

/**
 * Returns true when the runtime on `port` responds to /health and serves exactly this model: the same served
 * name, model folder and adapter folder. A runtime for an earlier registration of the model does not count.
 */
export async function servesModel(port: number, model: RuntimeModelFolders): Promise<boolean> {
  try {
    // The runtime is Luodi's own process on loopback, not a user-supplied URL, so no SSRF guard applies.
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    if (!response.ok) return false;
    const body = (await response.json()) as HealthBody;
    return body.status === "ok" && body.model === model.name && body.modelPath === model.localPath && (body.adapterPath ?? null) === model.adapterPath;
  } catch {
    return false;
  }
}
