import { AppError } from "@/lib/errors";
import type { Db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "./actor";
import { verifyPassword } from "./password";
import { clearFailures, lockedForSeconds, recordFailure, type ThrottleSettings } from "./throttle";

export type AuthenticatedUser = { id: string; email: string; name: string; sessionVersion: number; locale: string | null };

/**
 * Checks an email and password. Failures are counted per email and per client address, and both keys are
 * refused with RATE_LIMITED while locked, so guessing is slow whichever one an attacker varies.
 */
export async function authenticate(
  database: Db,
  credentials: { email: string; password: string },
  meta: RequestMeta,
  settings: ThrottleSettings,
): Promise<AuthenticatedUser> {
  const email = credentials.email.trim().toLowerCase();
  const keys = [`email:${email}`, ...(meta.ip ? [`ip:${meta.ip}`] : [])];

  const waits = await Promise.all(keys.map((key) => lockedForSeconds(database, key)));
  const retryAfterSeconds = Math.max(0, ...waits);
  if (retryAfterSeconds > 0) {
    throw new AppError("RATE_LIMITED", "Too many failed sign-ins; try again later", { retryAfterSeconds });
  }

  const user = await database.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, status: true, passwordHash: true, sessionVersion: true, locale: true, memberships: { select: { workspaceId: true } } },
  });
  const passwordMatches = await verifyPassword(user?.passwordHash, credentials.password);

  if (!user || !passwordMatches || user.status !== "active") {
    for (const key of keys) await recordFailure(database, key, settings);
    await database.auditEvent.create({
      data: {
        actorType: "user",
        actorId: user?.id ?? null,
        actorEmail: email,
        action: "auth.sign_in_failed",
        targetType: "user",
        targetId: user?.id ?? null,
        changes: { reason: failureReason(user) },
        ip: meta.ip,
        userAgent: meta.userAgent,
        requestId: meta.requestId,
      },
    });
    throw new AppError("UNAUTHENTICATED", "Invalid email or password");
  }

  for (const key of keys) await clearFailures(database, key);
  await database.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  const workspaceId = user.memberships[0]?.workspaceId ?? null;
  await recordAudit(
    database,
    { type: "user", userId: user.id, email: user.email, role: "viewer", workspaceId: workspaceId ?? "" },
    meta,
    { action: "auth.sign_in", targetType: "user", targetId: user.id },
  );

  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, locale: user.locale };
}

/** Names why a sign-in failed, for the audit event only; the client always gets the same message. */
function failureReason(user: { status: string } | null): "unknown_email" | "disabled" | "wrong_password" {
  if (!user) return "unknown_email";
  if (user.status !== "active") return "disabled";
  return "wrong_password";
}
