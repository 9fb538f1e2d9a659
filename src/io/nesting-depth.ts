/**
 * The deepest nesting a row may have. Deeper values would overflow the call stack of
 * every recursive walk downstream (schema inference, JSON.stringify, Arrow builders), so a
 * row nested deeper is a reject. Real SFT rows nest a handful of levels
 * (conversation → messages → message → content).
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Whether a parsed JSON value nests arrays/objects more than `max` levels deep, counted
 * without recursion (so a row nested 100,000 levels deep is measured, not a crash). The
 * cheap common case first: a row whose fields are all scalars is never walked.
 */
export function nestedDeeperThan(value: unknown, max = MAX_NESTING_DEPTH): boolean {
  if (value === null || typeof value !== "object") return false;
  let nested = false;
  if (Array.isArray(value)) nested = true;
  else for (const k in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== null && typeof v === "object") {
      nested = true;
      break;
    }
  }
  if (!nested) return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length) {
    const v = stack.pop() as Record<string, unknown> | unknown[];
    const d = depths.pop()!;
    if (d > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) {
      if (c !== null && typeof c === "object") {
        stack.push(c);
        depths.push(d + 1);
      }
    }
  }
  return false;
}
