import { z } from "zod";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { getActor, getRequestMeta } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/record";
import { db, type Db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { fieldErrorsOf, type ActionContext, type ActionDefinition } from "./definition";
import type { ActionResult } from "./result";

export type { ActionContext, ActionDefinition, HandlerOutput } from "./definition";


/**
 * Runs one mutation for the signed-in user: checks the session and permission, validates the input,
 * calls the handler, writes its audit event and maps every failure to a typed, safe result.
 */
export async function runAction<Schema extends z.ZodType, T>(
  definition: ActionDefinition<Schema, T>,
  rawInput: unknown,
  resolve: { actor: () => Promise<Actor | null>; meta: () => Promise<RequestMeta>; db: () => Db } = {
    actor: getActor,
    meta: getRequestMeta,
    db,
  },
): Promise<ActionResult<T>> {
  const log = logger.child({ action: definition.name });
  try {
    const actor = await resolve.actor();
    if (!actor) return { ok: false, error: { code: "UNAUTHENTICATED" } };
    if (!can(actor.role, definition.permission)) {
      log.warn({ userId: actor.userId, role: actor.role }, "action.forbidden");
      return { ok: false, error: { code: "FORBIDDEN" } };
    }

    const parsed = definition.input.safeParse(rawInput);
    if (!parsed.success) return { ok: false, error: { code: "INVALID_INPUT", fieldErrors: fieldErrorsOf(parsed.error) } };

    const context: ActionContext = { actor, meta: await resolve.meta(), db: resolve.db() };
    const output = await definition.handler(context, parsed.data);
    if (output.audit) await recordAudit(context.db, actor, context.meta, output.audit);
    return { ok: true, data: output.data };
  } catch (error) {
    if (isAppError(error)) {
      return { ok: false, error: { code: error.code, fieldErrors: error.options.fieldErrors, retryAfterSeconds: error.options.retryAfterSeconds } };
    }
    log.error({ err: error }, "action.failed");
    return { ok: false, error: { code: "INTERNAL" } };
  }
}

/** Declares a server action; call the returned function from a `"use server"` module. */
export function defineAction<Schema extends z.ZodType, T>(definition: ActionDefinition<Schema, T>) {
  return (rawInput: unknown) => runAction(definition, rawInput);
}

export { AppError };
