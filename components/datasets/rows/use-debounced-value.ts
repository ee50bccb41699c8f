"use client";

import { useEffect, useState } from "react";

/** Returns `value` once it has stayed unchanged for `delayMs`, e.g. to query the API only after typing pauses. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
