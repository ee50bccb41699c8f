import { decryptSecret, encryptSecret, secretHint } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";

/** Encrypts an API key into the provider columns that store it: ciphertext and a hint of its last characters. */
export function sealApiKey(apiKey: string): { secretCiphertext: string; secretHint: string } {
  return { secretCiphertext: encryptSecret(apiKey), secretHint: secretHint(apiKey) };
}

/**
 * Decrypts a provider's stored API key; null when it has none. A key that cannot be decrypted (because
 * LUODI_ENCRYPTION_KEY changed, or the value was altered) raises an error that names the provider and
 * the fix, never the ciphertext.
 */
export function openApiKey(provider: { name: string; secretCiphertext: string | null }, encodedKey?: string): string | null {
  if (!provider.secretCiphertext) return null;
  try {
    return encodedKey === undefined ? decryptSecret(provider.secretCiphertext) : decryptSecret(provider.secretCiphertext, encodedKey);
  } catch (error) {
    // A missing LUODI_ENCRYPTION_KEY already has its own message with the fix.
    if (!isAppError(error) || (encodedKey === undefined && !env().LUODI_ENCRYPTION_KEY)) throw error;
    throw new AppError(
      "INTERNAL",
      `The stored API key of provider "${provider.name}" cannot be decrypted: LUODI_ENCRYPTION_KEY differs from the key it was saved with. Restore that key, or enter the provider's API key again`,
      { reason: "providers.secret_unreadable", params: { provider: provider.name }, cause: error },
    );
  }
}
