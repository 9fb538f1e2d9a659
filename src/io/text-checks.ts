/** A `\uD800`–`\uDFFF` escape: the only way JSON text can spell a lone surrogate. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether a parsed line holds a string with a lone surrogate (which becomes U+FFFD when
 * written as UTF-8). The text is searched for a surrogate escape first, so ordinary lines
 * (even ones full of `\u00e9`-style escapes) cost one native search.
 */
export function hasLoneSurrogate(text: string, value: unknown): boolean {
  if (text.indexOf("\\u") < 0 || !SURROGATE_ESCAPE.test(text)) return false;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (!(v as string & { isWellFormed(): boolean }).isWellFormed()) return true;
    } else if (v !== null && typeof v === "object") {
      for (const k in v as Record<string, unknown>) {
        stack.push(k);
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return false;
}
