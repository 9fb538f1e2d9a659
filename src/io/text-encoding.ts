/**
 * Text inputs (JSON Lines, JSON arrays) are read as UTF-8. What else turns up in the wild,
 * and what happens to it:
 * - a UTF-8 byte-order mark: stripped;
 * - UTF-16 (LE or BE), by its byte-order mark or, without one, by NUL bytes in every other
 *   position (JSON text never holds a raw NUL): decoded to UTF-8 as it streams;
 * - UTF-32, by its byte-order mark or NUL pattern: not supported, one error naming the file.
 */
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "utf-32le" | "utf-32be";

/** Bytes looked at to recognise the encoding. */
const SNIFF_BYTES = 64;

/** The encoding of text that starts with these bytes, and the length of its byte-order mark. */
export function sniffEncoding(head: Uint8Array): { encoding: TextEncodingName; bom: number } {
  const [a, b, c, d] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: "utf-8", bom: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: "utf-32le", bom: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: "utf-32be", bom: 4 };
  if (a === 0xff && b === 0xfe) return { encoding: "utf-16le", bom: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: "utf-16be", bom: 2 };
  // No mark: count NULs by position modulo 4 in the first bytes.
  const n = Math.min(head.length, SNIFF_BYTES) & ~3;
  if (n < 4) return { encoding: "utf-8", bom: 0 };
  const nul = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (head[i] === 0) nul[i & 3]!++;
  const quarter = n / 4;
  if (nul[1] === quarter && nul[2] === quarter && nul[3] === quarter && nul[0] === 0) return { encoding: "utf-32le", bom: 0 };
  if (nul[0] === quarter && nul[1] === quarter && nul[2] === quarter && nul[3] === 0) return { encoding: "utf-32be", bom: 0 };
  const odd = nul[1]! + nul[3]!;
  const even = nul[0]! + nul[2]!;
  if (odd >= n / 4 && even === 0) return { encoding: "utf-16le", bom: 0 };
  if (even >= n / 4 && odd === 0) return { encoding: "utf-16be", bom: 0 };
  return { encoding: "utf-8", bom: 0 };
}

/**
 * The bytes of a text file as UTF-8, whatever sniffEncoding found. Looks once, at the
 * start: UTF-8 chunks (the common case) pass through untouched.
 */
export async function* utf8TextBytes(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  try {
    yield* decodedAsUtf8(it, file);
  } finally {
    // A reader that stops early returns this generator: pass that on, so the file is closed.
    await it.return?.();
  }
}

async function* decodedAsUtf8(it: AsyncIterator<Buffer>, file: string): AsyncGenerator<Buffer> {
  let head: Buffer = Buffer.alloc(0);
  // Gather enough bytes to recognise the encoding (a first chunk is nearly always enough).
  while (head.length < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) break;
    head = head.length ? Buffer.concat([head, next.value]) : next.value;
  }
  const { encoding, bom } = sniffEncoding(head);
  if (encoding === "utf-32le" || encoding === "utf-32be") {
    throw new Error(
      `${file}: the file is ${encoding.toUpperCase()} text, which sieve does not read. Convert it to UTF-8 (e.g. iconv -f UTF-32 -t UTF-8).`,
    );
  }
  if (encoding === "utf-8") {
    if (head.length > bom) yield bom ? head.subarray(bom) : head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const decoder = new TextDecoder(encoding);
  const first = decoder.decode(head.subarray(bom), { stream: true });
  if (first) yield Buffer.from(first, "utf8");
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    const text = decoder.decode(next.value, { stream: true });
    if (text) yield Buffer.from(text, "utf8");
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, "utf8");
}
