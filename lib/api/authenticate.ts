import type { Actor } from "@/lib/auth/actor";
import { authenticatePersonalAccessToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** Credential the caller authenticated with: a personal access token or the console's session cookie. */
export type AuthMethod = "token" | "session";

export type Authentication = { actor: Actor; method: AuthMethod };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Identifies the caller. An `Authorization` header must hold a valid bearer token and is never combined with
 * the cookie. Without the header, the session cookie is tried, but only when the request carries cookies,
 * because a session cannot exist without one.
 */
export async function authenticateRequest(
  request: Request,
  database: Db,
  resolveSession: (request: Request) => Promise<Actor | null>,
  publicUrl: string | undefined,
): Promise<Authentication> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const [scheme, token, ...rest] = authorization.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== "bearer" || !token || rest.length > 0) {
      throw new AppError("UNAUTHENTICATED", "The Authorization header must be \"Bearer <personal access token>\"");
    }

    const actor = await authenticatePersonalAccessToken(database, token);
    if (!actor) throw new AppError("UNAUTHENTICATED", "The token is invalid, revoked or expired; create a new one under Profile");
    return { actor, method: "token" };
  }

  const actor = request.headers.has("cookie") ? await resolveSession(request) : null;
  if (!actor) {
    throw new AppError("UNAUTHENTICATED", "Authentication required: send \"Authorization: Bearer <personal access token>\"");
  }
  if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request, publicUrl);
  return { actor, method: "session" };
}

/**
 * Rejects a cookie-authenticated mutation sent from another site. Browsers add `Origin` to every request
 * other than GET and HEAD (Fetch standard), so a mutation without it comes from a non-browser client.
 */
function assertSameOrigin(request: Request, publicUrl: string | undefined) {
  const origin = request.headers.get("origin");
  if (!origin) return;

  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("FORBIDDEN", "Cross-site request rejected: the Origin header is not a URL");
  }

  const allowedHosts = new Set([new URL(request.url).host]);
  const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = request.headers.get("host");
  if (forwardedHost) allowedHosts.add(forwardedHost);
  if (host) allowedHosts.add(host);
  if (publicUrl) allowedHosts.add(new URL(publicUrl).host);

  if (!allowedHosts.has(originHost)) {
    throw new AppError("FORBIDDEN", `Cross-site request rejected: origin ${origin} is not this console`);
  }
}
