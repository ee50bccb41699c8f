import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { maskPii } from "@/lib/guardrails/pii";

/**
 * The workspace's raw-text policy for media: by default OCR text and transcripts have resident ID,
 * bank card, phone numbers and e-mail addresses masked before they are stored or sent to a model.
 * An admin may switch that off (Workspace.mediaRawText).
 */
export type MediaTextPolicy = { rawText: boolean };

export async function readMediaTextPolicy(db: Db, workspaceId: string): Promise<MediaTextPolicy> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { mediaRawText: true } });
  return { rawText: workspace.mediaRawText };
}

/** Returns the text as the policy allows it to be stored or sent: unchanged with raw text on, else PII-masked. */
export function applyMediaTextPolicy(text: string, policy: MediaTextPolicy): string {
  return policy.rawText ? text : maskPii(text);
}

/**
 * Switches raw text on or off for the actor's workspace. Text stored earlier stays as it was stored:
 * switching raw text on cannot unmask it, and switching it off does not mask it again.
 */
export async function setMediaTextPolicy(db: Db, actor: Actor, rawText: boolean): Promise<{ policy: MediaTextPolicy; audit: AuditEntry | null }> {
  const before = await readMediaTextPolicy(db, actor.workspaceId);
  if (before.rawText === rawText) return { policy: before, audit: null };

  await db.workspace.update({ where: { id: actor.workspaceId }, data: { mediaRawText: rawText } });
  const audit: AuditEntry = { action: "media.policy_update", targetType: "workspace", targetId: actor.workspaceId, changes: { mediaRawText: { from: before.rawText, to: rawText } } };
  return { policy: { rawText }, audit };
}
