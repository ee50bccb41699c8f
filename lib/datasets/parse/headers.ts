/**
 * Turns a header row into usable column names: surrounding whitespace is trimmed, an empty name becomes
 * `column_<n>` (n is the 1-based column position), and a repeated name gets a `_2`, `_3`, ... suffix
 * that does not collide with another column.
 */
export function normalizeHeaders(cells: readonly unknown[]): string[] {
  const trimmed = cells.map((cell, index) => {
    const name = cell === undefined || cell === null ? "" : String(cell).trim();
    return name === "" ? `column_${index + 1}` : name;
  });
  const originalNames = new Set(trimmed);
  const used = new Set<string>();
  return trimmed.map((name) => {
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
    let suffix = 2;
    while (originalNames.has(`${name}_${suffix}`) || used.has(`${name}_${suffix}`)) suffix++;
    const unique = `${name}_${suffix}`;
    used.add(unique);
    return unique;
  });
}

/**
 * Builds a record's fields from column names and values. `__proto__` is defined as an own property
 * instead of being assigned, which would replace the object's prototype.
 */
export function zipFields(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = values[i] ?? "";
    if (name === "__proto__") Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
    else fields[name] = value;
  }
  return fields;
}
