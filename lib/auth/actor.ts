import type { Role } from "./roles";

/** The identity behind a request: a signed-in user, a personal access token, a gateway API key, or Luodi itself. */
export type Actor = {
  type: "user" | "token" | "api_key" | "system";
  userId: string | null;
  email: string | null;
  role: Role;
  workspaceId: string;
  /** Set when the actor authenticated with a personal access token. */
  tokenId?: string;
  /** Set when the actor is a gateway API key using the OpenAI fine-tuning endpoints. */
  apiKeyId?: string;
};

/** Client details that audit events record. */
export type RequestMeta = {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
};

export const emptyRequestMeta: RequestMeta = { ip: null, userAgent: null, requestId: null };
