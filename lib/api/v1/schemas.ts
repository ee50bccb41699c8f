import { z } from "zod";
import { permissions, type Permission } from "@/lib/auth/roles";
import { errorCodes, type ErrorCode } from "@/lib/errors";
import { roleSchema } from "@/lib/users/schemas";

/*
 * Response shapes of the management API as they appear on the wire: dates are ISO 8601 strings and BigInt
 * ids are decimal strings. Schemas with an `id` become named components of the OpenAPI document, and the
 * tests parse real responses with them, so the document cannot drift from what the API sends.
 */

const dateTime = z.iso.datetime();
const errorCodeList = Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]];
const permissionList = Object.keys(permissions) as [Permission, ...Permission[]];

export const userStatusSchema = z.enum(["active", "disabled"]);

export const userResource = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    status: userStatusSchema,
    locale: z.string().nullable().describe("Interface language (zh-CN or en); null until the user picks one"),
    lastLoginAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "User", description: "A member of the workspace" });

export const meResource = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    workspaceId: z.string(),
    authMethod: z.enum(["token", "session"]).describe("How this request authenticated"),
    tokenId: z.string().nullable().describe("The personal access token used, when authMethod is token"),
    permissions: z.array(z.enum(permissionList)).describe("Everything the caller's role may do"),
  })
  .meta({ id: "Me", description: "The authenticated caller" });

export const tokenResource = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("First characters of the token, to tell tokens apart"),
    expiresAt: dateTime.nullable().describe("Null when the token never expires"),
    revokedAt: dateTime.nullable(),
    lastUsedAt: dateTime.nullable().describe("Updated at most once a minute"),
    createdAt: dateTime,
  })
  .meta({ id: "PersonalAccessToken", description: "A personal access token; the secret itself is never listed" });

export const createdTokenResource = tokenResource
  .extend({ token: z.string().describe("The secret token, starting with ld_pat_. Returned only in this response") })
  .meta({ id: "CreatedPersonalAccessToken", description: "A new personal access token with its secret" });

export const invitationResource = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    expiresAt: dateTime,
    createdAt: dateTime,
  })
  .meta({ id: "Invitation", description: "A pending invitation to join the workspace" });

export const createdInvitationResource = invitationResource
  .extend({ url: z.url().describe("Link for the invitee to set a password. Returned only in this response") })
  .meta({ id: "CreatedInvitation", description: "A new invitation with its link" });

export const revokedInvitationResource = invitationResource
  .extend({ revokedAt: dateTime })
  .meta({ id: "RevokedInvitation", description: "An invitation whose link no longer works" });

export const passwordResetResource = z
  .object({ temporaryPassword: z.string().describe("Generated password the user must change at the next sign-in. Returned only in this response") })
  .meta({ id: "PasswordReset", description: "The result of an admin's password reset" });

export const auditEventResource = z
  .object({
    id: z.string().describe("Increasing decimal id; pass the last one as `before` to page"),
    workspaceId: z.string().nullable(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    actorType: z.string().describe("user, token or system"),
    action: z.string().describe("Dotted action name, for example user.create"),
    targetType: z.string(),
    targetId: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()).nullable().describe("Changed fields, usually as { from, to }"),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "AuditEvent", description: "One recorded mutation or sign-in" });

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodeList),
      message: z.string().describe("English explanation, safe to show"),
      fields: z.record(z.string(), z.array(z.string())).optional().describe("Invalid request fields and why each was rejected"),
      reason: z.string().optional().describe("A specific cause beyond the code, such as datasets.import_not_in_review"),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe("Facts about the cause, such as a line number or a limit"),
      details: z
        .array(
          z.object({
            url: z.string().optional().describe("The URL this entry is about"),
            filename: z.string().optional().describe("The file this entry is about"),
            code: z.enum(errorCodeList),
            message: z.string(),
            reason: z.string().optional(),
            params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
          }),
        )
        .optional()
        .describe("One entry per failed item when a batch request, such as adding several media URLs, fails as a whole"),
    }),
  })
  .meta({ id: "Error", description: "Body of every failed response" });
