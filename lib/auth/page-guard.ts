import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import type { Actor } from "./actor";
import { can, type Permission } from "./roles";
import { getActor } from "./session";

/**
 * Returns the signed-in actor for a server component, redirecting to the sign-in page when there is no
 * valid session and to the forbidden page when the actor's role lacks `permission`.
 */
export async function requireActor(permission: Permission = "console.read"): Promise<Actor> {
  const locale = await getLocale();
  const actor = await getActor();
  if (!actor) redirect(`/${locale}/sign-in`);
  if (!can(actor.role, permission)) redirect(`/${locale}/forbidden`);
  return actor;
}
