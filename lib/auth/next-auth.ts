import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { clientAddressOf } from "@/lib/http/client-address";
import { logger } from "@/lib/log";
import { authenticate } from "./authenticate";


/**
 * next-auth configuration: email and password sign-in, JWT sessions. The token carries the user id and the
 * user's session version, and `getActor()` checks both against the database on every request.
 */
export function authOptions(): NextAuthOptions {
  const settings = env();
  return {
    secret: settings.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: Math.round(settings.SESSION_MAX_AGE_HOURS * 3600) },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          if (!credentials?.email || !credentials.password) throw new Error("INVALID_INPUT");
          const meta = {
            ip: clientAddressOf(request?.headers?.["x-forwarded-for"]),
            userAgent: (request?.headers?.["user-agent"] as string | undefined) ?? null,
            requestId: null,
          };
          try {
            const user = await authenticate(db(), { email: credentials.email, password: credentials.password }, meta, {
              maxFailures: settings.LOGIN_MAX_FAILURES,
              windowMinutes: settings.LOGIN_WINDOW_MINUTES,
              lockMinutes: settings.LOGIN_LOCK_MINUTES,
            });
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, locale: user.locale };
          } catch (error) {
            // next-auth passes the thrown message to the client as `error`; only codes go there.
            if (isAppError(error)) throw new Error(error.code);
            logger.error({ err: error }, "auth.sign_in.failed");
            throw new Error("INTERNAL");
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as typeof user & { sessionVersion: number; locale: string | null };
          token.uid = signedIn.id;
          token.sv = signedIn.sessionVersion;
          token.locale = signedIn.locale;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid as string, sv: token.sv as number };
      },
    },
  };
}
