import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";

export const PASSWORD = "correct horse battery";

export const meta: RequestMeta = { ip: "203.0.113.7", userAgent: "vitest", requestId: "req-test" };

/** Builds the third argument of `runAction`: a fixed actor (or none), fixed request meta and the test database. */
export function resolveAs(database: Db, actor: Actor | null) {
  return { actor: async () => actor, meta: async () => meta, db: () => database };
}

/** Inserts a user with `PASSWORD` and a membership in `workspaceId`, and returns the actor for it. */
export async function seedUser(database: Db, workspaceId: string, input: { email: string; role: Role; name?: string }): Promise<Actor> {
  const user = await database.user.create({
    data: {
      email: input.email,
      name: input.name ?? input.email.split("@")[0]!,
      passwordHash: await hashPassword(PASSWORD),
      memberships: { create: { workspaceId, role: input.role } },
    },
    select: { id: true, email: true },
  });
  return { type: "user", userId: user.id, email: user.email, role: input.role, workspaceId };
}

/** Creates a workspace with one admin and one viewer, the starting point of most tests here. */
export async function seedWorkspace(database: Db, slug = "acme") {
  const workspace = await database.workspace.create({ data: { slug, name: `${slug} workspace` } });
  const admin = await seedUser(database, workspace.id, { email: `admin@${slug}.test`, role: "admin", name: "Ada Admin" });
  const viewer = await seedUser(database, workspace.id, { email: `viewer@${slug}.test`, role: "viewer", name: "Vic Viewer" });
  return { workspaceId: workspace.id, admin, viewer };
}
