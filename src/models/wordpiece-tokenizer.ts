import { WordIdCache } from "./word-id-cache.js";
import { FNV_PRIME } from "../base/hashing.js";
import { WORD_HASH_SEED } from "../base/word-table.js";

/**
 * A fast tokenizer for BERT-style `tokenizer.json` files (BertNormalizer, BertPreTokenizer,
 * WordPiece, a [CLS] … [SEP] template), producing exactly the ids transformers.js's own
 * tokenizer produces for them (same normalisation quirks, same truncation), several times
 * faster:
 * - words are looked up in a per-tokenizer word → ids cache, so a word's WordPiece split is
 *   computed once per process (bounded: the cache is emptied when it grows past its cap);
 * - the longest-match search never builds a candidate longer than the longest vocabulary entry
 *   (transformers.js probes every prefix of an unknown word, O(length²) string building);
 * - ASCII text (nearly all of it in practice) takes a path with no per-character regex tests;
 * - encoding stops once the truncation length is reached, so a 50 kB text costs what its first
 *   `maxLength` tokens cost (transformers.js tokenises it whole, then truncates).
 *
 * What transformers.js does, and this replicates (read from its source, v4):
 * - BertNormalizer: clean_text drops U+0000, U+FFFD and control/format/private-use/surrogate
 *   code points (except \t \n \r) and turns whitespace into " "; handle_chinese_chars puts spaces
 *   around CJK ideographs (tested per UTF-16 unit, so astral ideographs are left alone);
 *   lowercase; strip_accents (NFD, drop non-spacing marks) when `lowercase` and strip_accents is
 *   not `false`, or when strip_accents is `true`.
 * - BertPreTokenizer: runs of characters that are neither whitespace nor punctuation (\p{P} and
 *   every ASCII symbol), and single punctuation characters.
 * - WordPiece: greedy longest match, continuation pieces with the prefix ("##"), a word longer
 *   than max_input_chars_per_word code points or with an unmatched rest is the unknown token.
 * - The post-processor template, then truncation of the whole sequence to the model's maximum
 *   length (transformers.js cuts the final [SEP] too, and for pairs cuts from the end).
 * Texts that contain an added token's text (e.g. a literal "[SEP]") are not handled here:
 * `encode` returns -1 and the caller uses transformers.js for that text.
 */

/** One item of the post-processing template: a special token, or sequence A / B. */
type TemplateItem = { special: number; typeId: number } | { sequence: "A" | "B"; typeId: number };

/** How the texts are normalised (BertNormalizer's flags; all off for a tokenizer with no normalizer). */
interface NormalizerFlags {
  cleanText: boolean;
  chineseChars: boolean;
  lowercase: boolean;
  stripAccents: boolean;
}

/** Punctuation as BertPreTokenizer sees it: Unicode \p{P} plus every ASCII symbol. */
const PUNCTUATION = "\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E";
const PRE_TOKEN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, "gu");
const CONTROL = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const WHITESPACE = /^\s$/;
const NON_SPACING_MARK = /\p{Mn}/gu;
const HAS_NON_SPACING_MARK = /\p{Mn}/u;
const NON_ASCII = /[^\x00-\x7f]/;
/** Anything but printable ASCII and \t \n \r: text without it needs no clean-up beyond case. */
const NOT_PLAIN_ASCII = /[^\x20-\x7e\t\n\r]/;
const SURROGATE = /[\ud800-\udfff]/;

/** ASCII character classes for the pre-tokenizer: 0 whitespace, 1 punctuation, 2 word. */
const ASCII_CLASS = new Uint8Array(128).fill(2);
for (const c of [9, 10, 11, 12, 13, 32]) ASCII_CLASS[c] = 0;
for (let c = 0x21; c <= 0x7e; c++) if (c <= 0x2f || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || c >= 0x7b) ASCII_CLASS[c] = 1;

/** CJK ideographs in the BMP, as BERT's tokenizer defines them (the astral ranges never match a UTF-16 unit). */
function isChineseUnit(u: number): boolean {
  return (u >= 0x4e00 && u <= 0x9fff) || (u >= 0x3400 && u <= 0x4dbf) || (u >= 0xf900 && u <= 0xfaff);
}

/**
 * Texts are normalised in pieces of about this many UTF-16 units, cut at whitespace (see
 * `encodeText`). Small enough that a text truncated at 128 tokens (~500 characters of
 * English) is not lower-cased and checked far beyond its last token; large enough that the
 * per-piece work stays small. 512 was 10–17% faster per Dolly text than 2048.
 */
const CHUNK = 512;

/** Settings taken from the loaded transformers.js tokenizer, which decide truncation and padding. */
export interface WordPieceSettings {
  /** Truncation length (tokenizer_config's model_max_length; Infinity when absent). */
  maxLength: number;
}

/**
 * Encoder for one BERT-style tokenizer. Build with `WordPieceTokenizer.fromJson`, which returns
 * undefined for tokenizer.json files of any other shape.
 */
export class WordPieceTokenizer {
  private readonly cache = new WordIdCache();
  private readonly maxTokenLength: number;
  /** Ids of each ASCII punctuation character (a one-character word). */
  private readonly punctuationIds: (number | Int32Array)[] = [];
  private scratch = new Int32Array(512);
  private scratchTypes = new Int32Array(512);

  private constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    private readonly unkId: number,
    private readonly prefix: string,
    private readonly maxWordChars: number,
    private readonly normalizer: NormalizerFlags,
    private readonly single: readonly TemplateItem[],
    private readonly pair: readonly TemplateItem[],
    private readonly addedTexts: readonly string[],
    readonly maxLength: number,
  ) {
    let longest = 0;
    for (const key of vocab.keys()) if (key.length > longest) longest = key.length;
    this.maxTokenLength = longest;
    for (let c = 0; c < 128; c++) this.punctuationIds.push(ASCII_CLASS[c] === 1 ? this.splitWord(String.fromCharCode(c)) : unkId);
  }

  /**
   * A fast tokenizer for `tokenizerJson` (the parsed tokenizer.json) and `tokenizerConfig` (the
   * parsed tokenizer_config.json), or undefined when the files use anything this class does not
   * replicate exactly (another model type, normaliser or pre-tokenizer, normalised added tokens,
   * fuse_unk, remove_space …).
   */
  static fromJson(tokenizerJson: unknown, tokenizerConfig: unknown, settings: WordPieceSettings): WordPieceTokenizer | undefined {
    if (!isRecord(tokenizerJson)) return undefined;
    const config = isRecord(tokenizerConfig) ? tokenizerConfig : {};
    if (config.remove_space === true || config.do_lowercase_and_remove_accent === true) return undefined;
    const model = tokenizerJson.model;
    if (!isRecord(model) || model.type !== "WordPiece" || !isRecord(model.vocab) || model.fuse_unk === true) return undefined;
    const prefix = model.continuing_subword_prefix;
    const unkToken = model.unk_token;
    if (typeof prefix !== "string" || typeof unkToken !== "string") return undefined;
    const maxWordChars = typeof model.max_input_chars_per_word === "number" ? model.max_input_chars_per_word : 100;

    const preTokenizer = tokenizerJson.pre_tokenizer;
    if (!isRecord(preTokenizer) || preTokenizer.type !== "BertPreTokenizer") return undefined;

    const norm = tokenizerJson.normalizer;
    let normalizer: NormalizerFlags;
    if (norm === null || norm === undefined) normalizer = { cleanText: false, chineseChars: false, lowercase: false, stripAccents: false };
    else if (isRecord(norm) && norm.type === "BertNormalizer") {
      const lowercase = norm.lowercase === true;
      normalizer = {
        cleanText: norm.clean_text === true,
        chineseChars: norm.handle_chinese_chars === true,
        lowercase,
        stripAccents: lowercase ? norm.strip_accents !== false : norm.strip_accents === true,
      };
    } else return undefined;

    const vocab = new Map<string, number>();
    for (const [token, id] of Object.entries(model.vocab)) {
      if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > 0x7fffffff) return undefined;
      vocab.set(token, id);
    }
    const addedTexts: string[] = [];
    const added = Array.isArray(tokenizerJson.added_tokens) ? tokenizerJson.added_tokens : [];
    for (const t of added) {
      if (!isRecord(t) || typeof t.content !== "string" || typeof t.id !== "number" || !Number.isInteger(t.id) || t.id < 0) return undefined;
      const special = t.special === true;
      // A normalised added token is matched after normalisation: not replicated here.
      if ((t.normalized ?? !special) === true) return undefined;
      if (t.content.length === 0) return undefined;
      vocab.set(t.content, t.id);
      addedTexts.push(t.content);
    }
    const unkId = vocab.get(unkToken);
    if (unkId === undefined) return undefined;

    const templates = parseTemplates(tokenizerJson.post_processor, vocab, unkId);
    if (!templates) return undefined;
    return new WordPieceTokenizer(vocab, unkId, prefix, maxWordChars, normalizer, templates.single, templates.pair, addedTexts, settings.maxLength);
  }

  /**
   * Encode `text` (and `pair`, for sentence-pair models), truncated to `maxLength`, into
   * `ids` / `typeIds` (reused by the next call: copy them out before encoding again), and return
   * the number of tokens; -1 for a text this class leaves to transformers.js (one that contains
   * an added token's text).
   */
  encode(text: string, pair?: string | null): number {
    if (this.containsAddedToken(text) || (pair && this.containsAddedToken(pair))) return -1;
    // transformers.js treats an empty pair as no pair.
    const template = pair ? this.pair : this.single;
    this.length = 0;
    for (const item of template) {
      if (this.length >= this.maxLength) break;
      if ("special" in item) this.push(item.special, item.typeId);
      else this.encodeText(item.sequence === "A" ? text : pair!, item.typeId);
    }
    return this.length;
  }

  /** Token ids of the last `encode` (its first `length` entries). */
  get ids(): Int32Array {
    return this.scratch;
  }

  /** Token type ids of the last `encode` (0 for sequence A, 1 for B, per the template). */
  get typeIds(): Int32Array {
    return this.scratchTypes;
  }

  /** The ids of the normalised word `text[start, end)` (cached). */
  private wordIds(text: string, start: number, end: number, hash = WordIdCache.hash(text, start, end)): number | Int32Array {
    let ids = this.cache.get(text, start, end, hash);
    if (ids === undefined) {
      const word = text.slice(start, end);
      ids = this.splitWord(word);
      this.cache.set(word, hash, ids);
    }
    return ids;
  }

  private length = 0;

  private containsAddedToken(text: string): boolean {
    for (const t of this.addedTexts) if (text.includes(t)) return true;
    return false;
  }

  private push(id: number, typeId: number): void {
    if (this.length === this.scratch.length) {
      const ids = new Int32Array(this.scratch.length * 2);
      ids.set(this.scratch);
      this.scratch = ids;
      const types = new Int32Array(this.scratch.length);
      types.set(this.scratchTypes);
      this.scratchTypes = types;
    }
    this.scratch[this.length] = id;
    this.scratchTypes[this.length++] = typeId;
  }

  /**
   * Normalise, pre-tokenise and WordPiece `text`, pushing ids until `maxLength` is reached. The
   * text goes in chunks cut just after an ASCII whitespace character: every step is local
   * between whitespace (clean-up and CJK spacing per character, lower-casing — whose only
   * context rule, the final sigma, stops at whitespace — NFD, the word split), so chunking
   * changes nothing, and encoding can stop early.
   */
  private encodeText(text: string, typeId: number): void {
    let start = 0;
    while (start < text.length && this.length < this.maxLength) {
      let end = text.length;
      if (end - start > CHUNK) {
        end = start + CHUNK;
        while (end < text.length && !isAsciiSpace(text.charCodeAt(end - 1))) end++;
      }
      this.encodeChunk(start === 0 && end === text.length ? text : text.slice(start, end), typeId);
      start = end;
    }
  }

  private normalize(text: string): string {
    const { cleanText, chineseChars, lowercase, stripAccents } = this.normalizer;
    const ascii = !NON_ASCII.test(text);
    if (cleanText) {
      if (ascii) text = text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "").replace(/[\t\n\r]/g, " ");
      else text = cleanUnicode(text, chineseChars);
    } else if (chineseChars && !ascii) text = spaceChinese(text);
    if (lowercase) text = text.toLowerCase();
    if (stripAccents && NON_ASCII.test(text)) {
      text = text.normalize("NFD");
      if (HAS_NON_SPACING_MARK.test(text)) text = text.replace(NON_SPACING_MARK, "");
    }
    return text;
  }

  /**
   * Pre-tokenise and WordPiece one chunk. Printable ASCII with \t \n \r (nearly every text)
   * needs no normalising beyond lower case (clean-up would only turn \t \n \r into spaces, which
   * are separators either way): it is scanned by character class. Anything else is normalised
   * in full and split with BertPreTokenizer's pattern.
   */
  private encodeChunk(raw: string, typeId: number): void {
    if (NOT_PLAIN_ASCII.test(raw)) {
      const text = this.normalize(raw);
      if (!NON_ASCII.test(text)) this.scanAscii(text, typeId);
      else
        for (const m of text.matchAll(PRE_TOKEN)) {
          if (this.length >= this.maxLength) break;
          this.pushIds(this.wordIds(m[0], 0, m[0].length), typeId);
        }
      return;
    }
    this.scanAscii(this.normalizer.lowercase ? raw.toLowerCase() : raw, typeId);
  }

  /** Split normalised ASCII text into words and punctuation, pushing their ids. */
  private scanAscii(text: string, typeId: number): void {
    const n = text.length;
    let i = 0;
    while (i < n && this.length < this.maxLength) {
      const c = text.charCodeAt(i);
      const cls = ASCII_CLASS[c]!;
      if (cls === 0) i++;
      else if (cls === 1) {
        this.pushIds(this.punctuationIds[c]!, typeId);
        i++;
      } else {
        // The word's hash is taken on the way (WordIdCache.hash, FNV-1a), not in a second pass.
        let h = Math.imul(WORD_HASH_SEED ^ c, FNV_PRIME);
        let j = i + 1;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (ASCII_CLASS[d] !== 2) break;
          h = Math.imul(h ^ d, FNV_PRIME);
        }
        const ids = this.wordIds(text, i, j, h);
        if (typeof ids === "number") this.push(ids, typeId);
        else this.pushIds(ids, typeId);
        i = j;
      }
    }
  }

  private pushIds(ids: number | Int32Array, typeId: number): void {
    if (typeof ids === "number") this.push(ids, typeId);
    else for (let k = 0; k < ids.length && this.length < this.maxLength; k++) this.push(ids[k]!, typeId);
  }

  /** WordPiece: greedy longest match over code points; the unknown token for an unsplittable or too long word. */
  private splitWord(word: string): number | Int32Array {
    // Code-point boundaries in UTF-16 units (identity for words without surrogates).
    let bounds: number[] | undefined;
    if (SURROGATE.test(word)) {
      bounds = [0];
      for (const ch of word) bounds.push(bounds[bounds.length - 1]! + ch.length);
    }
    const n = bounds ? bounds.length - 1 : word.length;
    if (n > this.maxWordChars) return this.unkId;
    const at = (k: number) => (bounds ? bounds[k]! : k);
    const whole = this.vocab.get(word);
    if (whole !== undefined) return whole;
    const pieces: number[] = [];
    let start = 0;
    while (start < n) {
      const extra = start > 0 ? this.prefix.length : 0;
      let end = n;
      // No vocabulary entry is longer than maxTokenLength units: skip candidates that cannot match.
      while (end > start && at(end) - at(start) + extra > this.maxTokenLength) end--;
      let id: number | undefined;
      for (; end > start; end--) {
        const piece = word.slice(at(start), at(end));
        id = this.vocab.get(start > 0 ? this.prefix + piece : piece);
        if (id !== undefined) break;
      }
      if (id === undefined) return this.unkId;
      pieces.push(id);
      start = end;
    }
    return pieces.length === 1 ? pieces[0]! : Int32Array.from(pieces);
  }
}

function isAsciiSpace(u: number): boolean {
  return u === 32 || u === 10 || u === 9 || u === 13;
}

/**
 * BertNormalizer's clean_text (and CJK spacing) for text with non-ASCII characters, walking
 * code points as transformers.js does and copying the unchanged runs whole. \t \n \r are left
 * as they are rather than turned into spaces: every later step treats them as it treats a space.
 */
function cleanUnicode(text: string, chineseChars: boolean): string {
  let out = "";
  let copied = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    const u = text.charCodeAt(i);
    if ((u >= 0x20 && u < 0x7f) || u === 10 || u === 9 || u === 13) {
      i++;
      continue;
    }
    const pair = u >= 0xd800 && u <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const ch = pair ? text.slice(i, i + 2) : text[i]!;
    let replacement: string | undefined;
    if (u === 0 || u === 0xfffd || u < 0x20 || u === 0x7f || CONTROL.test(ch)) replacement = "";
    else if (WHITESPACE.test(ch)) replacement = " ";
    else if (chineseChars && !pair && isChineseUnit(u)) replacement = ` ${ch} `;
    if (replacement !== undefined) {
      out += text.slice(copied, i) + replacement;
      copied = i + ch.length;
    }
    i += ch.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function spaceChinese(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out += isChineseUnit(u) ? ` ${text[i]} ` : text[i];
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The single and pair templates of a TemplateProcessing or BertProcessing post-processor. */
function parseTemplates(
  post: unknown,
  vocab: ReadonlyMap<string, number>,
  unkId: number,
): { single: TemplateItem[]; pair: TemplateItem[] } | undefined {
  if (!isRecord(post)) return undefined;
  const idOf = (token: unknown) => (typeof token === "string" ? vocab.get(token) ?? unkId : undefined);
  if (post.type === "BertProcessing") {
    const cls = Array.isArray(post.cls) ? idOf(post.cls[0]) : undefined;
    const sep = Array.isArray(post.sep) ? idOf(post.sep[0]) : undefined;
    if (cls === undefined || sep === undefined) return undefined;
    const single: TemplateItem[] = [{ special: cls, typeId: 0 }, { sequence: "A", typeId: 0 }, { special: sep, typeId: 0 }];
    return { single, pair: [...single, { sequence: "B", typeId: 1 }, { special: sep, typeId: 1 }] };
  }
  if (post.type !== "TemplateProcessing") return undefined;
  const parse = (items: unknown): TemplateItem[] | undefined => {
    if (!Array.isArray(items)) return undefined;
    const out: TemplateItem[] = [];
    for (const item of items) {
      if (!isRecord(item)) return undefined;
      if (isRecord(item.SpecialToken)) {
        const id = idOf(item.SpecialToken.id);
        const typeId = item.SpecialToken.type_id;
        if (id === undefined || typeof typeId !== "number") return undefined;
        out.push({ special: id, typeId });
      } else if (isRecord(item.Sequence)) {
        const which = item.Sequence.id;
        const typeId = item.Sequence.type_id;
        if ((which !== "A" && which !== "B") || typeof typeId !== "number") return undefined;
        out.push({ sequence: which, typeId });
      } else return undefined;
    }
    return out;
  };
  const single = parse(post.single);
  const pair = parse(post.pair);
  if (!single || !pair || single.some((i) => "sequence" in i && i.sequence === "B")) return undefined;
  return { single, pair };
}
