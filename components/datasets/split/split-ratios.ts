import type { Split } from "@/lib/datasets/model";

export type Ratios = Record<Split, number>;

/** Tolerance of the sum check; the API accepts ratios whose sum is within 1e-6 of 1. */
const SUM_TOLERANCE = 1e-6;

/** Parses ratio inputs ("0.8", "0.1", ...); returns null for any value that is not a number from 0 to 1. */
export function parseRatios(texts: Record<Split, string>): Ratios | null {
  const values = { train: Number(texts.train), validation: Number(texts.validation), test: Number(texts.test) };
  const valid = Object.values(texts).every((text) => text.trim() !== "") && Object.values(values).every((value) => Number.isFinite(value) && value >= 0 && value <= 1);
  return valid ? values : null;
}

export function ratiosSum(ratios: Ratios): number {
  return ratios.train + ratios.validation + ratios.test;
}

export function ratiosAddUp(ratios: Ratios): boolean {
  return Math.abs(ratiosSum(ratios) - 1) < SUM_TOLERANCE;
}

/** Largest seed the API accepts (a signed 32-bit integer). */
export const MAX_SEED = 2 ** 31 - 1;

export function parseSeed(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value <= MAX_SEED ? value : null;
}
