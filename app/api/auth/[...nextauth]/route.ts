import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's sign-in, sign-out, session and CSRF endpoints. The options are built per request because
 * authOptions() reads the validated environment, which a build must not require.
 */
async function handler(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
