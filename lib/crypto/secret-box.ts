import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Stored form: "v1:<iv>:<tag>:<ciphertext>", each part base64. The version prefix leaves room for key rotation.
const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";

function keyFrom(encoded: string | undefined): Buffer {
  if (!encoded) {
    throw new AppError("INTERNAL", "LUODI_ENCRYPTION_KEY is not set; start Luodi through the launcher, which generates it, or set it in the environment");
  }
  return Buffer.from(encoded, "base64");
}

/** Encrypts a secret (a provider API key) with LUODI_ENCRYPTION_KEY for storage. */
export function encryptSecret(plaintext: string, encodedKey = env().LUODI_ENCRYPTION_KEY): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, keyFrom(encodedKey), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

/** Decrypts a value written by encryptSecret; a wrong key or altered value raises instead of returning garbage. */
export function decryptSecret(stored: string, encodedKey = env().LUODI_ENCRYPTION_KEY): string {
  const [version, iv, tag, data] = stored.split(":");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new AppError("INTERNAL", "A stored secret has an unknown format");

  const decipher = createDecipheriv(ALGORITHM, keyFrom(encodedKey), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError("INTERNAL", "A stored secret cannot be decrypted: LUODI_ENCRYPTION_KEY differs from the key it was encrypted with");
  }
}

/** Returns what admins see of a saved secret: its last four characters. */
export function secretHint(plaintext: string): string {
  return plaintext.length <= 8 ? "…" : `…${plaintext.slice(-4)}`;
}
