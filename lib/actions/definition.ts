import type { z } from "zod";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit/record";
import type { Permission } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import type { FieldErrors } from "@/lib/errors";

// Kept free of Next.js imports so tests and other processes can load action definitions.

export type ActionContext = { actor: Actor; meta: RequestMeta; db: Db };

/** A handler's result: its data and the audit entry for the mutation it made (null for reads). */
export type HandlerOutput<T> = { data: T; audit: AuditEntry | null };

/** The object `runAction` and `defineAction` take: name, permission, zod input schema and handler. */
export type ActionDefinition<Schema extends z.ZodType, T> = {
  name: string;
  permission: Permission;
  input: Schema;
  handler: (context: ActionContext, input: z.infer<Schema>) => Promise<HandlerOutput<T>>;
};

/** Types a definition for `runAction` and `defineAction` while keeping its input and output types. */
export function actionDefinition<Schema extends z.ZodType, T>(definition: ActionDefinition<Schema, T>) {
  return definition;
}

/** Groups zod issues by field path ("_" for the whole input), as forms show them next to inputs. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
