import { z } from "zod";
import { createUser, getUser, listUsers, resetUserPassword, updateUser } from "@/lib/users/users";
import { createUserInput, updateUserInput } from "@/lib/users/schemas";
import { defineRoute } from "../route";
import { passwordResetResource, userResource } from "./schemas";

const userPathParams = z.object({ id: z.string().min(1).max(100).describe("User id") });

export const listUsersRoute = defineRoute({
  method: "GET",
  path: "/users",
  operationId: "listUsers",
  summary: "List users",
  description: "Lists every member of the workspace with their role, oldest first.",
  tag: "Users",
  permission: "users.manage",
  response: z.array(userResource),
  async handler({ actor, db }) {
    return { data: await listUsers(db, actor) };
  },
});

export const createUserRoute = defineRoute({
  method: "POST",
  path: "/users",
  operationId: "createUser",
  summary: "Create a user with a password",
  description: "Creates an active user in the workspace. The user must change the password at first sign-in.",
  tag: "Users",
  permission: "users.manage",
  body: createUserInput.strict(),
  response: userResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { user, audit } = await createUser(db, actor, body);
    return { data: user, audit };
  },
});

export const getUserRoute = defineRoute({
  method: "GET",
  path: "/users/{id}",
  operationId: "getUser",
  summary: "Get a user",
  tag: "Users",
  permission: "users.manage",
  params: userPathParams,
  response: userResource,
  async handler({ actor, db, params }) {
    return { data: await getUser(db, actor, params.id) };
  },
});

export const updateUserRoute = defineRoute({
  method: "PATCH",
  path: "/users/{id}",
  operationId: "updateUser",
  summary: "Change a user's role, status or name",
  description:
    "A new role or a disabled status ends the user's sessions at once. Admins cannot remove their own admin role or disable themselves.",
  tag: "Users",
  permission: "users.manage",
  params: userPathParams,
  body: updateUserInput
    .strict()
    .refine((patch) => Object.values(patch).some((value) => value !== undefined), "Send at least one of role, status or name"),
  response: userResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params, body }) {
    const { user, audit } = await updateUser(db, actor, params.id, body);
    return { data: user, audit };
  },
});

export const resetUserPasswordRoute = defineRoute({
  method: "POST",
  path: "/users/{id}/reset-password",
  operationId: "resetUserPassword",
  summary: "Reset a user's password",
  description:
    "Replaces the user's password with a generated temporary one and returns it only in this response. Give it to the user over a secure channel. The console reminds the user to change it until they do. Ends the user's sessions and lifts a sign-in lock on their email. Admins cannot reset their own password here.",
  tag: "Users",
  permission: "users.manage",
  params: userPathParams,
  response: passwordResetResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const { temporaryPassword, audit } = await resetUserPassword(db, actor, params.id);
    return { data: { temporaryPassword }, audit };
  },
});
