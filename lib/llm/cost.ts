import type { ModelTarget, TokenUsage } from "./types";

/**
 * Returns the cost of one call in the prices' currency: tokens times the price per million tokens, rounded
 * to 8 decimals (the RequestLog.cost column's scale). Null when either price is unknown, because a partial
 * sum would understate the bill.
 */
export function costOf(prices: ModelTarget["prices"], usage: TokenUsage): number | null {
  if (prices.input === null || prices.output === null) return null;

  const cost = (usage.inputTokens * prices.input + usage.outputTokens * prices.output) / 1_000_000;
  return Math.round(cost * 1e8) / 1e8;
}
