/**
 * Intset codec (RDB_TYPE_SET_INTSET): a sorted array of distinct integers, all stored with the
 * smallest width that fits every member. Layout: encoding (u32 LE: 2, 4 or 8 bytes per member),
 * count (u32 LE), members (LE, ascending). Members are canonical decimal strings (a set member is
 * a string; the intset holds its integer value). Pure; any thread.
 */

import { RdbError } from './rdb-format.ts';

/** Encodes members (canonical int64 strings, any order, distinct) as an intset. */
export function encodeIntset(members: readonly string[]): Buffer {
  const vals = members.map((m) => BigInt(m));
  vals.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let width = 2;
  for (const v of vals) {
    if (v < -2147483648n || v > 2147483647n) {
      width = 8;
      break;
    }
    if (v < -32768n || v > 32767n) width = 4;
  }
  const b = Buffer.allocUnsafe(8 + width * vals.length);
  b.writeUInt32LE(width, 0);
  b.writeUInt32LE(vals.length, 4);
  let p = 8;
  for (const v of vals) {
    if (width === 2) b.writeInt16LE(Number(v), p);
    else if (width === 4) b.writeInt32LE(Number(v), p);
    else b.writeBigInt64LE(v, p);
    p += width;
  }
  return b;
}

/** Decodes an intset into its members (decimal strings, ascending), validating it. */
export function decodeIntset(buf: Uint8Array): string[] {
  if (buf.length < 8) throw new RdbError('invalid intset: shorter than its header');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const width = dv.getUint32(0, true);
  const count = dv.getUint32(4, true);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbError(`invalid intset: encoding ${width}`);
  if (8 + width * count !== buf.length) throw new RdbError(`invalid intset: ${count} members of ${width} bytes in ${buf.length} bytes`);
  const out: string[] = new Array(count);
  let prev: bigint | null = null;
  for (let i = 0; i < count; i++) {
    const p = 8 + i * width;
    const v = width === 2 ? BigInt(dv.getInt16(p, true)) : width === 4 ? BigInt(dv.getInt32(p, true)) : dv.getBigInt64(p, true);
    if (prev !== null && v <= prev) throw new RdbError('invalid intset: members not strictly ascending');
    prev = v;
    out[i] = String(v);
  }
  return out;
}
