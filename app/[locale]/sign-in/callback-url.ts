import { locales, type Locale } from "@/i18n/routing";

/**
 * Returns `value` as a same-site path ("/en/datasets?x=1"), or null when it is missing or points at
 * another site. Accepts absolute URLs only when their host equals `host`, since next-auth sometimes
 * passes those. Guards against open redirects such as "//evil.test" and "/\evil.test".
 */
export function safeCallbackPath(value: string | null | undefined, host: string | null): string | null {
  if (!value) return null;

  let url: URL;
  try {
    url = new URL(value, "http://placeholder.invalid");
  } catch {
    return null;
  }

  const relative = url.host === "placeholder.invalid";
  if (!relative && (host === null || url.host !== host)) return null;
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;

  return `${url.pathname}${url.search}${url.hash}`;
}

/** Replaces or adds the locale prefix of a path: "/en/datasets" with "zh-CN" gives "/zh-CN/datasets". */
export function withLocale(path: string, locale: Locale): string {
  const [pathname = "/", ...rest] = path.split(/(?=[?#])/);
  const segments = pathname.split("/").filter(Boolean);
  if (segments[0] && locales.some((candidate) => candidate.toLowerCase() === segments[0]?.toLowerCase())) segments.shift();

  // Never send a freshly signed-in user back to the sign-in page.
  if (segments[0] === "sign-in") return `/${locale}`;

  return `/${[locale, ...segments].join("/")}${rest.join("")}`;
}
