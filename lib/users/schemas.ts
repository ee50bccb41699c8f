import { z } from "zod";
import { roles } from "@/lib/auth/roles";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";

export const roleSchema = z.enum(roles);
export const localeSchema = z.enum(["zh-CN", "en"]);
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email());
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(200);
export const nameSchema = z.string().trim().min(1).max(100);

export const createUserInput = z.object({ email: emailSchema, name: nameSchema, role: roleSchema, password: passwordSchema });
export const inviteUserInput = z.object({ email: emailSchema, name: nameSchema, role: roleSchema });
export const acceptInvitationInput = z.object({ token: z.string().min(10), password: passwordSchema });
export const changeRoleInput = z.object({ userId: z.string().min(1), role: roleSchema });
export const setUserStatusInput = z.object({ userId: z.string().min(1), status: z.enum(["active", "disabled"]) });
export const resetPasswordInput = z.object({ userId: z.string().min(1) });
export const revokeInvitationInput = z.object({ invitationId: z.string().min(1) });
export const changePasswordInput = z.object({ currentPassword: z.string().min(1), newPassword: passwordSchema });
export const setLocaleInput = z.object({ locale: localeSchema });
export const updateUserInput = z.object({ role: roleSchema.optional(), status: z.enum(["active", "disabled"]).optional(), name: nameSchema.optional() });
