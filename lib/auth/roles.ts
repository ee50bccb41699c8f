import type { Role } from "@/lib/db/generated/enums";

export const roles = ["admin", "engineer", "product", "viewer"] as const satisfies readonly Role[];
export type { Role };

/**
 * What each role may do. Pages and actions name a permission, never a role, so the table below is the
 * single place that decides access.
 */
export const permissions = {
  "console.read": ["admin", "engineer", "product", "viewer"],
  "profile.update": ["admin", "engineer", "product", "viewer"],
  "tokens.manageOwn": ["admin", "engineer", "product", "viewer"],
  "datasets.write": ["admin", "engineer"],
  // Uploading, tagging and deleting images and audio in the multimodal gallery.
  "media.write": ["admin", "engineer"],
  "training.launch": ["admin", "engineer"],
  "evaluations.run": ["admin", "engineer", "product"],
  "prompts.write": ["admin", "engineer", "product"],
  // Moving a prompt label (production, staging) publishes or rolls back what the gateway serves.
  "prompts.publish": ["admin", "engineer", "product"],
  // Calling models from the playground and experiments spends provider money, so viewers cannot.
  "models.use": ["admin", "engineer", "product"],
  "users.manage": ["admin"],
  "providers.manage": ["admin"],
  "apiKeys.manage": ["admin"],
  "policies.manage": ["admin"],
  "audit.read": ["admin"],
  "system.read": ["admin", "engineer"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}
