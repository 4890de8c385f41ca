/**
 * Listpack codec: the compact list encoding Redis 7.0 uses inside RDB files for small hashes and
 * sorted sets (RDB_TYPE_HASH_LISTPACK, RDB_TYPE_ZSET_LISTPACK) and for quicklist nodes
 * (RDB_TYPE_LIST_QUICKLIST_2).
 *
 * Layout: total bytes (u32 LE), element count (u16 LE, 65535 = "count it"), the entries, 0xFF.
 * Entry: encoding + data, then its "backlen" (the size of encoding + data in 1..5 bytes, 7 bits
 * per byte, readable from the right). Encodings: 0xxxxxxx uint7; 10xxxxxx str len < 64;
 * 110xxxxx + 1 byte int13; 1110xxxx + 1 byte str len < 4096; 0xF0 + u32 LE str len;
 * 0xF1/0xF2/0xF3/0xF4 int16/int24/int32/int64 LE.
 *
 * An element that is the canonical decimal form of a 64-bit integer (string2ll rules: no sign
 * '+', no leading zeros, no "-0") is stored as the smallest integer encoding, as Redis does.
 * Strings are latin1 JS strings. Pure; any thread.
 */

import { RdbError } from './rdb-format.ts';

const EOF = 0xff;
const HEADER = 6;

/** The value of s if Redis would store it as a listpack integer (string2ll-canonical int64). */
export function listpackInt(s: string): number | bigint | undefined {
  const n = s.length;
  if (n === 0 || n > 20) return undefined;
  let i = 0;
  const neg = s.charCodeAt(0) === 45;
  if (neg) {
    if (n === 1) return undefined;
    i = 1;
  }
  const c0 = s.charCodeAt(i);
  if (c0 === 48) return n === 1 ? 0 : undefined;
  if (c0 < 49 || c0 > 57) return undefined;
  for (let k = i + 1; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
  }
  if (n - i <= 15) return Number(s);
  const b = BigInt(s);
  if (b > 9223372036854775807n || b < -9223372036854775808n) return undefined;
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function backlenSize(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

/** Bytes an element takes in a listpack (encoding + data + backlen). */
export function entrySize(s: string): number {
  const v = listpackInt(s);
  let l: number;
  if (v !== undefined) l = intEncSize(v);
  else {
    const n = s.length;
    l = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  }
  return l + backlenSize(l);
}

function intEncSize(v: number | bigint): number {
  if (typeof v === 'bigint') return 9;
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** Builds one listpack. */
export class ListpackBuilder {
  private buf: Buffer;
  private pos = HEADER;
  count = 0;

  constructor(size = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 16));
  }

  /** Size in bytes of the listpack if finished now. */
  get bytes(): number {
    return this.pos + 1;
  }

  private ensure(n: number): void {
    if (this.pos + n + 1 <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n + 1) cap *= 2;
    const nb = Buffer.allocUnsafe(cap);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  private backlen(l: number): void {
    const b = this.buf;
    if (l <= 127) b[this.pos++] = l;
    else if (l < 16383) {
      b[this.pos++] = l >>> 7;
      b[this.pos++] = (l & 127) | 128;
    } else if (l < 2097151) {
      b[this.pos++] = l >>> 14;
      b[this.pos++] = ((l >>> 7) & 127) | 128;
      b[this.pos++] = (l & 127) | 128;
    } else if (l < 268435455) {
      b[this.pos++] = l >>> 21;
      b[this.pos++] = ((l >>> 14) & 127) | 128;
      b[this.pos++] = ((l >>> 7) & 127) | 128;
      b[this.pos++] = (l & 127) | 128;
    } else {
      b[this.pos++] = Math.floor(l / 268435456);
      b[this.pos++] = ((l >>> 21) & 127) | 128;
      b[this.pos++] = ((l >>> 14) & 127) | 128;
      b[this.pos++] = ((l >>> 7) & 127) | 128;
      b[this.pos++] = (l & 127) | 128;
    }
  }

  /** Appends an element (a latin1 string; integer-looking strings get integer encodings). */
  add(s: string): void {
    const v = listpackInt(s);
    if (v !== undefined) {
      this.addInt(v);
      return;
    }
    const n = s.length;
    this.ensure(n + 10);
    const b = this.buf;
    const start = this.pos;
    if (n < 64) b[this.pos++] = 0x80 | n;
    else if (n < 4096) {
      b[this.pos++] = 0xe0 | (n >>> 8);
      b[this.pos++] = n & 0xff;
    } else {
      b[this.pos++] = 0xf0;
      b.writeUInt32LE(n, this.pos);
      this.pos += 4;
    }
    this.pos += b.latin1Write(s, this.pos);
    this.backlen(this.pos - start);
    this.count++;
  }

  addInt(v: number | bigint): void {
    this.ensure(14);
    const b = this.buf;
    const start = this.pos;
    if (typeof v === 'bigint') {
      b[this.pos++] = 0xf4;
      b.writeBigInt64LE(v, this.pos);
      this.pos += 8;
    } else if (v >= 0 && v <= 127) b[this.pos++] = v;
    else if (v >= -4096 && v <= 4095) {
      const u = v < 0 ? 8192 + v : v;
      b[this.pos++] = 0xc0 | (u >>> 8);
      b[this.pos++] = u & 0xff;
    } else if (v >= -32768 && v <= 32767) {
      b[this.pos++] = 0xf1;
      b.writeInt16LE(v, this.pos);
      this.pos += 2;
    } else if (v >= -8388608 && v <= 8388607) {
      b[this.pos++] = 0xf2;
      b.writeIntLE(v, this.pos, 3);
      this.pos += 3;
    } else if (v >= -2147483648 && v <= 2147483647) {
      b[this.pos++] = 0xf3;
      b.writeInt32LE(v, this.pos);
      this.pos += 4;
    } else {
      b[this.pos++] = 0xf4;
      b.writeBigInt64LE(BigInt(v), this.pos);
      this.pos += 8;
    }
    this.backlen(this.pos - start);
    this.count++;
  }

  /** The finished listpack (a view into the builder's buffer until the next reset). */
  finish(): Buffer {
    const b = this.buf;
    b[this.pos] = EOF;
    const total = this.pos + 1;
    b.writeUInt32LE(total, 0);
    b.writeUInt16LE(this.count < 65535 ? this.count : 65535, 4);
    return b.subarray(0, total);
  }

  reset(): void {
    this.pos = HEADER;
    this.count = 0;
  }
}

/** A listpack of the given elements (a fresh buffer). */
export function encodeListpack(items: Iterable<string>): Buffer {
  const b = new ListpackBuilder();
  for (const s of items) b.add(s);
  return Buffer.from(b.finish());
}

function bad(what: string): never {
  throw new RdbError(`invalid listpack: ${what}`);
}

/**
 * Decodes a listpack into its elements (integers as their decimal strings), validating the
 * structure: header total, every entry inside the buffer, every backlen consistent, the
 * terminator, and the count when the header states it.
 */
export function decodeListpack(buf: Uint8Array): string[] {
  const n = buf.length;
  if (n < HEADER + 1) bad('shorter than its header');
  const total = (buf[0] | (buf[1] << 8) | (buf[2] << 16) | (buf[3] << 24)) >>> 0;
  if (total !== n) bad(`header says ${total} bytes, blob has ${n}`);
  const count = buf[4] | (buf[5] << 8);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: string[] = [];
  let p = HEADER;
  const latin1 = (a: number, b: number): string => Buffer.from(buf.buffer, buf.byteOffset + a, b - a).latin1Slice();
  for (;;) {
    if (p >= n) bad('missing terminator');
    const c = buf[p];
    if (c === EOF) break;
    const start = p;
    if ((c & 0x80) === 0) {
      out.push(String(c));
      p += 1;
    } else if ((c & 0xc0) === 0x80) {
      const l = c & 0x3f;
      if (p + 1 + l > n) bad('string past the end');
      out.push(latin1(p + 1, p + 1 + l));
      p += 1 + l;
    } else if ((c & 0xe0) === 0xc0) {
      if (p + 2 > n) bad('int past the end');
      let u = ((c & 0x1f) << 8) | buf[p + 1];
      if (u >= 4096) u -= 8192;
      out.push(String(u));
      p += 2;
    } else if ((c & 0xf0) === 0xe0) {
      if (p + 2 > n) bad('string past the end');
      const l = ((c & 0x0f) << 8) | buf[p + 1];
      if (p + 2 + l > n) bad('string past the end');
      out.push(latin1(p + 2, p + 2 + l));
      p += 2 + l;
    } else if (c === 0xf0) {
      if (p + 5 > n) bad('string past the end');
      const l = dv.getUint32(p + 1, true);
      if (p + 5 + l > n) bad('string past the end');
      out.push(latin1(p + 5, p + 5 + l));
      p += 5 + l;
    } else if (c === 0xf1) {
      if (p + 3 > n) bad('int past the end');
      out.push(String(dv.getInt16(p + 1, true)));
      p += 3;
    } else if (c === 0xf2) {
      if (p + 4 > n) bad('int past the end');
      let v = buf[p + 1] | (buf[p + 2] << 8) | (buf[p + 3] << 16);
      if (v >= 0x800000) v -= 0x1000000;
      out.push(String(v));
      p += 4;
    } else if (c === 0xf3) {
      if (p + 5 > n) bad('int past the end');
      out.push(String(dv.getInt32(p + 1, true)));
      p += 5;
    } else if (c === 0xf4) {
      if (p + 9 > n) bad('int past the end');
      out.push(String(dv.getBigInt64(p + 1, true)));
      p += 9;
    } else bad(`unknown entry encoding 0x${c.toString(16)}`);
    // the backlen: the entry's size, 7 bits per byte, most significant first
    const l = p - start;
    const bl = backlenSize(l);
    if (p + bl > n) bad('backlen past the end');
    let v = 0;
    for (let k = 0; k < bl; k++) v = v * 128 + (buf[p + k] & 127);
    if (v !== l) bad(`backlen ${v} does not match entry size ${l}`);
    p += bl;
  }
  if (p !== n - 1) bad('data after the terminator');
  if (count !== 65535 && count !== out.length) bad(`header count ${count}, found ${out.length} entries`);
  return out;
}
