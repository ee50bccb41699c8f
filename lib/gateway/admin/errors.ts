import { AppError } from "@/lib/errors";

/** Typed failures of the API key and deployment admin functions; the console translates `errors.reasons.gateway.*`. */

export function apiKeyNotFound(): AppError {
  return new AppError("NOT_FOUND", "No such API key in this workspace", { reason: "gateway.key_not_found" });
}

export function deploymentNotFound(): AppError {
  return new AppError("NOT_FOUND", "No such deployment in this workspace", { reason: "gateway.deployment_not_found" });
}

export function apiKeyRevoked(name: string): AppError {
  return new AppError("CONFLICT", `API key "${name}" is revoked; revoked keys cannot change or rotate, so create a new key`, {
    reason: "gateway.key_revoked",
    params: { name },
  });
}

export function expiryInPast(field = "expiresAt"): AppError {
  return new AppError("INVALID_INPUT", "The expiry is in the past; choose a future date or leave it empty for a key that never expires", {
    reason: "gateway.expiry_past",
    fieldErrors: { [field]: ["Choose a future date"] },
  });
}

export function deploymentNameTaken(name: string): AppError {
  return new AppError("CONFLICT", `A deployment named "${name}" already exists; choose another name`, {
    reason: "gateway.deployment_name_taken",
    params: { name },
    fieldErrors: { name: ["A deployment with this name already exists"] },
  });
}

/** Lists at most a few names in a message, so a workspace with hundreds of deployments keeps errors readable. */
export function nameList(names: readonly string[], limit = 20): string {
  if (names.length === 0) return "(none)";
  const shown = names.slice(0, limit).join(", ");
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown;
}
