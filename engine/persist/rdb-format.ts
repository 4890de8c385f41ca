/**
 * The RDB file format's numbers — value type bytes, opcodes, length and string encodings — and
 * the byte-level writer and reader every RDB module builds on. These values are on disk and shared
 * with Redis: they are append-only and guarded by test/persist/format.test.ts.
 *
 * Lengths: 00xxxxxx (6 bits), 01xxxxxx xxxxxxxx (14 bits, big-endian), 0x80 + 4 bytes BE,
 * 0x81 + 8 bytes BE; 11xxxxxx marks a specially encoded string: 0 int8, 1 int16, 2 int32
 * (little-endian), 3 LZF (compressed length, original length, data).
 *
 * Strings are written as Redis's rdbSaveRawString does: a string of at most 11 bytes that is the
 * canonical decimal form of a 32-bit integer is stored as that integer; with compression on, a
 * string longer than 20 bytes is stored LZF-compressed when the result fits in len - 4 bytes.
 *
 * Pure; any thread. `RdbOut` is a growable buffer; `RdbIn` reads a complete in-memory buffer and
 * throws RdbError on truncation or malformed data.
 */

import { lzfCompress, lzfDecompress, LzfError } from './lzf.ts';

export const RDB_VERSION = 10;
/** the newest format we read (Redis 7.2's) */
export const RDB_MAX_READ_VERSION = 11;
export const RDB_MIN_READ_VERSION = 1;

/** Value types (the byte before a key). */
export const T = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE_PRE_GA: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
  SET_LISTPACK: 20,
  STREAM_LISTPACKS_3: 21,
} as const;

/** Opcodes (special "types" that are not keys). */
export const OP = {
  FUNCTION2: 245,
  FUNCTION_PRE_GA: 246,
  MODULE_AUX: 247,
  IDLE: 248,
  FREQ: 249,
  AUX: 250,
  RESIZEDB: 251,
  EXPIRETIME_MS: 252,
  EXPIRETIME: 253,
  SELECTDB: 254,
  EOF: 255,
} as const;

/** Quicklist node containers (RDB_TYPE_LIST_QUICKLIST_2). */
export const QUICKLIST_NODE_PLAIN = 1;
export const QUICKLIST_NODE_PACKED = 2;

const ENC_INT8 = 0;
const ENC_INT16 = 1;
const ENC_INT32 = 2;
const ENC_LZF = 3;

const TYPE_NAMES: Record<number, string> = {
  0: 'string', 1: 'list (linked list)', 2: 'set', 3: 'zset (string scores)', 4: 'hash', 5: 'zset',
  6: 'module (pre-GA format)', 7: 'module', 9: 'hash (zipmap)', 10: 'list (ziplist)', 11: 'set (intset)',
  12: 'zset (ziplist)', 13: 'hash (ziplist)', 14: 'list (quicklist of ziplists)', 15: 'stream',
  16: 'hash (listpack)', 17: 'zset (listpack)', 18: 'list (quicklist)', 19: 'stream (v2)',
  20: 'set (listpack)', 21: 'stream (v3)',
};

/** A human name for a type byte, for error messages. */
export function typeName(t: number): string {
  return TYPE_NAMES[t] ?? `unknown type ${t}`;
}

/** The RDB version that introduced a type byte (a file of an older version must not use it). */
export function typeMinVersion(t: number): number {
  if (t >= 20) return 11;
  if (t >= 16) return 10;
  if (t === 15) return 9;
  if (t === 14) return 7;
  return 1;
}

export class RdbError extends Error {
  override name = 'RdbError';
}

/** The data ends before the item being read does (a truncated file, or a window to extend). */
export class RdbShortRead extends RdbError {
  override name = 'RdbShortRead';
}

/** The 9-character name of a module type id (64 bits: 9 x 6-bit chars, then 10 bits of version). */
export function moduleTypeName(idHi: number, idLo: number): string {
  const CS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const id = (BigInt(idHi >>> 0) << 32n) | BigInt(idLo >>> 0);
  let name = '';
  for (let i = 0; i < 9; i++) name += CS[Number((id >> BigInt(64 - 6 * (i + 1))) & 63n)];
  return `${name} (encoding version ${Number(id & 1023n)})`;
}

// ---- writing ---------------------------------------------------------------------------------

/** A growable output buffer with RDB primitives. */
export class RdbOut {
  buf: Buffer;
  pos = 0;
  /** LZF-compress strings longer than 20 bytes (rdbcompression) */
  compress: boolean;
  private scratch: Buffer = Buffer.allocUnsafe(0);

  constructor(size = 64 * 1024, compress = true) {
    this.buf = Buffer.allocUnsafe(size);
    this.compress = compress;
  }

  reset(): void {
    this.pos = 0;
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const nb = Buffer.allocUnsafe(cap);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  /** A copy of what was written (a fresh ArrayBuffer, safe to transfer). */
  take(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  raw(b: Uint8Array, start = 0, end = b.length): void {
    const n = end - start;
    this.ensure(n);
    this.buf.set(b.subarray(start, end), this.pos);
    this.pos += n;
  }

  u32le(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  /** A signed 64-bit little-endian integer given as a JS number (|v| < 2^53) or BigInt. */
  i64le(v: number | bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(typeof v === 'bigint' ? v : BigInt(v), this.pos);
    this.pos += 8;
  }

  /** An IEEE 754 binary64, little-endian (RDB_TYPE_ZSET_2 scores). */
  f64le(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  len(n: number): void {
    this.ensure(9);
    const b = this.buf;
    if (n < 64) b[this.pos++] = n;
    else if (n < 16384) {
      b[this.pos++] = 0x40 | (n >> 8);
      b[this.pos++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      b[this.pos++] = 0x80;
      b.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      b[this.pos++] = 0x81;
      b.writeBigUInt64BE(BigInt(n), this.pos);
      this.pos += 8;
    }
  }

  /** An integer in Redis's special int encodings; false if it does not fit in 32 bits. */
  encodedInt(v: number): boolean {
    this.ensure(5);
    const b = this.buf;
    if (v >= -128 && v <= 127) {
      b[this.pos++] = 0xc0 | ENC_INT8;
      b[this.pos++] = v & 0xff;
    } else if (v >= -32768 && v <= 32767) {
      b[this.pos++] = 0xc0 | ENC_INT16;
      b.writeInt16LE(v, this.pos);
      this.pos += 2;
    } else if (v >= -2147483648 && v <= 2147483647) {
      b[this.pos++] = 0xc0 | ENC_INT32;
      b.writeInt32LE(v, this.pos);
      this.pos += 4;
    } else return false;
    return true;
  }

  /** An integer string value (OBJ_ENCODING_INT): int-encoded when it fits 32 bits, else its digits. */
  intString(v: number): void {
    if (this.encodedInt(v)) return;
    const s = String(v);
    this.len(s.length);
    this.ensure(s.length);
    this.pos += this.buf.latin1Write(s, this.pos);
  }

  /** A latin1 JS string, encoded as rdbSaveRawString would. */
  str(s: string): void {
    const n = s.length;
    if (n <= 11 && n > 0) {
      const v = int32Of(s);
      if (v !== undefined) {
        this.encodedInt(v);
        return;
      }
    }
    if (this.compress && n > 20) {
      const src = this.strBytes(s);
      if (this.lzf(src, 0, n)) return;
      this.len(n);
      this.raw(src, 0, n);
      return;
    }
    this.len(n);
    this.ensure(n);
    this.pos += this.buf.latin1Write(s, this.pos);
  }

  /** Bytes as a string (rdbSaveRawString on a buffer: listpacks, intsets, RawString values). */
  strBuf(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (n <= 11 && n > 0) {
      const v = int32OfBytes(src, start, end);
      if (v !== undefined) {
        this.encodedInt(v);
        return;
      }
    }
    if (this.compress && n > 20 && this.lzf(src, start, end)) return;
    this.len(n);
    this.raw(src, start, end);
  }

  private strBytes(s: string): Buffer {
    if (this.scratch.length < s.length) this.scratch = Buffer.allocUnsafe(Math.max(s.length, 4096));
    this.scratch.latin1Write(s, 0);
    return this.scratch;
  }

  /** Writes src[start,end) LZF-compressed if it fits in len - 4 bytes; false (nothing written) otherwise. */
  private lzf(src: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (n <= 4) return false;
    const max = n - 4;
    this.ensure(1 + 9 + 9 + max);
    // compress straight into the output, after room for the header (at most 1 + 9 + 9 bytes)
    const headerRoom = 19;
    const dst = this.buf.subarray(this.pos + headerRoom, this.pos + headerRoom + max);
    const c = lzfCompress(src, start, end, dst, max);
    if (c === 0) return false;
    const at = this.pos;
    this.buf[this.pos++] = 0xc0 | ENC_LZF;
    this.len(c);
    this.len(n);
    this.buf.copyWithin(this.pos, at + headerRoom, at + headerRoom + c);
    this.pos += c;
    return true;
  }
}

/** The value of s if it is the canonical decimal form of a 32-bit integer. */
export function int32Of(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 11) return undefined;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 45) {
    if (n === 1) return undefined;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57) return undefined;
  if (first === 48 && n !== 1) return undefined; // leading zero or "-0"
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  if (c0 === 45) v = -v;
  return v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

function int32OfBytes(b: Uint8Array, start: number, end: number): number | undefined {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = b[i];
    if ((c < 48 || c > 57) && c !== 45) return undefined;
    s += String.fromCharCode(c);
  }
  return int32Of(s);
}

// ---- reading ---------------------------------------------------------------------------------

/** Reads RDB primitives from a complete in-memory buffer. */
export class RdbIn {
  buf: Buffer;
  pos: number;
  end: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  need(n: number): void {
    if (this.pos + n > this.end) throw new RdbShortRead('unexpected end of data (short read)');
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  u32le(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i64le(): number {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return Number(v);
  }

  f64le(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** A length; throws on a special string encoding. */
  len(): number {
    const r = this.lenOrEnc();
    if (r < 0) throw new RdbError('unexpected string encoding where a length was expected');
    return r;
  }

  /** A length (>= 0) or, for 11xxxxxx, -(1 + encoding). */
  lenOrEnc(): number {
    const b0 = this.u8();
    const t = b0 >> 6;
    if (t === 0) return b0 & 0x3f;
    if (t === 1) return ((b0 & 0x3f) << 8) | this.u8();
    if (t === 3) return -1 - (b0 & 0x3f);
    if (b0 === 0x80) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return v;
    }
    if (b0 === 0x81) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbError(`length ${v} is too large`);
      return Number(v);
    }
    throw new RdbError(`unknown length encoding 0x${b0.toString(16)}`);
  }

  /** A length that may use all 64 bits (module type ids), as [high 32 bits, low 32 bits]. */
  len64(): [number, number] {
    this.need(1);
    const b0 = this.buf[this.pos];
    if (b0 === 0x81) {
      this.pos++;
      this.need(8);
      const hi = this.buf.readUInt32BE(this.pos);
      const lo = this.buf.readUInt32BE(this.pos + 4);
      this.pos += 8;
      return [hi, lo];
    }
    return [0, this.len()];
  }

  /** A string's bytes (decompressed; an integer encoding yields its decimal digits). */
  strBuf(): Buffer {
    const l = this.lenOrEnc();
    if (l >= 0) {
      this.need(l);
      const b = this.buf.subarray(this.pos, this.pos + l);
      this.pos += l;
      return b;
    }
    const enc = -1 - l;
    if (enc === ENC_LZF) {
      const clen = this.len();
      const ulen = this.len();
      this.need(clen);
      const out = Buffer.allocUnsafe(ulen);
      try {
        lzfDecompress(this.buf, this.pos, this.pos + clen, out);
      } catch (e) {
        if (e instanceof LzfError) throw new RdbError(`invalid LZF compressed string: ${e.message}`);
        throw e;
      }
      this.pos += clen;
      return out;
    }
    return Buffer.from(String(this.encodedInt(enc)), 'latin1');
  }

  /** A string as a latin1 JS string. */
  str(): string {
    const l = this.lenOrEnc();
    if (l >= 0) {
      this.need(l);
      const s = this.buf.latin1Slice(this.pos, this.pos + l);
      this.pos += l;
      return s;
    }
    const enc = -1 - l;
    if (enc !== ENC_LZF) return String(this.encodedInt(enc));
    this.pos--; // re-read the encoding byte in strBuf
    return this.strBuf().latin1Slice();
  }

  /** Skips a string without decoding it. */
  skipStr(): void {
    const l = this.lenOrEnc();
    if (l >= 0) return this.skip(l);
    const enc = -1 - l;
    if (enc === ENC_LZF) {
      const clen = this.len();
      this.len();
      return this.skip(clen);
    }
    this.skip(enc === ENC_INT8 ? 1 : enc === ENC_INT16 ? 2 : enc === ENC_INT32 ? 4 : badEnc(enc));
  }

  private encodedInt(enc: number): number {
    if (enc === ENC_INT8) {
      this.need(1);
      return this.buf.readInt8(this.pos++);
    }
    if (enc === ENC_INT16) {
      this.need(2);
      const v = this.buf.readInt16LE(this.pos);
      this.pos += 2;
      return v;
    }
    if (enc === ENC_INT32) {
      this.need(4);
      const v = this.buf.readInt32LE(this.pos);
      this.pos += 4;
      return v;
    }
    return badEnc(enc);
  }

  /** RDB_TYPE_ZSET's string-encoded double: 253 nan, 254 +inf, 255 -inf, else length + text. */
  strDouble(): number {
    const l = this.u8();
    if (l === 253) return NaN;
    if (l === 254) return Infinity;
    if (l === 255) return -Infinity;
    this.need(l);
    const s = this.buf.latin1Slice(this.pos, this.pos + l);
    this.pos += l;
    const v = Number(s);
    if (Number.isNaN(v)) throw new RdbError(`invalid double value '${s}'`);
    return v;
  }

  skipStrDouble(): void {
    const l = this.u8();
    if (l < 253) this.skip(l);
  }
}

function badEnc(enc: number): never {
  throw new RdbError(`unknown string encoding ${enc}`);
}
