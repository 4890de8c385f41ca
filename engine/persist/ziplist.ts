/**
 * Ziplist codec: the list encoding of RDB versions before 10 (RDB_TYPE_LIST_ZIPLIST,
 * RDB_TYPE_ZSET_ZIPLIST, RDB_TYPE_HASH_ZIPLIST and the nodes of RDB_TYPE_LIST_QUICKLIST). We read
 * it; the encoder exists to build test files the way Redis 6 wrote them.
 *
 * Layout: total bytes (u32 LE), offset of the last entry (u32 LE), count (u16 LE, 65535 = "count
 * it"), entries, 0xFF. Entry: previous entry's length (1 byte, or 0xFE + u32 LE), encoding, data.
 * Encodings: 00xxxxxx str len < 64; 01xxxxxx + 1 byte (14-bit BE) str len; 0x80 + u32 BE str len;
 * 0xC0 int16, 0xD0 int32, 0xE0 int64, 0xF0 int24, 0xFE int8 (all LE); 0xF1..0xFD the values 0..12.
 * Pure; any thread.
 */

import { RdbError } from './rdb-format.ts';
import { listpackInt } from './listpack.ts';

function bad(what: string): never {
  throw new RdbError(`invalid ziplist: ${what}`);
}

/** Decodes a ziplist into its elements (integers as decimal strings), validating its structure. */
export function decodeZiplist(buf: Uint8Array): string[] {
  const n = buf.length;
  if (n < 11) bad('shorter than its header');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const total = dv.getUint32(0, true);
  if (total !== n) bad(`header says ${total} bytes, blob has ${n}`);
  const tail = dv.getUint32(4, true);
  const count = dv.getUint16(8, true);
  const out: string[] = [];
  const latin1 = (a: number, b: number): string => Buffer.from(buf.buffer, buf.byteOffset + a, b - a).latin1Slice();
  let p = 10;
  let prevLen = 0;
  let last = 10;
  for (;;) {
    if (p >= n) bad('missing terminator');
    if (buf[p] === 0xff) break;
    const start = p;
    last = p;
    let pl = buf[p++];
    if (pl === 0xfe) {
      if (p + 4 > n) bad('prevlen past the end');
      pl = dv.getUint32(p, true);
      p += 4;
    } else if (pl === 0xff) bad('bad prevlen');
    if (pl !== prevLen) bad(`prevlen ${pl} does not match the previous entry (${prevLen})`);
    if (p >= n) bad('entry past the end');
    const c = buf[p++];
    const t = c >> 6;
    if (t === 0 || t === 1 || c === 0x80) {
      let l: number;
      if (t === 0) l = c & 0x3f;
      else if (t === 1) {
        if (p >= n) bad('length past the end');
        l = ((c & 0x3f) << 8) | buf[p++];
      } else {
        if (p + 4 > n) bad('length past the end');
        l = dv.getUint32(p, false);
        p += 4;
      }
      if (p + l > n) bad('string past the end');
      out.push(latin1(p, p + l));
      p += l;
    } else if (c === 0xc0) {
      if (p + 2 > n) bad('int past the end');
      out.push(String(dv.getInt16(p, true)));
      p += 2;
    } else if (c === 0xd0) {
      if (p + 4 > n) bad('int past the end');
      out.push(String(dv.getInt32(p, true)));
      p += 4;
    } else if (c === 0xe0) {
      if (p + 8 > n) bad('int past the end');
      out.push(String(dv.getBigInt64(p, true)));
      p += 8;
    } else if (c === 0xf0) {
      if (p + 3 > n) bad('int past the end');
      let v = buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16);
      if (v >= 0x800000) v -= 0x1000000;
      out.push(String(v));
      p += 3;
    } else if (c === 0xfe) {
      if (p + 1 > n) bad('int past the end');
      out.push(String(dv.getInt8(p)));
      p += 1;
    } else if (c >= 0xf1 && c <= 0xfd) {
      out.push(String((c & 0x0f) - 1));
    } else bad(`unknown entry encoding 0x${c.toString(16)}`);
    prevLen = p - start;
  }
  if (p !== n - 1) bad('data after the terminator');
  if (out.length > 0 && tail !== last) bad(`tail offset ${tail}, last entry at ${last}`);
  if (count !== 65535 && count !== out.length) bad(`header count ${count}, found ${out.length} entries`);
  return out;
}

/** Encodes elements as a ziplist the way Redis 6 did (integer-looking strings as integers). */
export function encodeZiplist(items: Iterable<string>): Buffer {
  const parts: Buffer[] = [];
  let prev = 0;
  let tail = 10;
  let off = 10;
  let count = 0;
  for (const s of items) {
    const body: number[] = [];
    const v = s.length <= 32 ? listpackInt(s) : undefined;
    if (v !== undefined) {
      const big = BigInt(v);
      if (big >= 0n && big <= 12n) body.push(0xf1 + Number(big));
      else if (big >= -128n && big <= 127n) body.push(0xfe, Number(big) & 0xff);
      else if (big >= -32768n && big <= 32767n) {
        const b = Buffer.alloc(2);
        b.writeInt16LE(Number(big));
        body.push(0xc0, ...b);
      } else if (big >= -8388608n && big <= 8388607n) {
        const b = Buffer.alloc(3);
        b.writeIntLE(Number(big), 0, 3);
        body.push(0xf0, ...b);
      } else if (big >= -2147483648n && big <= 2147483647n) {
        const b = Buffer.alloc(4);
        b.writeInt32LE(Number(big));
        body.push(0xd0, ...b);
      } else {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(big);
        body.push(0xe0, ...b);
      }
    } else {
      const l = s.length;
      if (l < 64) body.push(l);
      else if (l < 16384) body.push(0x40 | (l >> 8), l & 0xff);
      else {
        const b = Buffer.alloc(4);
        b.writeUInt32BE(l);
        body.push(0x80, ...b);
      }
    }
    const head: number[] = [];
    if (prev < 254) head.push(prev);
    else {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(prev);
      head.push(0xfe, ...b);
    }
    const data = v !== undefined ? Buffer.alloc(0) : Buffer.from(s, 'latin1');
    const entry = Buffer.concat([Buffer.from(head), Buffer.from(body), data]);
    parts.push(entry);
    tail = off;
    off += entry.length;
    prev = entry.length;
    count++;
  }
  const header = Buffer.alloc(10);
  const total = off + 1;
  header.writeUInt32LE(total, 0);
  header.writeUInt32LE(count === 0 ? 10 : tail, 4);
  header.writeUInt16LE(count < 65535 ? count : 65535, 8);
  return Buffer.concat([header, ...parts, Buffer.from([0xff])]);
}
