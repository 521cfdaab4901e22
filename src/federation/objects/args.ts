/**
 * `--apiserver-arg-overrides`, `--controllermanager-arg-overrides` and `--node-selector`: the
 * original's "marshallOverrides" (test/unit/init/args.test.ts has its cases), and rendering of container arguments.
 */

/** Ordered key → value pairs; a later duplicate replaces the earlier value. */
export type ArgMap = Readonly<Record<string, string>>;

export type ParseResult = { ok: true; values: ArgMap } | { ok: false; problem: string };

/**
 * Splits `k1=v1,k2=v2`. Each item splits on its first '=' (so `--controllers=a=false` keeps its
 * value), key and value are trimmed, an empty value is allowed and an empty key is not. The
 * returned problem is the original's inner message, without the flag name.
 */
export function parseOverrides(text: string): ParseResult {
  // No prototype, so that a key such as `__proto__` is just a key.
  const values: Record<string, string> = Object.create(null);
  if (text === '') return { ok: true, values };
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) return { ok: false, problem: `wrong format for override arg: ${item}` };
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === '') return { ok: false, problem: `wrong format for override arg: ${item}, arg name cannot be empty` };
    delete values[key]; // re-insert so the map's order shows where the winning value came from
    values[key] = value;
  }
  return { ok: true, values };
}

/**
 * Merges the defaults with the overrides (replace or add; a default cannot be removed), renders
 * each entry as `key=value` and sorts the result as the original did, so the container command
 * is stable whatever the order of the flags.
 */
export function renderArgs(defaults: ArgMap, overrides: ArgMap): string[] {
  const merged: Record<string, string> = Object.assign(Object.create(null), defaults, overrides);
  return Object.entries(merged)
    .map(([key, value]) => `${key}=${value}`)
    .sort(compareBytes);
}

/** Byte-wise order, as Go's sort.Strings, independent of the locale. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
