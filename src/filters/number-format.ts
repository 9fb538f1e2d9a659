/** A number as stable, short text for filter details: up to 6 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "null";
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}
