import { hash, verify } from "@node-rs/argon2";
import { randomInt } from "node:crypto";

// Algorithm.Argon2id in @node-rs/argon2, a const enum that isolated modules cannot import.
const ARGON2ID = 2;

// Argon2id with the OWASP minimum parameters (19 MiB of memory, 2 passes).
const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  // Hash anyway when there is no stored hash, so response time does not reveal which emails exist.
  if (!passwordHash) {
    await hash(password, options);
    return false;
  }
  return verify(passwordHash, password);
}

/** Returns a random password of 20 characters from an alphabet without look-alike characters. */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  return Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join("");
}
