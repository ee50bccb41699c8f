import { getToken } from "next-auth/jwt";
import createIntlMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_HINT_COOKIE, SESSION_HINT_MAX_AGE_SECONDS } from "@/components/console/session-hint";
import { isLocale, routing } from "@/i18n/routing";
import { env } from "@/lib/env";

const intlMiddleware = createIntlMiddleware(routing);

// First path segment after the locale of pages that need no session.
const PUBLIC_SEGMENTS = new Set(["sign-in", "invite"]);

const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/**
 * Runs before every page request: next-intl adds or corrects the locale prefix (from NEXT_LOCALE, then
 * Accept-Language), then visitors without a session cookie that decodes are sent to sign in. This is
 * only a fast redirect. Pages and actions authorize every request again on the server (requireActor,
 * runAction), because a token that decodes may belong to a user who was disabled since.
 */
export async function proxy(request: NextRequest) {
  const response = intlMiddleware(request);
  if (response.headers.has("location")) return response;

  const [, locale, section] = request.nextUrl.pathname.split("/");
  if (!isLocale(locale) || (section && PUBLIC_SEGMENTS.has(section))) return response;

  const sessionCookies = request.cookies.getAll().filter((cookie) => SESSION_COOKIE.test(cookie.name));
  const token =
    sessionCookies.length > 0
      ? await getToken({
          req: request,
          secret: env().AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
          secureCookie: sessionCookies.some((cookie) => cookie.name.startsWith("__Secure-")),
        })
      : null;
  if (token) {
    if (!request.cookies.has(SESSION_HINT_COOKIE)) {
      response.cookies.set(SESSION_HINT_COOKIE, "1", { path: "/", sameSite: "lax", maxAge: SESSION_HINT_MAX_AGE_SECONDS });
    }
    return response;
  }

  const signIn = new URL(`/${locale}/sign-in`, request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // A session cookie that no longer decodes (changed secret, tampering) or a browser that had a session
  // without signing out means the session expired.
  const expired = sessionCookies.length > 0 || request.cookies.has(SESSION_HINT_COOKIE);
  if (expired) signIn.searchParams.set("reason", "expired");

  const redirect = NextResponse.redirect(signIn);
  // Report the expiry once; the next sign-in sets the hint again.
  if (request.cookies.has(SESSION_HINT_COOKIE)) redirect.cookies.delete(SESSION_HINT_COOKIE);
  return redirect;
}

export const config = {
  // Pages only: not API routes, Next.js internals or files with an extension (icons, images).
  matcher: ["/((?!api|_next|_vercel|.*\\..*).*)"],
};
