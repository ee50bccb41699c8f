import type { z } from "zod";
import type { AuditEntry } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { GuardedFetchPolicy } from "@/lib/net/guarded-fetch";
import { LOCAL_KIND } from "./presets";
import type { createAllowRuleInput, updateAllowRuleInput } from "./schemas";

/** Allow-rule patterns of a workspace, as the SSRF guard takes them. */
export async function loadAllowRules(db: Db, workspaceId: string): Promise<string[]> {
  const rules = await db.networkAllowRule.findMany({ where: { workspaceId }, select: { pattern: true } });
  return rules.map((rule) => rule.pattern);
}

/**
 * Builds the address policy for connections to a provider: the workspace's allow rules, plus trusted loopback for
 * Luodi's own runtime, which Luodi starts itself on 127.0.0.1.
 */
export async function policyFor(db: Db, workspaceId: string, kind: string): Promise<GuardedFetchPolicy> {
  const allowRules = await loadAllowRules(db, workspaceId);
  return kind === LOCAL_KIND ? { allowRules, trustedLoopback: true } : { allowRules };
}

export async function listAllowRules(db: Db, actor: Actor) {
  return db.networkAllowRule.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { createdAt: "asc" } });
}

async function getAllowRule(db: Db, actor: Actor, ruleId: string) {
  const rule = await db.networkAllowRule.findFirst({ where: { id: ruleId, workspaceId: actor.workspaceId } });
  if (!rule) throw new AppError("NOT_FOUND", "No such network allow rule in this workspace", { reason: "providers.rule_not_found" });
  return rule;
}

export async function createAllowRule(db: Db, actor: Actor, input: z.output<typeof createAllowRuleInput>) {
  const existing = await db.networkAllowRule.findFirst({ where: { workspaceId: actor.workspaceId, pattern: input.pattern } });
  if (existing) {
    throw new AppError("CONFLICT", `An allow rule for "${input.pattern}" already exists`, {
      reason: "providers.rule_taken",
      params: { pattern: input.pattern },
      fieldErrors: { pattern: ["This rule already exists"] },
    });
  }

  const rule = await db.networkAllowRule.create({ data: { ...input, workspaceId: actor.workspaceId, createdById: actor.userId } });
  const audit: AuditEntry = { action: "network.rule_create", targetType: "network_allow_rule", targetId: rule.id, changes: { pattern: rule.pattern, note: rule.note } };
  return { rule, audit };
}

export async function updateAllowRule(db: Db, actor: Actor, ruleId: string, input: z.output<typeof updateAllowRuleInput>) {
  const before = await getAllowRule(db, actor, ruleId);
  const rule = await db.networkAllowRule.update({ where: { id: ruleId }, data: { note: input.note } });
  const audit: AuditEntry = {
    action: "network.rule_update",
    targetType: "network_allow_rule",
    targetId: ruleId,
    changes: { pattern: rule.pattern, note: { from: before.note, to: rule.note } },
  };
  return { rule, audit };
}

/**
 * Deletes a rule. Providers saved while it allowed their address stay saved, but the guard checks every
 * connection against the current rules, so their calls fail with a blocked-address error from then on.
 */
export async function deleteAllowRule(db: Db, actor: Actor, ruleId: string) {
  const rule = await getAllowRule(db, actor, ruleId);
  await db.networkAllowRule.delete({ where: { id: ruleId } });
  const audit: AuditEntry = { action: "network.rule_delete", targetType: "network_allow_rule", targetId: ruleId, changes: { pattern: rule.pattern } };
  return { rule, audit };
}
