"use server";

import { cookies } from "next/headers";
import { runAction } from "@/lib/actions/define-action";
import type { ActionResult } from "@/lib/actions/result";
import { setLocaleAction } from "@/lib/users/account-actions";
import { LOCALE_COOKIE, localeCookieOptions } from "@/i18n/routing";

/**
 * Saves the signed-in user's interface language (audited as user.set_locale) and sets the NEXT_LOCALE
 * cookie, so the choice stays in this browser after sign-out and follows the user to other browsers after sign-in.
 */
export async function setLocale(input: { locale: string }): Promise<ActionResult<{ locale: "zh-CN" | "en" }>> {
  const result = await runAction(setLocaleAction, input);
  if (result.ok) (await cookies()).set(LOCALE_COOKIE, result.data.locale, localeCookieOptions);
  return result;
}
