import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { diffLines, type DiffLine } from "./line-diff";
import { getVersionByNumber, type PromptVersionRecord } from "./versions";

export const DIFF_PARTS = ["messages", "variables", "fewShotExamples", "strategy", "outputSchema", "params", "model"] as const;
export type DiffPart = (typeof DIFF_PARTS)[number];

export type DiffSection = { part: DiffPart; changed: boolean; lines: DiffLine[] };

/** Writes each message as a `[role]` line followed by its content, so a line diff shows role and text changes. */
function messagesText(version: PromptVersionRecord): string {
  return version.messages.map((message) => `[${message.role}]\n${message.content}`).join("\n\n");
}

function jsonText(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value, null, 2);
}

function partText(version: PromptVersionRecord, part: DiffPart): string {
  switch (part) {
    case "messages":
      return messagesText(version);
    case "variables":
      return jsonText(version.variables);
    case "fewShotExamples":
      return jsonText(version.fewShotExamples);
    case "strategy":
      return jsonText(version.strategy);
    case "outputSchema":
      return jsonText(version.outputSchema);
    case "params":
      return jsonText(version.params);
    case "model":
      return version.modelId ?? "";
  }
}

/** Line-level differences between two versions, one section per part, in a fixed order. */
export function diffVersionRecords(from: PromptVersionRecord, to: PromptVersionRecord): DiffSection[] {
  return DIFF_PARTS.map((part) => {
    const before = partText(from, part);
    const after = partText(to, part);
    return { part, changed: before !== after, lines: diffLines(before, after) };
  });
}

/** Compares version `fromNumber` with version `toNumber` of one template. */
export async function diffVersions(db: Db, actor: Actor, name: string, fromNumber: number, toNumber: number) {
  const { version: from } = await getVersionByNumber(db, actor.workspaceId, name, fromNumber);
  const { version: to } = await getVersionByNumber(db, actor.workspaceId, name, toNumber);
  return {
    from: { id: from.id, number: from.number },
    to: { id: to.id, number: to.number },
    sections: diffVersionRecords(from, to),
  };
}
