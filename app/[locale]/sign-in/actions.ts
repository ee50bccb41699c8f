"use server";

import { cookies, headers } from "next/headers";
import { z } from "zod";
import { isLocale, LOCALE_COOKIE, localeCookieOptions, type Locale } from "@/i18n/routing";
import { getActor } from "@/lib/auth/session";
import { lockedForSeconds } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import { clientAddressOf } from "@/lib/http/client-address";
import { logger } from "@/lib/log";
import { getUser } from "@/lib/users/users";
import { safeCallbackPath, withLocale } from "./callback-url";

const destinationInput = z.object({ callbackUrl: z.string().max(2000).nullable(), locale: z.string() });

/**
 * Where to go right after signing in: the callback path (or the overview) in the user's saved language,
 * falling back to the sign-in page's language. Also sets the NEXT_LOCALE cookie to that language.
 */
export async function signInDestination(input: { callbackUrl: string | null; locale: string }): Promise<{ url: string }> {
  const parsed = destinationInput.safeParse(input);
  const pageLocale: Locale = parsed.success && isLocale(parsed.data.locale) ? parsed.data.locale : "zh-CN";
  const callbackUrl = parsed.success ? parsed.data.callbackUrl : null;

  const actor = await getActor();
  if (!actor?.userId) return { url: `/${pageLocale}/sign-in` };

  const user = await getUser(db(), actor, actor.userId);
  const locale = isLocale(user.locale) ? user.locale : pageLocale;
  (await cookies()).set(LOCALE_COOKIE, locale, localeCookieOptions);

  const host = (await headers()).get("host");
  return { url: withLocale(safeCallbackPath(callbackUrl, host) ?? "/", locale) };
}

/**
 * Minutes until sign-in is allowed again after a RATE_LIMITED refusal, or null when it could not be
 * determined. Reads the same throttle keys as authenticate() (the email and the client address), so
 * it reveals nothing the refusal itself did not.
 */
export async function signInRetryAfterMinutes(email: string): Promise<number | null> {
  if (typeof email !== "string" || email.length > 320) return null;

  try {
    const forwarded = clientAddressOf((await headers()).get("x-forwarded-for"));
    const keys = [`email:${email.trim().toLowerCase()}`, ...(forwarded ? [`ip:${forwarded}`] : [])];
    const waits = await Promise.all(keys.map((key) => lockedForSeconds(db(), key)));
    const seconds = Math.max(0, ...waits);
    return seconds > 0 ? Math.ceil(seconds / 60) : null;
  } catch (error) {
    logger.error({ err: error }, "auth.retry_after.failed");
    return null;
  }
}
