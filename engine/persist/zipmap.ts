/**
 * Zipmap codec (RDB_TYPE_HASH_ZIPMAP, written by Redis before 2.6 and still loadable): a small
 * string -> string map. Layout: count (1 byte, 254+ = "count it"), then entries: key length, key,
 * value length, one "free" byte, value, `free` unused bytes; then 0xFF. A length is one byte below
 * 254, or 254 followed by a u32 LE. We read it; the encoder builds test files. Pure; any thread.
 */

import { RdbError } from './rdb-format.ts';

function bad(what: string): never {
  throw new RdbError(`invalid zipmap: ${what}`);
}

/** Decodes a zipmap into [field, value, field, value ...]. */
export function decodeZipmap(buf: Uint8Array): string[] {
  const n = buf.length;
  if (n < 2) bad('too short');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const latin1 = (a: number, b: number): string => Buffer.from(buf.buffer, buf.byteOffset + a, b - a).latin1Slice();
  let p = 1;
  const out: string[] = [];
  const readLen = (): number => {
    if (p >= n) bad('length past the end');
    const c = buf[p++];
    if (c < 254) return c;
    if (c === 254) {
      if (p + 4 > n) bad('length past the end');
      const l = dv.getUint32(p, true);
      p += 4;
      return l;
    }
    bad('unexpected end marker');
  };
  for (;;) {
    if (p >= n) bad('missing terminator');
    if (buf[p] === 0xff) break;
    const kl = readLen();
    if (p + kl > n) bad('key past the end');
    const k = latin1(p, p + kl);
    p += kl;
    const vl = readLen();
    if (p >= n) bad('free byte past the end');
    const free = buf[p++];
    if (p + vl + free > n) bad('value past the end');
    out.push(k, latin1(p, p + vl));
    p += vl + free;
  }
  if (p !== n - 1) bad('data after the terminator');
  if (buf[0] < 254 && buf[0] !== out.length / 2) bad(`header count ${buf[0]}, found ${out.length / 2} entries`);
  return out;
}

/** Encodes [field, value ...] pairs as a zipmap (no free bytes). */
export function encodeZipmap(pairs: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from([Math.min(254, pairs.length / 2)])];
  const len = (l: number): Buffer => {
    if (l < 254) return Buffer.from([l]);
    const b = Buffer.alloc(5);
    b[0] = 254;
    b.writeUInt32LE(l, 1);
    return b;
  };
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    parts.push(len(pairs[i].length), Buffer.from(pairs[i], 'latin1'), len(pairs[i + 1].length), Buffer.from([0]), Buffer.from(pairs[i + 1], 'latin1'));
  }
  parts.push(Buffer.from([0xff]));
  return Buffer.concat(parts);
}
