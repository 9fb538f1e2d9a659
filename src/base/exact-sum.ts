/**
 * The exact sum of a stream of finite doubles, kept as a short list of non-overlapping
 * partials (Shewchuk's algorithm, as Python's `math.fsum`), and read out correctly rounded.
 *
 * A plain float sum depends on the order of its terms in the last bits, so totals gathered
 * in pieces (one per shard) and merged would differ from the total of one pass. The exact
 * sum has no order: adding the same values in any order or grouping, or merging the partials
 * of several sums, gives the same value() to the bit. Well-behaved data needs two or three
 * partials, so an add costs a few float operations.
 */
export class ExactSum {
  /** The partials, non-overlapping, in ascending magnitude: at most ~40 (2098 bits / 53) ever. */
  private partials = new Float64Array(8);
  private n = 0;

  /** Add a finite value (a sum past ±1.8e308 overflows, as a float sum would). */
  add(x: number): void {
    const p = this.partials;
    const n = this.n;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (x !== 0) {
      if (i === p.length) (this.partials = new Float64Array(p.length * 2)).set(p);
      this.partials[i++] = x;
    }
    this.n = i;
  }

  /** Add every term of another sum (its partials are exact, so the result is the exact total). */
  addSum(other: ExactSum): void {
    for (let j = 0; j < other.n; j++) this.add(other.partials[j]!);
  }

  /** The partials (non-overlapping, ascending magnitude), as the state of the sum to save. */
  terms(): number[] {
    return Array.from(this.partials.subarray(0, this.n));
  }

  /** A sum of saved partials. */
  static of(terms: readonly number[]): ExactSum {
    const s = new ExactSum();
    for (const x of terms) s.add(x);
    return s;
  }

  /** The sum, correctly rounded to the nearest double (0 for an empty sum; never -0). */
  value(): number {
    const p = this.partials;
    let n = this.n;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    // Add the partials from the largest down while the additions are exact.
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even across the remaining partials: when the rest has the sign of the
    // error, the true sum lies past the halfway point and rounds the other way.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi === 0 ? 0 : hi;
  }
}
