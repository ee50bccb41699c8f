import type { Actor } from "@/lib/auth/actor";
import { diffFields, type AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import type { ExtractionSchema, Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { ExtractionSchemaInput, ExtractionSchemaUpdate } from "./inputs";
import { compileExtractionSchema } from "./validate";

function duplicateName(name: string): AppError {
  return new AppError("CONFLICT", `An extraction schema named "${name}" already exists; choose another name`, { reason: "mediaExtract.schema_name_taken", params: { name } });
}

/** Returns a live schema of the actor's workspace, or NOT_FOUND. */
export async function readExtractionSchema(db: Db, actor: Actor, id: string): Promise<ExtractionSchema> {
  const schema = await db.extractionSchema.findFirst({ where: { id, workspaceId: actor.workspaceId, archivedAt: null } });
  if (!schema) throw new AppError("NOT_FOUND", `Extraction schema ${id} not found`, { reason: "mediaExtract.schema_not_found", params: { id } });
  return schema;
}

export async function listExtractionSchemas(db: Db, actor: Actor): Promise<ExtractionSchema[]> {
  return db.extractionSchema.findMany({ where: { workspaceId: actor.workspaceId, archivedAt: null }, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], take: 500 });
}

/** Creates a schema after compiling it with ajv; an invalid schema is rejected with the path of the problem. */
export async function createExtractionSchema(db: Db, actor: Actor, input: ExtractionSchemaInput): Promise<{ schema: ExtractionSchema; audit: AuditEntry }> {
  compileExtractionSchema(input.schema);
  const taken = await db.extractionSchema.findFirst({ where: { workspaceId: actor.workspaceId, name: input.name }, select: { id: true } });
  if (taken) throw duplicateName(input.name);

  const schema = await db.extractionSchema.create({
    data: { workspaceId: actor.workspaceId, name: input.name, description: input.description ?? null, schema: input.schema as Prisma.InputJsonObject, createdById: actor.userId },
  });
  return { schema, audit: { action: "media.extraction_schema.create", targetType: "extraction_schema", targetId: schema.id, changes: { name: schema.name } } };
}

/** Changes a schema's name, description or JSON Schema. Results of earlier runs keep the data they had. */
export async function updateExtractionSchema(db: Db, actor: Actor, id: string, input: ExtractionSchemaUpdate): Promise<{ schema: ExtractionSchema; audit: AuditEntry }> {
  const before = await readExtractionSchema(db, actor, id);
  if (input.schema) compileExtractionSchema(input.schema);
  if (input.name && input.name !== before.name) {
    const taken = await db.extractionSchema.findFirst({ where: { workspaceId: actor.workspaceId, name: input.name }, select: { id: true } });
    if (taken) throw duplicateName(input.name);
  }

  const schema = await db.extractionSchema.update({
    where: { id },
    data: {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.schema !== undefined && { schema: input.schema as Prisma.InputJsonObject }),
    },
  });
  const changes = diffFields({ name: before.name, description: before.description, schema: before.schema }, { name: schema.name, description: schema.description, schema: schema.schema });
  return { schema, audit: { action: "media.extraction_schema.update", targetType: "extraction_schema", targetId: id, changes } };
}

/** Archives a schema: it leaves the list, and its runs and results stay readable. */
export async function archiveExtractionSchema(db: Db, actor: Actor, id: string): Promise<{ audit: AuditEntry }> {
  const schema = await readExtractionSchema(db, actor, id);
  // The name is freed for a new schema, because the unique constraint covers archived rows too.
  await db.extractionSchema.update({ where: { id }, data: { archivedAt: new Date(), name: `${schema.name} (archived ${id})` } });
  return { audit: { action: "media.extraction_schema.archive", targetType: "extraction_schema", targetId: id, changes: { name: schema.name } } };
}
