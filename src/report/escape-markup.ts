/** Text made safe for HTML or SVG content and double-quoted attribute values (&, <, >, "). */
export function escapeMarkup(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
