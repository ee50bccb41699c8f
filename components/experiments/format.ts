/** Formats a 0..1 fraction as a whole or one-decimal percentage for message arguments. */
export function percentText(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return "—";
  return (fraction * 100).toFixed(digits).replace(/\.0+$/, "");
}
