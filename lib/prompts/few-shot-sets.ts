import type { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { promptNotFound } from "./errors";
import type { createFewShotSetInput, updateFewShotSetInput } from "./schemas";
import type { FewShotExample } from "./types";

/*
 * Reusable few-shot example sets. Prompt versions copy a set's examples when they are created, so editing
 * or deleting a set never changes an existing version.
 */

export const FEW_SHOT_TARGET = "few_shot_set";

type FewShotSetRow = Awaited<ReturnType<Db["fewShotSet"]["findFirstOrThrow"]>>;
export type FewShotSet = Omit<FewShotSetRow, "examples"> & { examples: FewShotExample[] };

function toSet(row: FewShotSetRow): FewShotSet {
  return { ...row, examples: (row.examples ?? []) as FewShotExample[] };
}

export async function listFewShotSets(db: Db, actor: Actor) {
  const rows = await db.fewShotSet.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { updatedAt: "desc" } });
  return rows.map(toSet);
}

export async function getFewShotSet(db: Db, workspaceId: string, setId: string): Promise<FewShotSet> {
  const row = await db.fewShotSet.findFirst({ where: { id: setId, workspaceId } });
  if (!row) throw promptNotFound("few-shot set", "prompts.few_shot_set_not_found", { id: setId });
  return toSet(row);
}

async function assertNameFree(db: Db, workspaceId: string, name: string, exceptId?: string) {
  const existing = await db.fewShotSet.findFirst({ where: { workspaceId, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  if (!existing) return;
  throw new AppError("CONFLICT", `A few-shot set named "${name}" already exists; choose another name`, {
    reason: "prompts.few_shot_name_taken",
    params: { name },
    fieldErrors: { name: ["A few-shot set with this name already exists"] },
  });
}

export async function createFewShotSet(db: Db, actor: Actor, input: z.output<typeof createFewShotSetInput>) {
  await assertNameFree(db, actor.workspaceId, input.name);
  const row = await db.fewShotSet.create({
    data: { workspaceId: actor.workspaceId, name: input.name, description: input.description, examples: input.examples, createdById: actor.userId },
  });
  const audit: AuditEntry = { action: "prompts.few_shot_create", targetType: FEW_SHOT_TARGET, targetId: row.id, changes: { name: input.name, examples: input.examples.length } };
  return { set: toSet(row), audit };
}

export async function updateFewShotSet(db: Db, actor: Actor, setId: string, input: z.output<typeof updateFewShotSetInput>) {
  const before = await getFewShotSet(db, actor.workspaceId, setId);
  if (input.name && input.name !== before.name) await assertNameFree(db, actor.workspaceId, input.name, setId);

  const row = await db.fewShotSet.update({ where: { id: setId }, data: input });
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (input.name !== undefined && input.name !== before.name) changes.name = { from: before.name, to: input.name };
  if (input.description !== undefined && input.description !== before.description) changes.description = { from: before.description, to: input.description };
  // Example texts can be long, so the event records how many there were, not the texts.
  if (input.examples !== undefined) changes.examples = { from: before.examples.length, to: input.examples.length };

  const audit: AuditEntry = { action: "prompts.few_shot_update", targetType: FEW_SHOT_TARGET, targetId: setId, changes };
  return { set: toSet(row), audit };
}

export async function deleteFewShotSet(db: Db, actor: Actor, setId: string) {
  const before = await getFewShotSet(db, actor.workspaceId, setId);
  await db.fewShotSet.delete({ where: { id: setId } });
  const audit: AuditEntry = { action: "prompts.few_shot_delete", targetType: FEW_SHOT_TARGET, targetId: setId, changes: { name: before.name } };
  return { set: before, audit };
}
