import type { Actor } from "@/lib/auth/actor";
import { emptyRequestMeta } from "@/lib/auth/actor";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";

export const DEFAULT_WORKSPACE_SLUG = "default";

/**
 * Origin of the admin's password: generated and returned once, taken from LUODI_ADMIN_PASSWORD, or
 * already stored for an existing user.
 */
export type AdminPasswordSource = "generated" | "environment" | "existing";

export type BootstrapResult = {
  workspaceId: string;
  workspaceCreated: boolean;
  /** Email to sign in with: the admin created now, or the earliest admin of the default workspace. */
  adminEmail: string | null;
  adminCreated: boolean;
  passwordSource: AdminPasswordSource;
  /** The generated password in plain text, set only on the call that created the admin with it. */
  generatedPassword: string | null;
};

/**
 * Prepares a fresh database: creates the default workspace when there is no workspace, and the initial
 * admin when there is no user. The admin gets LUODI_ADMIN_PASSWORD, or a generated password that must be
 * changed at first sign-in. Calling it again changes nothing.
 */
export async function bootstrapInstance(
  database: Db,
  input: { adminEmail: string; adminPassword?: string },
): Promise<BootstrapResult> {
  const { workspace, created: workspaceCreated } = await ensureDefaultWorkspace(database);

  const existingUser = await database.user.findFirst({ select: { id: true } });
  if (existingUser) {
    const adminEmail = await findFirstAdminEmail(database, workspace.id);
    await recordBootstrap(database, workspace.id, { workspaceCreated, adminCreated: false, adminEmail });
    return { workspaceId: workspace.id, workspaceCreated, adminEmail, adminCreated: false, passwordSource: "existing", generatedPassword: null };
  }

  const adminEmail = input.adminEmail.trim().toLowerCase();
  const generatedPassword = input.adminPassword ? null : generatePassword();
  const password = input.adminPassword ?? (generatedPassword as string);
  try {
    await database.user.create({
      data: {
        email: adminEmail,
        name: "Administrator",
        passwordHash: await hashPassword(password),
        mustChangePassword: generatedPassword !== null,
        memberships: { create: { workspaceId: workspace.id, role: "admin" } },
      },
      select: { id: true },
    });
  } catch (error) {
    // Another launcher on the same external database created the admin first.
    if (!isUniqueViolation(error)) throw error;
    return { workspaceId: workspace.id, workspaceCreated, adminEmail, adminCreated: false, passwordSource: "existing", generatedPassword: null };
  }

  await recordBootstrap(database, workspace.id, { workspaceCreated, adminCreated: true, adminEmail });
  return {
    workspaceId: workspace.id,
    workspaceCreated,
    adminEmail,
    adminCreated: true,
    passwordSource: generatedPassword ? "generated" : "environment",
    generatedPassword,
  };
}

async function ensureDefaultWorkspace(database: Db) {
  const existing = await database.workspace.findUnique({ where: { slug: DEFAULT_WORKSPACE_SLUG }, select: { id: true } });
  if (existing) return { workspace: existing, created: false };

  // A database that has workspaces but none called "default" keeps using its oldest one.
  const oldest = await database.workspace.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true } });
  if (oldest) return { workspace: oldest, created: false };

  try {
    const workspace = await database.workspace.create({
      data: { slug: DEFAULT_WORKSPACE_SLUG, name: "Default" },
      select: { id: true },
    });
    return { workspace, created: true };
  } catch (error) {
    // Another launcher on the same external database created it first.
    if (!isUniqueViolation(error)) throw error;
    const workspace = await database.workspace.findUniqueOrThrow({ where: { slug: DEFAULT_WORKSPACE_SLUG }, select: { id: true } });
    return { workspace, created: false };
  }
}

async function findFirstAdminEmail(database: Db, workspaceId: string): Promise<string | null> {
  const membership = await database.membership.findFirst({
    where: { workspaceId, role: "admin", user: { status: "active" } },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { email: true } } },
  });
  return membership?.user.email ?? null;
}

/** Audits a bootstrap that created something; a run that found everything in place writes nothing. */
async function recordBootstrap(
  database: Db,
  workspaceId: string,
  outcome: { workspaceCreated: boolean; adminCreated: boolean; adminEmail: string | null },
) {
  if (!outcome.workspaceCreated && !outcome.adminCreated) return;

  const system: Actor = { type: "system", userId: null, email: null, role: "admin", workspaceId };
  await recordAudit(database, system, emptyRequestMeta, {
    action: "system.bootstrap",
    targetType: "workspace",
    targetId: workspaceId,
    changes: {
      workspaceCreated: outcome.workspaceCreated,
      adminCreated: outcome.adminCreated,
      adminEmail: outcome.adminCreated ? outcome.adminEmail : null,
    },
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
