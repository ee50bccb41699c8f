"use client";

import { useFormatter } from "next-intl";
import { useCallback } from "react";

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/**
 * Returns a function that formats a byte count in the current locale with decimal units (1 kB = 1,000
 * bytes), because Intl.NumberFormat has no binary units such as KiB.
 */
export function useFormatBytes(): (bytes: number) => string {
  const format = useFormatter();
  return useCallback(
    (bytes: number) => {
      let value = Math.max(0, bytes);
      let unit = 0;
      while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
        value /= 1000;
        unit += 1;
      }
      return format.number(value, { style: "unit", unit: BYTE_UNITS[unit], unitDisplay: "short", maximumFractionDigits: unit === 0 ? 0 : 1 });
    },
    [format],
  );
}

/** Returns the first characters of a content hash, enough to tell versions apart in a table. */
export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 12) : "";
}
