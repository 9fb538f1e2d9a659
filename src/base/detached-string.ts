/**
 * A copy of `s`, code unit for code unit, that shares no memory with the string it was cut
 * from.
 *
 * V8 represents a substring (a slice, a trim, a string value JSON.parse read from a line)
 * as a pointer into its parent, which then stays alive as long as the substring does. A
 * 280-character snippet kept for the report's map would keep its whole JSON line —
 * instruction, context, response and every other field — for the whole run. A JSON round
 * trip builds a string of its own (and, unlike UTF-8, carries lone surrogates unchanged).
 * It costs a few microseconds: it is for what is kept long, not for every row.
 */
export function detachedCopy(s: string): string {
  return s.length === 0 ? "" : (JSON.parse(JSON.stringify(s)) as string);
}
