import { defineRouting } from "next-intl/routing";

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

export const LOCALE_COOKIE = "NEXT_LOCALE";

// One year, so the language choice survives browser restarts; next-intl's default is a session cookie.
const LOCALE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * Locale routing: every page path starts with its locale. Without a prefix, the proxy picks the locale
 * from the NEXT_LOCALE cookie, then Accept-Language, then zh-CN.
 */
export const routing = defineRouting({
  locales,
  defaultLocale: "zh-CN",
  localePrefix: "always",
  localeCookie: { name: LOCALE_COOKIE, maxAge: LOCALE_COOKIE_MAX_AGE_SECONDS, sameSite: "lax" },
});

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Cookie attributes for setting NEXT_LOCALE outside the proxy, matching what next-intl writes. */
export const localeCookieOptions = { path: "/", maxAge: LOCALE_COOKIE_MAX_AGE_SECONDS, sameSite: "lax" } as const;
