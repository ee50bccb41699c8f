import { permissions, can, type Permission } from "@/lib/auth/roles";
import { getUser } from "@/lib/users/users";
import { AppError } from "@/lib/errors";
import { defineRoute } from "../route";
import { meResource } from "./schemas";

export const getMe = defineRoute({
  method: "GET",
  path: "/me",
  operationId: "getMe",
  summary: "Get the authenticated caller",
  description: "Returns the user behind the token or session, with their role and permissions.",
  tag: "Me",
  permission: "console.read",
  response: meResource,
  async handler({ actor, authMethod, db }) {
    if (!actor.userId) throw new AppError("FORBIDDEN", "Only users have a profile");
    const user = await getUser(db, actor, actor.userId);
    const granted = (Object.keys(permissions) as Permission[]).filter((permission) => can(actor.role, permission));
    return {
      data: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: actor.role,
        workspaceId: actor.workspaceId,
        authMethod,
        tokenId: actor.tokenId ?? null,
        permissions: granted,
      },
    };
  },
});
